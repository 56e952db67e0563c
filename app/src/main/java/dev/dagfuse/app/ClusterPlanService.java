// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.optimizer.queueing.Pools;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Plans several workflows that share a capacity-limited cluster ({@code dagfuse plan-cluster A.yaml B.yaml --rates
 * 20/s,5/s}): each workflow is planned on its own (fusion, bundling, sizing), then each of its groups gets a pool of
 * containers sized with an M/G/c model (its waits simulated with the group's service time and its coefficient of
 * variation c_s) so that its latency percentile, waits included, meets its target with few cores; when the pools ask for more cores than the cluster has, the cores are divided by weighted max-min fair share
 * and each short workflow's containers are deflated down to a floor CPU share before any is taken away; the result
 * says which workflows then miss their targets and by how much. See docs/cluster.md.
 */
public interface ClusterPlanService {

    /**
     * @param workflowFiles the workflows, all on the same {@code platform: {name: cluster, …}}; each with its
     *     profile.yaml beside it (else inline profiles) and a latency objective
     * @param ratesPerSecond each workflow's arrival rate, in the same order
     * @param weights each workflow's fair-share weight, in the same order; empty: all 1
     * @param floorShare the smallest CPU share a container may be deflated to, in (0, 1]
     * @param search the planner and its options (each workflow's plan)
     * @param draws how the model draws (the seed also seeds the waits)
     */
    record Request(List<Path> workflowFiles, List<Double> ratesPerSecond, List<Double> weights, double floorShare,
                   Search search, Draws draws) {
        public Request {
            workflowFiles = List.copyOf(workflowFiles);
            ratesPerSecond = List.copyOf(ratesPerSecond);
            weights = List.copyOf(weights);
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(draws, "draws");
        }
    }

    /**
     * One group's pool.
     *
     * @param pool what it serves: arrivals, mean service time, invocations per request, cores per container
     * @param containers the containers it needs for its workflow to meet the target alone
     * @param keptContainers the containers it keeps on the shared cluster
     * @param cpuShare the share of its nominal cores each kept container runs with, in [floor, 1]
     * @param alone its queue with {@code containers} at full CPU
     * @param shared its queue with {@code keptContainers} at {@code cpuShare}
     */
    record PoolPlan(Pools.Pool pool, int containers, int keptContainers, double cpuShare, Pools.Queue alone,
                    Pools.Queue shared) {
    }

    /**
     * One workflow on the cluster.
     *
     * @param workflowFile its file
     * @param context what its numbers were computed from
     * @param ratePerSecond its arrival rate
     * @param weight its fair-share weight
     * @param percentile its objective's percentile
     * @param targetMs its objective's target
     * @param plan its plan (fusion, bundling, sizes) with the model's numbers, every invocation finding a container;
     *     {@code null} when no plan meets the target even without waiting
     * @param pools one per group of the plan (empty without a plan)
     * @param demandedCores the cores its pools need alone
     * @param allocatedCores its fair share of the cluster's cores (≤ demanded)
     * @param aloneMs the request latency with its pools sized alone, per percentile (50, 95 and the objective's)
     * @param sharedMs the same on the shared cluster (infinite where a pool cannot keep up)
     * @param infeasible why the workflow cannot meet its target even with the cluster to itself, or {@code null}
     * @param model the model's draws and the pools' waits the numbers come from ({@code null} without pools)
     */
    record WorkflowPlan(Path workflowFile, ModelContext context, double ratePerSecond, double weight, double percentile,
                        double targetMs, EvaluatedPlan plan, List<PoolPlan> pools, int demandedCores,
                        double allocatedCores, Map<Double, Double> aloneMs, Map<Double, Double> sharedMs,
                        String infeasible, Pools model) {
        public WorkflowPlan {
            pools = List.copyOf(pools);
            aloneMs = Collections.unmodifiableSortedMap(new TreeMap<>(aloneMs));
            sharedMs = Collections.unmodifiableSortedMap(new TreeMap<>(sharedMs));
        }

        public String name() {
            return context.workflow().name();
        }

        /** The objective's percentile on the shared cluster. */
        public double predictedMs() {
            Double ms = sharedMs.get(percentile);
            return ms == null ? Double.POSITIVE_INFINITY : ms;
        }

        /** Whether it meets its target on the shared cluster. */
        public boolean meets() {
            return infeasible == null && predictedMs() <= targetMs;
        }

        /** By how much it misses its target on the shared cluster (ms; 0 when it meets it; infinite: unbounded). */
        public double missMs() {
            return meets() ? 0 : predictedMs() - targetMs;
        }
    }

    /**
     * @param platform the cluster's description
     * @param capacityCores the cluster's cores
     * @param floorShare the floor CPU share containers may be deflated to
     * @param workflows one per workflow, in the request's order
     */
    record Result(String platform, int capacityCores, double floorShare, List<WorkflowPlan> workflows) {
        public Result {
            workflows = List.copyOf(workflows);
        }

        /** The cores all pools need alone. */
        public int demandedCores() {
            return workflows.stream().mapToInt(WorkflowPlan::demandedCores).sum();
        }

        /** Whether some workflow cannot meet its target even with the cluster to itself. */
        public boolean infeasibleAlone() {
            return workflows.stream().anyMatch(w -> w.infeasible() != null);
        }

        /** Whether every workflow meets its target on the shared cluster. */
        public boolean allMeet() {
            return workflows.stream().allMatch(WorkflowPlan::meets);
        }
    }

    /** Bad files are {@code InputException}s, requests that cannot be served {@link RequestException}s. */
    Result plan(Request request);
}
