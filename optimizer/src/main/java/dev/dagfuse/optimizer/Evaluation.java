package dev.dagfuse.optimizer;

import dev.dagfuse.model.Predicted;

import java.util.List;

/**
 * The model's numbers for a plan.
 *
 * @param predicted request latency percentiles and mean cost per request
 * @param groups per group: its own latency percentiles and cost
 * @param orchestrationCostUsd mean per-request cost outside the groups (state transitions, Express duration)
 */
public record Evaluation(Predicted predicted, List<GroupEvaluation> groups, double orchestrationCostUsd) {

    public Evaluation {
        groups = List.copyOf(groups);
    }

    /**
     * One group's numbers.
     *
     * @param groupId the group's id in the plan
     * @param latencyMs the group's own latency per percentile (same percentiles as the plan's)
     * @param meanCostUsd the group's mean cost per request
     */
    public record GroupEvaluation(String groupId, java.util.Map<Double, Double> latencyMs, double meanCostUsd) {
        public GroupEvaluation {
            latencyMs = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(latencyMs));
        }
    }
}
