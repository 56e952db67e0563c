// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The output of merge.
 *
 * @param frames how many frames were classified
 * @param shots how many shots split detected
 * @param classes the class names
 * @param predictedCounts per class, how many frames were labelled with it (after per-shot smoothing)
 * @param trueCounts per class, how many frames truly show it
 * @param confusion {@code confusion[truth][predicted]} frame counts, after smoothing
 * @param frameAccuracy the per-frame accuracy before smoothing
 * @param frameCiLow the lower end of its 95% bootstrap interval (frames resampled)
 * @param frameCiHigh its upper end
 * @param shotAccuracy the per-frame accuracy after each shot takes its majority class
 * @param shotCiLow the lower end of its 95% bootstrap interval (shots resampled)
 * @param shotCiHigh its upper end
 */
public record VideoReport(int frames, int shots, String[] classes, int[] predictedCounts, int[] trueCounts, int[][] confusion,
        double frameAccuracy, double frameCiLow, double frameCiHigh, double shotAccuracy, double shotCiLow, double shotCiHigh)
        implements Serializable {

    /** A one-line human-readable summary. */
    public String summary() {
        return String.format("%d frames, %d shots, %s predicted %s (true %s), accuracy per frame %.3f [%.3f, %.3f],"
                + " after per-shot smoothing %.3f [%.3f, %.3f]", frames, shots, Arrays.toString(classes),
                Arrays.toString(predictedCounts), Arrays.toString(trueCounts), frameAccuracy, frameCiLow, frameCiHigh,
                shotAccuracy, shotCiLow, shotCiHigh);
    }
}
