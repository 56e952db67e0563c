// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.internal;

import dev.dagfuse.model.stats.Quantiles;

import java.util.Collection;

/** Small statistics of measured samples; quantiles are {@link Quantiles}'. */
public final class Stats {

    private Stats() {
    }

    public static double median(Collection<Double> samples) {
        return Quantiles.median(samples);
    }

    /** Rounds to 3 decimals (microseconds): the profile file need not hold nanosecond noise. */
    public static double round3(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }
}
