// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the HTML report shows, as plain data ({@link ReportService}): the report renders it and computes nothing
 * about the model.
 *
 * @param workflow the workflow (its DAG is drawn)
 * @param plan the chosen plan, with predicted numbers
 * @param asDeployed the as-deployed plan (no fusion, no bundling, each function at its memoryMB), with predicted numbers
 * @param objective the objective whose target is marked, or {@code null}
 * @param planCdf the predicted request latency distribution of the plan
 * @param asDeployedCdf the same for the as-deployed plan
 * @param frontier the cost vs latency Pareto frontier (empty when not computed; {@code frontierNote} says why)
 * @param frontierNote a sentence shown under the frontier chart, e.g. how it was computed or why it is missing
 * @param groups per group of the plan, its numbers
 * @param assumptions the model's assumptions, one sentence each
 * @param profile where the profile came from
 * @param generatedBy e.g. "dagfuse 0.1.0"
 * @param asDeployedOtherOrchestration the as-deployed plan under the platform's other orchestration (Express beside
 *     Standard), with predicted numbers, or {@code null} when the platform offers no other
 * @param waterfall where the plan's change against the as-deployed plan comes from: the as-deployed plan, then each
 *     move towards the plan in turn, with predicted numbers
 */
public record ReportData(Workflow workflow, Plan plan, Plan asDeployed, Objective objective, Cdf planCdf,
                         Cdf asDeployedCdf, List<FrontierPoint> frontier, String frontierNote, List<GroupRow> groups,
                         List<String> assumptions, ProfileInfo profile, String generatedBy,
                         Plan asDeployedOtherOrchestration, List<Move> waterfall)
        implements ReportService.Result {

    public ReportData {
        waterfall = List.copyOf(waterfall);
        frontier = List.copyOf(frontier);
        groups = List.copyOf(groups);
        assumptions = List.copyOf(assumptions);
    }

    /**
     * A latency distribution as points of its CDF, ascending.
     *
     * @param latencyMs latency values, ascending
     * @param probability the fraction of requests at or below each value, ascending, in (0, 1]
     */
    public record Cdf(List<Double> latencyMs, List<Double> probability) {
        public Cdf {
            latencyMs = List.copyOf(latencyMs);
            probability = List.copyOf(probability);
            if (latencyMs.size() != probability.size() || latencyMs.isEmpty()) {
                throw new IllegalArgumentException("A CDF needs as many probabilities as latencies, at least one.");
            }
        }

        /** The empirical CDF of draws, thinned to at most {@code maxPoints} points (always keeping the largest draw). */
        public static Cdf ofDraws(double[] draws, int maxPoints) {
            double[] sorted = draws.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            int points = Math.min(n, Math.max(2, maxPoints));
            List<Double> xs = new ArrayList<>(points);
            List<Double> ps = new ArrayList<>(points);
            for (int i = 1; i <= points; i++) {
                int index = (int) Math.ceil((double) i * n / points) - 1;
                xs.add(sorted[index]);
                ps.add((index + 1.0) / n);
            }
            return new Cdf(xs, ps);
        }

        /** The smallest latency whose probability reaches {@code p} (0..1). */
        public double quantile(double p) {
            for (int i = 0; i < probability.size(); i++) {
                if (probability.get(i) >= p - 1e-12) {
                    return latencyMs.get(i);
                }
            }
            return latencyMs.get(latencyMs.size() - 1);
        }
    }

    /**
     * One move of the waterfall.
     *
     * @param move "as deployed", "orchestration", "fusion", "bundling", "sizing" or "architecture"
     * @param plan the plan after the move, with predicted numbers
     */
    public record Move(String move, Plan plan) {
    }

    /**
     * One plan of the cost vs latency frontier.
     *
     * @param latencyMs its latency at the objective's percentile
     * @param costPerMillionUsd its mean cost per 1M requests
     * @param label a short description (e.g. its groups and memory)
     */
    public record FrontierPoint(double latencyMs, double costPerMillionUsd, String label) {
    }

    /**
     * One group of the plan.
     *
     * @param id the group's id
     * @param functions the fused chain
     * @param memoryMB its memory
     * @param fanOut branches per request
     * @param bundleSize branches per invocation
     * @param invocations invocations per request
     * @param latencyMs its own latency per percentile
     * @param meanCostUsd its mean cost per request
     * @param coldStartProbability P(cold) of one of its invocations
     * @param provisioned its provisioned concurrency: environments, spill share to on demand, keep cost per request;
     *     null: on demand
     * @param snapStart whether its cold invocations restore a SnapStart snapshot
     */
    public record GroupRow(String id, List<String> functions, int memoryMB, int fanOut, int bundleSize, int invocations,
                           Map<Double, Double> latencyMs, double meanCostUsd, double coldStartProbability,
                           dev.dagfuse.optimizer.Evaluation.Provisioned provisioned, boolean snapStart) {
        public GroupRow {
            functions = List.copyOf(functions);
            latencyMs = Collections.unmodifiableSortedMap(new TreeMap<>(latencyMs));
        }

        /** A group on demand. */
        public GroupRow(String id, List<String> functions, int memoryMB, int fanOut, int bundleSize, int invocations,
                        Map<Double, Double> latencyMs, double meanCostUsd) {
            this(id, functions, memoryMB, fanOut, bundleSize, invocations, latencyMs, meanCostUsd, 0, null, false);
        }
    }

    /**
     * Where the profile's numbers came from.
     *
     * @param file the profile file, or a description such as "inline in the workflow"
     * @param source the profile's {@code source}
     * @param machine what measured it
     * @param functions per function, a one-line summary (sizes measured, samples)
     */
    public record ProfileInfo(String file, String source, Map<String, String> machine, Map<String, String> functions) {
        public ProfileInfo {
            machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
            functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        }
    }
}
