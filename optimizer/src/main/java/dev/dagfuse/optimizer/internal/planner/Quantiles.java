package dev.dagfuse.optimizer.internal.planner;

import java.util.Arrays;

/**
 * The percentile definition the planners search with: nearest rank (the value at rank ceil(p/100 · n) of the
 * sorted draws). Counting tests ({@link #atMost}, {@link #below}) are exact for this definition and need no sort.
 */
final class Quantiles {

    private Quantiles() {
    }

    /** The 1-based rank of the {@code percentile} among {@code n} sorted values. */
    static int rank(double percentile, int n) {
        return Math.max(1, Math.min(n, (int) Math.ceil(percentile / 100.0 * n - 1e-9)));
    }

    static double percentile(double[] values, double percentile) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[rank(percentile, sorted.length) - 1];
    }

    /** Whether the percentile of {@code values} is ≤ {@code limit}. */
    static boolean atMost(double[] values, double limit, double percentile) {
        int count = 0;
        for (double v : values) {
            if (v <= limit) {
                count++;
            }
        }
        return count >= rank(percentile, values.length);
    }

    /** Whether the percentile of {@code values} is &lt; {@code limit}. */
    static boolean below(double[] values, double limit, double percentile) {
        int count = 0;
        for (double v : values) {
            if (v < limit) {
                count++;
            }
        }
        return count >= rank(percentile, values.length);
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
