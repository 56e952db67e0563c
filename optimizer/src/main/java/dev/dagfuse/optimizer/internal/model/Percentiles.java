package dev.dagfuse.optimizer.internal.model;

import java.util.Arrays;

/** Percentiles of Monte Carlo draws: linear between order statistics (type 7, as the scaling model's quantiles). */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code percentile} (0..100) of {@code draws}; sorts a copy. */
    public static double of(double[] draws, double percentile) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, percentile);
    }

    public static double ofSorted(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("No draws.");
        }
        double h = (sorted.length - 1) * (percentile / 100.0);
        int j = (int) Math.floor(h);
        if (j >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        if (j < 0) {
            return sorted[0];
        }
        return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
    }
}
