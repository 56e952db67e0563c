// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.stats;

import java.util.Arrays;
import java.util.Collection;

/**
 * The one quantile of dagfuse: Hyndman–Fan type 7 (R's and NumPy's default), linear between the order statistics
 * j and j + 1 at h = (n − 1)·q. The model's percentiles, the scaling model's quantile functions, the profiler's and
 * the executor's statistics all use it, so that a measured P95 and a modelled one mean the same thing.
 *
 * <p>The {@code ofSorted} forms read a sorted array in place (the Monte Carlo model's hot paths); the others sort a
 * copy. {@code q} is a fraction in [0, 1] (clamped), a percentile 0..100 is {@code p / 100}. No values: NaN.
 */
public final class Quantiles {

    private Quantiles() {
    }

    /** The q-quantile of {@code sorted} (ascending), without copying it. */
    public static double ofSorted(double[] sorted, double q) {
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * q;
        if (!(h > 0)) {
            return sorted[0];
        }
        if (h >= n - 1) {
            return sorted[n - 1];
        }
        int j = (int) h;
        return sorted[j] + (h - j) * (sorted[j + 1] - sorted[j]);
    }

    /** The q-quantile of {@code values} in any order (sorts a copy). */
    public static double of(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return ofSorted(sorted, q);
    }

    /** The q-quantile of {@code values} in any order. */
    public static double of(Collection<? extends Number> values, double q) {
        double[] sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        return ofSorted(sorted, q);
    }

    /** The {@code p}-th percentile (0..100) of {@code sorted} (ascending), without copying it. */
    public static double percentileOfSorted(double[] sorted, double p) {
        return ofSorted(sorted, p / 100.0);
    }

    /** The {@code p}-th percentile (0..100) of {@code values} in any order (sorts a copy). */
    public static double percentile(double[] values, double p) {
        return of(values, p / 100.0);
    }

    /** The median of {@code values} in any order. */
    public static double median(Collection<? extends Number> values) {
        return of(values, 0.5);
    }

    /** Whether the q-quantile of {@code values} (any order, at least one) is ≤ {@code limit}; O(n), no sort. */
    public static boolean atMost(double[] values, double limit, double q) {
        return compare(values, limit, q, false);
    }

    /** Whether the q-quantile of {@code values} (any order, at least one) is &lt; {@code limit}; O(n), no sort. */
    public static boolean below(double[] values, double limit, double q) {
        return compare(values, limit, q, true);
    }

    // The planners test a candidate against a target millions of times: counting the values on each side of the
    // limit gives the answer of the sorted definition without sorting.
    private static boolean compare(double[] values, double limit, double q, boolean strict) {
        int n = values.length;
        double h = (n - 1) * q;
        int j = (int) Math.floor(h);
        double fraction = h - j;
        if (j >= n - 1) {
            j = n - 1;
            fraction = 0;
        } else if (j < 0) {
            j = 0;
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
        // x_j is the largest value in, x_{j+1} the smallest out: interpolate as ofSorted does.
        double p = largestIn + fraction * (smallestOut - largestIn);
        return strict ? p < limit : p <= limit;
    }
}
