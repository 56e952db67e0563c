package dev.dagfuse.profiler.internal;

import java.util.Arrays;
import java.util.Collection;

/** Quantiles of samples (linear interpolation between order statistics, R type 7, as numpy's default). */
public final class Stats {

    private Stats() {
    }

    public static double quantile(Collection<Double> samples, double q) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return quantileSorted(sorted, q);
    }

    public static double quantileSorted(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double median(Collection<Double> samples) {
        return quantile(samples, 0.5);
    }

    public static double mean(Collection<Double> samples) {
        return samples.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Rounds to 3 decimals (microseconds): the profile file need not hold nanosecond noise. */
    public static double round3(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }

    public static double[] sorted(Collection<Double> samples) {
        double[] a = samples.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
