package dev.dagfuse.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan's predicted (or measured) numbers.
 *
 * @param latencyMs request latency per percentile (e.g. 50 → 812.0)
 * @param meanCostUsd mean cost per request
 */
public record Predicted(Map<Double, Double> latencyMs, double meanCostUsd) {

    public Predicted {
        latencyMs = Collections.unmodifiableSortedMap(new TreeMap<>(latencyMs));
    }

    public double costPerMillionUsd() {
        return meanCostUsd * 1e6;
    }

    /** The latency at a percentile; fails if it was not computed. */
    public double percentileMs(double percentile) {
        Double value = latencyMs.get(percentile);
        if (value == null) {
            throw new IllegalArgumentException("No " + Objective.percentileKey(percentile) + " was computed; have "
                    + latencyMs.keySet() + ".");
        }
        return value;
    }
}
