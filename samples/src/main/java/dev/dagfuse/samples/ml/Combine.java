// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.samples.Stats;
import java.util.Arrays;
import java.util.List;

/**
 * Ensembles the partition models two ways (soft voting, and averaging their weights) and evaluates both,
 * and every member, on the reassembled held-out set.
 */
public class Combine implements Handler {

    static final int RESAMPLES = 4_000;

    @Override
    public Object handle(Invocation invocation) {
        List<Object> parts = invocation.inputs("train");
        TrainedModel first = (TrainedModel) parts.get(0);
        int classes = first.classes();
        int k = first.features();
        int members = parts.size();
        int rows = 0;
        for (int b = 0; b < members; b++) {
            TrainedModel model = (TrainedModel) parts.get(b);
            if (model.branch() != b) {
                throw new IllegalStateException("The train outputs are out of order: index " + b + " holds branch " + model.branch() + ".");
            }
            rows += model.heldOutY().length;
        }
        float[] x = new float[rows * k];
        int[] y = new int[rows];
        double[] averaged = new double[first.weights().length];
        int at = 0;
        for (Object o : parts) {
            TrainedModel model = (TrainedModel) o;
            System.arraycopy(model.heldOutX(), 0, x, at * k, model.heldOutX().length);
            System.arraycopy(model.heldOutY(), 0, y, at, model.heldOutY().length);
            at += model.heldOutY().length;
            for (int w = 0; w < averaged.length; w++) {
                averaged[w] += model.weights()[w] / members;
            }
        }

        double[] memberAccuracy = new double[members];
        boolean[] votingHit = new boolean[rows];
        int averagedCorrect = 0;
        int[][] confusion = new int[classes][classes];
        double[] p = new double[classes];
        double[] vote = new double[classes];
        for (int i = 0; i < rows; i++) {
            Arrays.fill(vote, 0);
            for (int m = 0; m < members; m++) {
                Softmax.probabilities(((TrainedModel) parts.get(m)).weights(), k, classes, x, i, p);
                memberAccuracy[m] += Train.argmax(p) == y[i] ? 1 : 0;
                for (int c = 0; c < classes; c++) {
                    vote[c] += p[c];
                }
            }
            int predicted = Train.argmax(vote);
            votingHit[i] = predicted == y[i];
            confusion[y[i]][predicted]++;
            Softmax.probabilities(averaged, k, classes, x, i, p);
            averagedCorrect += Train.argmax(p) == y[i] ? 1 : 0;
        }
        for (int m = 0; m < members; m++) {
            memberAccuracy[m] /= rows;
        }
        double[] ci = Stats.bootstrapAccuracy(votingHit, RESAMPLES, 42);
        return new MlReport(members, rows, memberAccuracy, Stats.mean(votingHit), (double) averagedCorrect / rows, ci[0], ci[1],
                confusion);
    }
}
