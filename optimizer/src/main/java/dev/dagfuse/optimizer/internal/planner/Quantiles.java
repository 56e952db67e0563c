package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.optimizer.internal.model.Percentiles;

/**
 * The model's percentile (type 7: linear between the order statistics j and j + 1 at h = (n − 1)·p/100), and
 * comparisons with a limit that need no sort: O(n) each, exact for that definition.
 */
final class Quantiles {

    private Quantiles() {
    }

    static double percentile(double[] values, double percentile) {
        return Percentiles.of(values, percentile);
    }

    /** Whether the percentile of {@code values} is ≤ {@code limit}. */
    static boolean atMost(double[] values, double limit, double percentile) {
        return compare(values, limit, percentile, false);
    }

    /** Whether the percentile of {@code values} is &lt; {@code limit}. */
    static boolean below(double[] values, double limit, double percentile) {
        return compare(values, limit, percentile, true);
    }

    private static boolean compare(double[] values, double limit, double percentile, boolean strict) {
        int n = values.length;
        double h = (n - 1) * (percentile / 100.0);
        int j = (int) Math.floor(h);
        double fraction = h - j;
        if (j >= n - 1) {
            j = n - 1;
            fraction = 0;
        }
        // "in" = on the allowed side of the limit; the order statistics 0..j (and j+1 if weighted) must be in.
        int in = 0;
        double largestIn = Double.NEGATIVE_INFINITY;
        double smallestOut = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (strict ? v < limit : v <= limit) {
                in++;
                largestIn = Math.max(largestIn, v);
            } else {
                smallestOut = Math.min(smallestOut, v);
            }
        }
        if (in < j + 1) {
            return false;
        }
        if (fraction == 0 || in >= j + 2) {
            return true;
        }
        // x_j is the largest value in, x_{j+1} the smallest out: interpolate as the model does.
        double p = largestIn + fraction * (smallestOut - largestIn);
        return strict ? p < limit : p <= limit;
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
