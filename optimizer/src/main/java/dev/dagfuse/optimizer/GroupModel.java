// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Workflow;

import java.util.List;

/**
 * The model of one candidate group, separately from the rest of the plan: what the planners search over.
 * Every group pays its own input reads and output write (a group boundary is always a transfer), so a plan's
 * expected cost is the sum of its groups' costs plus a per-request orchestration term, and its latency per draw
 * is the longest path over its groups' latency draws. On a platform whose invocations share cores (such as
 * {@code platform: local}) a group's draws assume enough cores; the whole-plan evaluation also queues invocations for
 * the cores, so there the longest path is a lower bound of {@link PlanEvaluator#latencyDraws} (equal when the cores
 * never run out): see {@link #isLongestPathExact()}.
 */
public interface GroupModel {

    /**
     * How a group is deployed besides its memory and bundle size: its architecture, for a fan-out group its Map form,
     * its provisioned concurrency, and whether its cold starts restore a SnapStart snapshot (not together with
     * provisioned concurrency); null fields mean the platform's default (on demand for the provisioning).
     */
    record Variant(Architecture architecture, MapForm map, Provisioning provisioning, boolean snapStart) {

        /** The platform's architecture and Map form, on demand. */
        public static final Variant DEFAULT = new Variant(null, null, null, false);

        public Variant {
            if (snapStart && provisioning != null) {
                throw new IllegalArgumentException("A group has SnapStart or provisioned concurrency, not both.");
            }
        }

        /** On demand. */
        public Variant(Architecture architecture, MapForm map) {
            this(architecture, map, null, false);
        }

        /** Without SnapStart. */
        public Variant(Architecture architecture, MapForm map, Provisioning provisioning) {
            this(architecture, map, provisioning, false);
        }
    }

    /**
     * Environments kept initialised for a group (provisioned concurrency; docs/model.md, "Provisioned concurrency"):
     * either a given number ({@code environments} ≥ 1, as a plan names it), or the fewest whose Erlang-B loss at the
     * group's offered load is at most {@code spillTarget} ({@code environments} 0): a planner's candidate, resolved at
     * each memory and bundle size from the group's mean warm duration there.
     */
    record Provisioning(int environments, double spillTarget) {

        public Provisioning {
            if (environments < 0 || environments == 0 && !(spillTarget > 0 && spillTarget < 1)) {
                throw new IllegalArgumentException("Provisioning needs environments ≥ 1 (" + environments
                        + "), or a spill target within (0, 1) (" + spillTarget + ").");
            }
        }

        /** Exactly {@code environments}. */
        public static Provisioning of(int environments) {
            if (environments < 1) {
                throw new IllegalArgumentException("Provisioned environments (" + environments + ") must be ≥ 1.");
            }
            return new Provisioning(environments, 0);
        }

        /** The fewest environments that spill at most {@code spillTarget} of the invocations to on demand. */
        public static Provisioning forSpill(double spillTarget) {
            return new Provisioning(0, spillTarget);
        }
    }

    /**
     * Whether the planners should draw {@code variant} of the group at this size at all: false for a candidate that
     * cannot pay (docs/model.md §3b: provisioned concurrency that costs more than on demand there, where on demand
     * fewer than {@code 0.1%} of requests find the group cold). The default: every candidate.
     */
    default boolean isWorthDrawing(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
        return true;
    }

    /**
     * What provisioned concurrency a group has under {@code variant} at this memory and bundle size: its environments
     * (0: on demand), the share of its invocations spilled to on demand, P(cold) and its provisioning's cost per
     * request. Draws the group when needed.
     */
    default Provisioned provisioned(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
        return Provisioned.NONE;
    }

    /**
     * A group's provisioned concurrency as the model resolved it.
     *
     * @param environments provisioned environments, 0: on demand
     * @param spill Erlang-B's share of invocations that find them all busy and run on demand (1 on demand)
     * @param keepUsd what keeping them costs per request (0 on demand)
     */
    record Provisioned(int environments, double spill, double keepUsd) {
        public static final Provisioned NONE = new Provisioned(0, 1, 0);
    }

    /** The orchestration these draws are for (every plan searched with this view uses it); null: none. */
    default Orchestration orchestration() {
        return null;
    }

    /** The variants worth searching for {@code chain} (its architectures × Map forms), the default first. */
    default List<Variant> variants(List<String> chain) {
        return List.of(Variant.DEFAULT);
    }

