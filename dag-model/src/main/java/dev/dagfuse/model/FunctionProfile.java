// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measured behaviour of one function.
 *
 * @param outputBytes payload this function hands to each successor invocation
 * @param peakMemoryMB peak memory one invocation needs (0 when unknown)
 * @param parallelism threads one invocation can keep busy
 * @param coldStartMs samples of the initialization time of a fresh instance
 * @param latencyMs per memory size (MB), samples of one invocation's own work in milliseconds, without invoke overhead,
 *     on the platform's architecture
 * @param architectures the samples measured on other architectures (e.g. arm64 next to the platform's x86_64): a plan
 *     may run the function on one of them only where it has samples there
 * @param cpuFraction the share (0, 1] of the measured latency that was CPU work, as a trace recorded it (e.g. a
 *     workflow trace's CPU utilisation); {@code NaN} when not recorded. With one measured size it tells the scaling
 *     model how much of the latency shrinks or grows with the CPU (docs/profiling.md); else the sizes tell it.
 */
public record FunctionProfile(long outputBytes, double peakMemoryMB, int parallelism, List<Double> coldStartMs,
                              Map<Integer, List<Double>> latencyMs, Map<Architecture, Samples> architectures,
                              double cpuFraction) {

    /** Samples on one architecture: cold starts and latency per memory size, as the top-level ones. */
    public record Samples(List<Double> coldStartMs, Map<Integer, List<Double>> latencyMs) {

        public Samples {
            coldStartMs = List.copyOf(coldStartMs);
            latencyMs = sortedCopy(latencyMs);
        }
    }

    public FunctionProfile {
        if (!Double.isNaN(cpuFraction) && !(cpuFraction > 0 && cpuFraction <= 1)) {
            throw new IllegalArgumentException("The cpuFraction (" + cpuFraction + ") must be within (0, 1], or NaN "
                    + "when not recorded.");
        }
        coldStartMs = List.copyOf(coldStartMs);
        latencyMs = sortedCopy(latencyMs);
        architectures = architectures.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new java.util.EnumMap<>(architectures));
    }

    /** A profile without a recorded CPU fraction. */
    public FunctionProfile(long outputBytes, double peakMemoryMB, int parallelism, List<Double> coldStartMs,
                           Map<Integer, List<Double>> latencyMs, Map<Architecture, Samples> architectures) {
        this(outputBytes, peakMemoryMB, parallelism, coldStartMs, latencyMs, architectures, Double.NaN);
    }

    /** A profile measured on the platform's architecture only. */
    public FunctionProfile(long outputBytes, double peakMemoryMB, int parallelism, List<Double> coldStartMs,
                           Map<Integer, List<Double>> latencyMs) {
        this(outputBytes, peakMemoryMB, parallelism, coldStartMs, latencyMs, Map.of());
    }

    /** This profile with {@code fraction} of its measured latency recorded as CPU work (NaN: not recorded). */
    public FunctionProfile withCpuFraction(double fraction) {
        return new FunctionProfile(outputBytes, peakMemoryMB, parallelism, coldStartMs, latencyMs, architectures,
                fraction);
    }

    /** Whether a CPU fraction was recorded. */
    public boolean hasCpuFraction() {
        return !Double.isNaN(cpuFraction);
    }

    /** This function as measured on {@code architecture}, or null when it was not; null: the platform's own. */
    public FunctionProfile on(Architecture architecture) {
        if (architecture == null) {
            return this;
        }
        Samples s = architectures.get(architecture);
        return s == null ? null : new FunctionProfile(outputBytes, peakMemoryMB, parallelism, s.coldStartMs(),
                s.latencyMs(), Map.of(), cpuFraction);
    }

    private static Map<Integer, List<Double>> sortedCopy(Map<Integer, List<Double>> latencyMs) {
        TreeMap<Integer, List<Double>> sorted = new TreeMap<>();
        latencyMs.forEach((size, samples) -> sorted.put(size, List.copyOf(samples)));
        return Collections.unmodifiableSortedMap(sorted);
    }

    /** The sizes with samples, ascending. */
    public List<Integer> measuredSizes() {
        return List.copyOf(latencyMs.keySet());
    }
}
