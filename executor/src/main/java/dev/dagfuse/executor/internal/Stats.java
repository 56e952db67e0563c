package dev.dagfuse.executor.internal;

import java.util.Arrays;

/** Percentiles of measured samples. */
public final class Stats {

    private Stats() {
    }

    /**
     * The {@code p}-th percentile (0..100) by linear interpolation between the closest ranks (the "R-7" / Excel
     * PERCENTILE definition): for n samples sorted ascending, position h = (n − 1) · p / 100.
     */
    public static double percentile(double[] values, double p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return percentileSorted(sorted, p);
    }

    public static double percentileSorted(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * p / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double mean(double[] values) {
        return values.length == 0 ? Double.NaN : Arrays.stream(values).sum() / values.length;
    }

    public static double median(double[] values) {
        return percentile(values, 50);
    }
}
