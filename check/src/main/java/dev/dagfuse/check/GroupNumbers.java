// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model's numbers for one group of a plan.
 *
 * @param groupId the group's id in the plan
 * @param latencyMs the group's own latency per percentile
 * @param meanCostUsd the group's mean cost per request
 */
public record GroupNumbers(String groupId, Map<Double, Double> latencyMs, double meanCostUsd) {

    public GroupNumbers {
        latencyMs = Collections.unmodifiableSortedMap(new TreeMap<>(latencyMs));
    }
}
