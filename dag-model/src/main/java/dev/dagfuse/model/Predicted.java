// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plan's predicted (or measured) numbers.
 *
 * @param latencyMs request latency per percentile (e.g. 50 → 812.0)
 * @param meanCostUsd mean cost per request
 * @param model how the model drew them, so that they can be reproduced; {@code null} when unknown (measured numbers,
 *     hand-written plans, plan files written before dagfuse recorded it)
 */
public record Predicted(Map<Double, Double> latencyMs, double meanCostUsd, Model model) {

    /**
     * The model settings behind predicted numbers.
     *
     * @param samples Monte Carlo requests drawn
     * @param seed seed of the draws
     * @param version the model's version: its numbers for the same inputs change only when it changes
     * @param ratePerSecond the arrival rate the cold starts were drawn for ({@link Load}), or 0: none (the platform's
     *     fixed cold-start probability)
     */
    public record Model(int samples, long seed, String version, double ratePerSecond) {

        public Model {
            if (samples < 1) {
                throw new IllegalArgumentException("The samples (" + samples + ") must be ≥ 1. Maybe 10000.");
            }
            java.util.Objects.requireNonNull(version, "version");
            if (ratePerSecond != 0) {
                new Load(ratePerSecond); // checks the range
            }
        }

        /** Drawn without an arrival rate. */
        public Model(int samples, long seed, String version) {
            this(samples, seed, version, 0);
        }
    }

    public Predicted {
        latencyMs = Collections.unmodifiableSortedMap(new TreeMap<>(latencyMs));
    }

    /** Numbers without a record of how they were drawn. */
    public Predicted(Map<Double, Double> latencyMs, double meanCostUsd) {
        this(latencyMs, meanCostUsd, null);
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
