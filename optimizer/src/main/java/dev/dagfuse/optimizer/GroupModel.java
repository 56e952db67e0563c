package dev.dagfuse.optimizer;

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
}
