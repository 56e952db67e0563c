// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.executor.ClusterRunner;

import java.util.List;
import java.util.Objects;

/**
 * Runs a cluster plan on this machine ({@code dagfuse run A.yaml B.yaml --rates 20/s,5/s}): plans the workflows as
 * {@link ClusterPlanService} does, runs them together with their real handlers ({@link ClusterRunner}: open-loop
 * Poisson arrivals, each group a pool of its kept containers), and puts the measured waits and latency percentiles
 * next to the prediction.
 */
public interface ClusterRunService {

    /**
     * @param plan what to plan: the workflows, their rates and weights, the floor, the search and the draws
     * @param requests measured requests per workflow
     * @param warmup requests per workflow run first, one at a time, and left out
     * @param calibration seconds of the runner's sharing calibration (its pilot run), before the clock (0: none, and the
     *     prediction takes ideal processor sharing)
     * @param seed the seed of the arrivals
     */
    record Request(ClusterPlanService.Request plan, int requests, int warmup, int calibration, long seed) {
        /** The calibration's seconds by default. */
        public static final int DEFAULT_CALIBRATION = 30;

        public Request {
            Objects.requireNonNull(plan, "plan");
        }
    }

    /**
     * One pool, predicted and measured.
     *
     * @param steadyCoreStretch how much sharing this machine's cores stretches the pool's service in the steady state
     *     ({@code CoreSharing}: other containers busy independently; 1 where the containers' cores fit in the
     *     machine's; infinite when a pool saturates here)
     * @param coreStretch the stretch predicted for this run: its simulated mean time on a container over its service
     *     at full CPU ({@code TransientPools}, the containers sharing this machine's cores as the run's arrivals come)
     * @param predictedServiceMs the mean time an invocation holds its container in this run, as simulated
     * @param predictedServiceCv the simulated coefficient of variation of that time (c_s; the sharing's spread
     *     included)
     * @param measuredServiceCv the measured one
     * @param predictedUtilisation its utilisation in this run: invocations per second × the predicted service ÷ its
     *     containers
     * @param steadyMeanWaitMs an invocation's M/G/c mean wait here in the steady state (simulated, {@code Pools}, with
     *     the steady stretch)
     * @param predictedMeanWaitMs its mean wait predicted for this run (its arrivals from empty pools)
     * @param calibratedMeanWaitMs that mean wait had the model known the measured service time and its c_s: what is
     *     left of the difference is the queueing model's, not the service time's
     * @param sharedSpeed the speed of its invocations beside other threads, beyond ideal sharing of the cores, relative to
     *     the model's service time, fitted to the runner's pilot before the clock (NaN without a calibration: the
     *     prediction takes 1)
     * @param calibrationAloneMs the calibrated invocation's median time alone just before the clock (NaN without): next
     *     to the profile's service, how this machine's speed drifted since profiling
     */
    record PoolComparison(String group, int containers, int maxInFlight, long invocations, double steadyCoreStretch,
                          double coreStretch, double predictedServiceMs, double measuredServiceMs,
                          double predictedServiceCv, double measuredServiceCv, double predictedUtilisation,
                          double steadyMeanWaitMs, double predictedMeanWaitMs, double calibratedMeanWaitMs,
                          double measuredMeanWaitMs, double sharedSpeed, double calibrationAloneMs) {
    }

    /**
     * One workflow, predicted and measured.
     *
     * @param clusterP95Ms plan-cluster's P95 for the cluster (its cores, its deflated containers), steady state
     * @param steadyP95Ms the same model's P95 for this machine in the steady state: this machine's cores shared by the
     *     pools' containers, which run at full CPU (infinite when a pool saturates here)
     * @param predictedP50Ms the P50 predicted for this run: the model's draws, each plus the excess of one simulated
     *     request of this run (its own arrival times through the pools from empty, the containers sharing this
     *     machine's cores: its waits and its slowing by the sharing, {@code TransientPools})
     * @param predictedP95Ms its P95
     * @param steadyMeanWaitMs a request's mean wait in the pools here in the steady state (the groups' summed)
     * @param predictedMeanWaitMs a request's mean wait predicted for this run
     * @param measuredMeanWaitMs its measured mean
     * @param metTarget the share of the measured requests within the target
     * @param calibratedP95Ms the P95 predicted for this run again with the pools' measured mean service times (the
     *     model's draws scaled by measured over predicted service, the excess simulated at the measured service and
     *     c_s, which include the sharing)
     */
    record WorkflowComparison(String workflow, double ratePerSecond, double percentile, double targetMs, int requests,
                              int succeeded, int failed, String firstFailure, double clusterP95Ms, double steadyP95Ms,
                              double predictedP50Ms, double measuredP50Ms, double predictedP95Ms, double measuredP95Ms,
                              double steadyMeanWaitMs, double predictedMeanWaitMs, double measuredMeanWaitMs,
                              double metTarget, double calibratedP95Ms, List<PoolComparison> pools) {
        public WorkflowComparison {
            pools = List.copyOf(pools);
        }

        /** Measured P95 over the one predicted for this run, minus 1: +0.1 is 10% slower than predicted. */
        public double p95Error() {
            return measuredP95Ms / predictedP95Ms - 1;
        }

        /** Measured P95 over the steady state's for this machine, minus 1. */
        public double steadyP95Error() {
            return measuredP95Ms / steadyP95Ms - 1;
        }

        /** Measured P95 over the calibrated one, minus 1. */
        public double calibratedP95Error() {
            return measuredP95Ms / calibratedP95Ms - 1;
        }
    }

    /**
     * @param plan the cluster plan that was run
     * @param machineCores the cores the containers shared here (this machine's)
     * @param wallSeconds the run's length
     * @param workflows per workflow, in the request's order
     * @param notes what the reader should know (e.g. a deflated container runs at full CPU here)
     */
    record Result(ClusterPlanService.Result plan, int machineCores, double wallSeconds,
                  List<WorkflowComparison> workflows, List<String> notes) {
        public Result {
            workflows = List.copyOf(workflows);
            notes = List.copyOf(notes);
        }

        public boolean allSucceeded() {
            return workflows.stream().allMatch(w -> w.failed() == 0);
        }
    }

    /**
     * Plans, then runs. A workflow that cannot meet its target even alone, or a pool left without a container on the
     * shared cluster, is {@link Unrunnable} (an infeasible objective, not bad input).
     */
    Result run(Request request);

    /** The cluster plan cannot be run: a workflow has no pools, or a pool keeps no container. */
    final class Unrunnable extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ClusterPlanService.Result plan;

        public Unrunnable(String message, ClusterPlanService.Result plan) {
            super(message);
            this.plan = plan;
        }

        public ClusterPlanService.Result plan() {
            return plan;
        }
    }
}
