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
 * @param latencyMs per memory size (MB), samples of one invocation's own work in milliseconds, without invoke overhead
 */
public record FunctionProfile(long outputBytes, double peakMemoryMB, int parallelism, List<Double> coldStartMs,
                              Map<Integer, List<Double>> latencyMs) {

    public FunctionProfile {
        coldStartMs = List.copyOf(coldStartMs);
        TreeMap<Integer, List<Double>> sorted = new TreeMap<>();
        latencyMs.forEach((size, samples) -> sorted.put(size, List.copyOf(samples)));
        latencyMs = Collections.unmodifiableSortedMap(sorted);
    }

    /** The sizes with samples, ascending. */
    public List<Integer> measuredSizes() {
        return List.copyOf(latencyMs.keySet());
    }
}
