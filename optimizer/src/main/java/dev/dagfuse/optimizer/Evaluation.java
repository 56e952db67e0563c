// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Predicted;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The model's numbers for a plan.
 *
 * @param predicted request latency percentiles and mean cost per request (the groups' costs plus orchestration)
 * @param groups per group: its own latency percentiles and cost
 * @param orchestrationCostUsd mean per-request cost outside the groups: Step Functions Express's request and duration
 *     charge (0 under Standard, whose state transitions are counted in each group's cost, since they are additive)
 * @param warnings problems the model found but still evaluated, e.g. a group whose memory is below its peak
 * @param violations hard limits of the platform the plan breaks (an invocation's timeout, an Express execution's
 *     5 minutes), judged at the platform's limit quantile: such a plan meets no objective
 */
public record Evaluation(Predicted predicted, List<GroupEvaluation> groups, double orchestrationCostUsd,
                         List<String> warnings, List<String> violations, Hours hours) {

    public Evaluation {
        groups = List.copyOf(groups);
        warnings = List.copyOf(warnings);
        violations = List.copyOf(violations);
    }

    public Evaluation(Predicted predicted, List<GroupEvaluation> groups, double orchestrationCostUsd,
                      List<String> warnings, List<String> violations) {
        this(predicted, groups, orchestrationCostUsd, warnings, violations, null);
    }

    /**
     * How a plan fares hour by hour under the workflow's hourly pattern (docs/model.md, "Hourly patterns"): the
     * predicted latency is the binding hour's, the cost per request the day's mean.
     *
     * @param hourly the pattern's rates, hours 0 to 23 (requests per second)
     * @param percentile the percentile judged (the objective's, else 95)
     * @param byRate per distinct rate &gt; 0, the request latency at that percentile (ms)
     * @param bindingRate the rate whose hours have the highest latency at that percentile
     * @param dayCostUsd the day's cost: the requests of each hour at that hour's cost per request, plus provisioned
     *     environments kept 24 hours
     */
    public record Hours(List<Double> hourly, double percentile, Map<Double, Double> byRate, double bindingRate,
                        double dayCostUsd) {
        public Hours {
            hourly = List.copyOf(hourly);
            byRate = Collections.unmodifiableSortedMap(new TreeMap<>(byRate));
        }

        /** The hours (0..23) at the binding rate. */
        public List<Integer> bindingHours() {
            List<Integer> out = new java.util.ArrayList<>();
            for (int h = 0; h < hourly.size(); h++) {
                if (hourly.get(h) == bindingRate) {
                    out.add(h);
                }
            }
            return out;
        }
    }

    public Evaluation(Predicted predicted, List<GroupEvaluation> groups, double orchestrationCostUsd) {
        this(predicted, groups, orchestrationCostUsd, List.of(), List.of());
    }

    /**
     * One group's numbers.
     *
     * @param groupId the group's id in the plan
     * @param latencyMs the group's own latency per percentile (same percentiles as the plan's)
     * @param meanCostUsd the group's mean cost per request (equal to {@link GroupModel#meanCostUsd})
     * @param coldStartProbability the probability that one of its invocations is cold: from the arrival rate when the
     *     numbers were drawn for one ({@code predicted.model().ratePerSecond() > 0}), else the platform's fixed one
     * @param provisioned its provisioned concurrency, or null: on demand
     * @param snapStart whether its cold invocations restore a SnapStart snapshot
     */
    public record GroupEvaluation(String groupId, Map<Double, Double> latencyMs, double meanCostUsd,
                                  double coldStartProbability, Provisioned provisioned, boolean snapStart) {
        public GroupEvaluation {
            latencyMs = Collections.unmodifiableSortedMap(new TreeMap<>(latencyMs));
        }

        public GroupEvaluation(String groupId, Map<Double, Double> latencyMs, double meanCostUsd,
                               double coldStartProbability, Provisioned provisioned) {
            this(groupId, latencyMs, meanCostUsd, coldStartProbability, provisioned, false);
        }

        public GroupEvaluation(String groupId, Map<Double, Double> latencyMs, double meanCostUsd,
                               double coldStartProbability) {
            this(groupId, latencyMs, meanCostUsd, coldStartProbability, null);
        }

        public GroupEvaluation(String groupId, Map<Double, Double> latencyMs, double meanCostUsd) {
            this(groupId, latencyMs, meanCostUsd, 0);
        }
    }

    /**
     * A group's provisioned concurrency as the model has it (docs/model.md, "Provisioned concurrency").
     *
     * @param environments the environments kept initialised, ≥ 1
     * @param spill the share of its invocations that find them all busy and run on demand (Erlang B)
     * @param keepCostUsd what keeping them costs per request (part of the group's cost)
     */
    public record Provisioned(int environments, double spill, double keepCostUsd) {
    }
}
