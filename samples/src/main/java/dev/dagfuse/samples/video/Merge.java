// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.samples.Stats;
import java.util.List;

/**
 * Joins the branches' labels in frame order, lets every detected shot take its majority class (a shot
 * shows one object), and reports per-class counts and accuracies with bootstrap intervals.
 */
public class Merge implements Handler {

    static final int RESAMPLES = 20_000;

    @Override
    public Object handle(Invocation invocation) {
        List<Object> parts = invocation.inputs("classify");
        int classes = Frames.CLASSES.length;
        int frames = 0;
        int shots = 0;
        for (int b = 0; b < parts.size(); b++) {
            FrameLabels part = (FrameLabels) parts.get(b);
            // Frames must arrive in order: branch b's output sits at index b and starts where b-1 ended.
            if (part.branch() != b || (part.firstFrame() != frames && part.predicted().length > 0)) {
                throw new IllegalStateException("The classify outputs are out of order: index " + b + " holds branch "
                        + part.branch() + " starting at frame " + part.firstFrame() + ", expected frame " + frames + ".");
            }
            frames += part.predicted().length;
            for (int s : part.shot()) {
                shots = Math.max(shots, s + 1);
            }
        }
        int[] predicted = new int[frames];
        int[] truth = new int[frames];
        int[] shot = new int[frames];
        double[] shotScores = new double[shots * classes];
        int at = 0;
        for (Object o : parts) {
            FrameLabels part = (FrameLabels) o;
            for (int i = 0; i < part.predicted().length; i++, at++) {
                predicted[at] = part.predicted()[i];
                truth[at] = part.truth()[i];
                shot[at] = part.shot()[i];
                for (int c = 0; c < classes; c++) {
                    shotScores[shot[at] * classes + c] += part.scores()[i * classes + c];
                }
            }
        }
        int[] predictedCounts = new int[classes];
        int[] trueCounts = new int[classes];
        int[][] confusion = new int[classes][classes];
        boolean[] frameHit = new boolean[frames];
        boolean[] shotHit = new boolean[frames];
        for (int i = 0; i < frames; i++) {
            int smoothed = Stats.argmax(shotScores, shot[i] * classes, classes);
            predictedCounts[smoothed]++;
            trueCounts[truth[i]]++;
            confusion[truth[i]][smoothed]++;
            frameHit[i] = predicted[i] == truth[i];
            shotHit[i] = smoothed == truth[i];
        }
        // Per frame, the classifier's own accuracy (frames resampled independently); after smoothing, whole
        // shots are resampled since a shot's frames share one label.
        double[] frameCi = Stats.bootstrapAccuracy(frameHit, RESAMPLES, 42);
        double[] shotCi = Stats.bootstrapAccuracy(shotHit, shot, Math.max(1, shots), RESAMPLES, 43);
        return new VideoReport(frames, shots, Frames.CLASSES.clone(), predictedCounts, trueCounts, confusion,
                Stats.mean(frameHit), frameCi[0], frameCi[1], Stats.mean(shotHit), shotCi[0], shotCi[1]);
    }
}
