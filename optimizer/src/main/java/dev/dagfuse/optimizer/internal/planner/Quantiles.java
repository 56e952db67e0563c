// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

/**
 * The model's percentile ({@link dev.dagfuse.model.stats.Quantiles}, type 7) as the planners use it: a percentile
 * 0..100 of unsorted draws, and comparisons with a limit that need no sort.
 */
final class Quantiles {

    private Quantiles() {
    }

    static double percentile(double[] values, double percentile) {
        return dev.dagfuse.model.stats.Quantiles.percentile(values, percentile);
    }

    /** Whether the percentile of {@code values} is ≤ {@code limit}. */
    static boolean atMost(double[] values, double limit, double percentile) {
        return dev.dagfuse.model.stats.Quantiles.atMost(values, limit, percentile / 100.0);
    }

    /** Whether the percentile of {@code values} is &lt; {@code limit}. */
    static boolean below(double[] values, double limit, double percentile) {
        return dev.dagfuse.model.stats.Quantiles.below(values, limit, percentile / 100.0);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