    /** As {@link #isFeasible(List, int, int)}, for a variant. */
    default boolean isFeasible(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
        return isFeasible(chain, memoryMB, bundleSize);
    }

    /** As {@link #latencyDraws(List, int, int)}, for a variant. */
    default double[] latencyDraws(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
        return latencyDraws(chain, memoryMB, bundleSize);
    }

    /** As {@link #meanCostUsd(List, int, int)}, for a variant. */
    default double meanCostUsd(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
        return meanCostUsd(chain, memoryMB, bundleSize);
    }

    /**
     * Why the group breaks a hard limit of the platform (its invocations' timeout, judged at the platform's limit
     * quantile), or null when it does not; draws the group when needed.
     */
    default String limitViolation(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
        return null;
    }

    /**
     * A lower bound of the mean cost per request outside the groups for any plan whose request latency is at least
     * {@code requestLatencyMs} draw by draw (e.g. Step Functions Express's request and duration charge); given a
     * plan's own draws, that plan's charge.
     */
    default double requestCostBound(double[] requestLatencyMs) {
        return 0;
    }

    /**
     * A slope s such that every plan's per-request charge is at least {@code requestCostBound(zeros) + s × its mean
     * request latency in ms} (Express bills duration in whole units, so at least its mean): lets a solver see the
     * charge grow with latency. 0 where nothing is charged by duration.
     */
    default double requestCostPerMs() {
        return 0;
    }

    /**
     * Whether {@code variant} of {@code chain} at {@code bundleSize} can be left out because another variant is at
     * least as fast on every draw at the same cost whatever the memory size (e.g. a Distributed Map with Standard
     * children against an inline Map whose iterations all run at once): leaving it out loses no optimum.
     */
    default boolean isDominated(List<String> chain, int bundleSize, Variant variant) {
        return false;
    }

    /**
     * Why a plan whose request latency is {@code requestLatencyMs} per draw breaks a limit of its orchestration (an
     * Express execution's 5 minutes, at the platform's limit quantile), or null.
     */
    default String requestLimitViolation(double[] requestLatencyMs) {
        return null;
    }

    /** Whether {@code chain} may run at {@code memoryMB} with {@code bundleSize} branches per invocation (memory fits). */
    boolean isFeasible(List<String> chain, int memoryMB, int bundleSize);

    /**
     * The group's latency per request, one value per draw (index i is request i under common random numbers):
     * from its first input being available to its last invocation finishing, including invoke overhead,
     * cold starts, input reads, the work and the output write.
     */
    double[] latencyDraws(List<String> chain, int memoryMB, int bundleSize);

    /**
     * The group's mean cost per request in USD: its invocations' billed duration and requests, its S3 requests and
     * (Step Functions Standard) its state transitions; in the platform's cost unit (core-seconds locally).
     */
    double meanCostUsd(List<String> chain, int memoryMB, int bundleSize);

    /** The memory sizes worth considering for {@code chain} (the functions' memoryOptionsMB, or a default grid), ascending. */
    List<Integer> memoryOptions(List<String> chain);

    /**
     * The least memory from which more memory changes none of the group's latency draws, because the group cannot use
     * more CPU; {@link Integer#MAX_VALUE} when there is no such size. Every larger size then has the same draws at a
     * higher cost, so planners may leave the larger sizes out without losing any optimum. The default claims nothing.
     */
    default int saturationMB(List<String> chain, int bundleSize) {
        return Integer.MAX_VALUE;
    }

    /**
     * Whether a plan's request latency per draw is exactly the longest path over its groups' draws; when not (the
     * invocations queue for shared cores), that path is only a lower bound and {@link PlanEvaluator#latencyDraws}
     * decides. The default: exact.
     */
    default boolean isLongestPathExact() {
        return true;
    }

    /**
     * Whether plans under this view run as the state machine of {@link Workflow#seriesParallel()} (Step Functions):
     * a group then starts when the groups ending with {@code seriesParallel().waitsFor(head)} have finished, which
     * adds the state machine's barriers where the DAG is not series-parallel, and the groups that start branches of
     * its Parallel states draw their hand-offs. Otherwise (the default) a group starts when its head's predecessors'
     * groups have finished.
     */
    default boolean runsAsStateMachine() {
        return false;
    }
}
