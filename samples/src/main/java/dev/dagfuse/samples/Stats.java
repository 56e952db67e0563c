// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Small statistics shared by the samples' merge steps. */
public final class Stats {

    private Stats() {
    }

    /** The fraction of {@code true} values. */
    public static double mean(boolean[] hits) {
        int n = 0;
        for (boolean hit : hits) {
            n += hit ? 1 : 0;
        }
        return hits.length == 0 ? Double.NaN : (double) n / hits.length;
    }

    /**
     * A 95% percentile-bootstrap confidence interval of an accuracy, resampling whole clusters.
     *
     * <p>Resampling clusters rather than single items keeps the interval honest when items of one cluster
     * are correlated (frames of one shot, say); give every item its own cluster for the plain bootstrap.
     *
     * @param hits whether each item was classified correctly
     * @param cluster each item's cluster id, in {@code [0, clusters)}
     * @param clusters how many clusters there are
     * @return {@code {low, high}}
     */
    public static double[] bootstrapAccuracy(boolean[] hits, int[] cluster, int clusters, int resamples, long seed) {
        if (hits.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int[] size = new int[clusters];
        int[] correct = new int[clusters];
        for (int i = 0; i < hits.length; i++) {
            size[cluster[i]]++;
            correct[cluster[i]] += hits[i] ? 1 : 0;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] estimates = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            long n = 0;
            long k = 0;
            for (int draw = 0; draw < clusters; draw++) {
                int c = random.nextInt(clusters);
                n += size[c];
                k += correct[c];
            }
            estimates[r] = n == 0 ? 0 : (double) k / n;
        }
        Arrays.sort(estimates);
        return new double[] {estimates[(int) Math.floor(0.025 * (resamples - 1))], estimates[(int) Math.ceil(0.975 * (resamples - 1))]};
    }

    /** The plain bootstrap: every item is its own cluster. */
    public static double[] bootstrapAccuracy(boolean[] hits, int resamples, long seed) {
        int[] self = new int[hits.length];
        Arrays.setAll(self, i -> i);
        return bootstrapAccuracy(hits, self, hits.length, resamples, seed);
    }

    /** The index of the largest value (the first one on ties). */
    public static int argmax(double[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
