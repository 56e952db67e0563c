// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.List;
import java.util.Map;

/**
 * Where a workflow runs, and everything that follows from it: the memory sizes an invocation may have and the CPU
 * each gets, what an invocation, a transfer and the orchestration cost and in which unit, the overheads the model
 * draws, and the platform's hard limits. One implementation per platform, chosen by {@code platform.name} in the
 * workflow file ({@code aws-lambda}: {@link dev.dagfuse.model.platform.AwsLambdaPlatform}, {@code local}:
 * {@link dev.dagfuse.model.platform.LocalPlatform}); nothing outside them asks which platform it is.
 *
 * <p>Sizes are in MB as the workflow gives them. A profile's latency samples are keyed by size on Lambda's CPU
 * scale (1,769 MB = one vCPU, {@link dev.dagfuse.model.scaling.ScalingModel}); {@link #workSizeMB} maps a size
 * here onto that scale. Implementations are immutable values.
 */
public interface Platform {

    /** The name the workflow file uses, e.g. {@code aws-lambda}. */
    String name();

    /** One line for reports, e.g. {@code aws-lambda x86_64, Step Functions auto} or {@code local (2 cores)}. */
    String description();

    /** One line for a plan under {@code orchestration} (null: the platform's default), e.g. {@code … Step Functions express}. */
    default String description(Orchestration orchestration) {
        return description();
    }

    /** The unit every cost on this platform is in. */
    CostUnit costUnit();

    // ---- sizes and CPU ----

    /** The smallest memory size an invocation may have. */
    int memoryMinMB();

    /** The largest memory size an invocation may have. */
    int memoryMaxMB();

    /** The sizes a planner tries when a function declares no {@code memoryOptionsMB}, ascending. */
    List<Integer> memoryGridMB();

    /** The size on a profile's CPU scale at which an invocation of {@code memoryMB} here does its work. */
    int workSizeMB(int memoryMB);

    /** Whole cores an invocation of {@code memoryMB} holds while it runs: at least 1 (its worker threads locally). */
    int coresHeld(int memoryMB);

    /**
     * The cores that every invocation of a request shares, so that invocations queue for them; 0 when capacity is
     * not the limit (Lambda runs each invocation on its own environment).
     */
    int sharedCores();

    /**
     * The cores that each group's pool of containers is carved from (a capacity-limited cluster, whose pools
     * {@code dagfuse plan-cluster} sizes); 0 where there are no pools to size.
     */
    default int capacityCores() {
        return 0;
    }

    /**
     * The smallest size at which an invocation gets {@code vcpus} vCPUs, or a size above {@link #memoryMaxMB()} when
     * no size does.
     */
    long memoryForVcpus(int vcpus);

    // ---- what the model draws ----

    /** The overheads of an invocation and of moving data, as the model draws them. */
    Overheads overheads();

    /**
     * How long an idle execution environment is kept before the platform recycles it (ms): with an arrival rate, what
     * gives each group its cold-start probability ({@link dev.dagfuse.model.stats.ColdStarts}). Empty where an arrival
     * rate gives no cold starts (the local executor's threads start no environments).
     */
    default java.util.OptionalDouble idleKeepAliveMs() {
        return java.util.OptionalDouble.empty();
    }

    /** This platform with the overheads a profile measured on it, where it has such ({@code profile.machine}). */
    Platform calibratedBy(Map<String, String> machine);

    // ---- cost ----

    /** The duration one invocation of {@code durationMs} is billed for. */
    double billedMs(double durationMs);

    /**
     * The mean cost per request of a group's invocations on {@code architecture} (null: the platform's):
     * {@code billedMs} their mean summed billed duration per request, {@code invocations} their number per request.
     */
    double computeCost(Architecture architecture, int memoryMB, double billedMs, int invocations);

    /**
     * Whether a group on {@code architecture} (null: the platform's) may keep execution environments initialised ahead
     * of its invocations (AWS Lambda's provisioned concurrency): never where the platform starts no environments.
     */
    default boolean offersProvisioned(Architecture architecture) {
        return false;
    }

    /**
     * How long a cold invocation of a SnapStart group on {@code architecture} (null: the platform's) takes to restore
     * its snapshot, in place of its functions' inits; empty where SnapStart is not offered (a platform or runtime
     * without it, or no restore time given). SnapStart excludes provisioned concurrency on the same group.
     */
    default java.util.OptionalDouble snapStartRestoreMs(Architecture architecture) {
        return java.util.OptionalDouble.empty();
    }

    /**
     * The mean compute cost per request of a group with {@code environments} provisioned (where
     * {@link #offersProvisioned} says so): their keep at requests arriving at {@code ratePerSecond}, plus the
     * invocations' mean summed billed duration per request {@code billedMs}, of which the share {@code 1 − spill} is
     * served by the provisioned environments and the rest on demand, plus the invocations' request price.
     */
    default double provisionedComputeCost(Architecture architecture, int memoryMB, double billedMs, int invocations,
                                          int environments, double spill, double ratePerSecond) {
        throw new UnsupportedOperationException("The platform (" + name() + ") offers no provisioned concurrency.");
    }

    /** The cost of {@code puts} writes and {@code gets} reads of the object store (mean per request). */
    double storeCost(double puts, double gets);

    /**
     * What orchestrating a group costs (mean per request) under {@code orchestration} with Map form {@code map} (null for
     * a group without fan-out): {@code invocations} invocations of {@code fanOut} branches; children billed by duration
     * ({@link GroupOrchestration#childDurationUnitMs()} &gt; 0) ran {@code meanChildDurationUnits} such units in all.
     */
    double groupOrchestrationCost(Orchestration orchestration, MapForm map, int invocations, int fanOut,
                                  double meanChildDurationUnits);

    /** What orchestrating one request costs besides its groups, given the request latency per draw (mean). */
    double requestOrchestrationCost(Orchestration orchestration, double[] requestLatencyMs);

    /** What a report calls the orchestration cost outside the groups, e.g. {@code Step Functions express}. */
    String orchestrationName(Orchestration orchestration);

    /** The mean cost of one warm invocation at {@code memoryMB} over these durations (a profile's view). */
    double invocationCost(Architecture architecture, int memoryMB, List<Double> durationsMs);

    // ---- orchestration: what a plan may choose ----

    /**
     * The workflow types a plan on this platform may use, the first being a plan's when it names none and the
     * as-deployed workflow's; empty on a platform without a state machine.
     */
    List<Orchestration> orchestrations();

    /** The Map forms a fan-out group may have under {@code orchestration}, the first the default; empty: none. */
    List<MapForm> mapForms(Orchestration orchestration);

    /** The architectures a group may run on, the first the default; empty on a platform without a choice. */
    List<Architecture> architectures();

    /**
     * How a group's invocations start under {@code orchestration} and {@code map} (null without a fan-out or a state
     * machine): the latency of entering its state, that of starting each invocation, how many may run at once, and
     * whether each invocation is a child execution billed by its duration.
     */
    GroupOrchestration groupOrchestration(Orchestration orchestration, MapForm map);

    /**
     * How a group's invocations start (see {@link #groupOrchestration}).
     *
     * @param entry from the end of the previous state to the start of the next one, once per state the group passes
     *     through before its invocations start
     * @param entryStates how many such states: 1 for a Task; 2 for a Map (the Pass state that lists its branches, then
     *     the Map state); 0 where there is no state machine
     * @param perInvocation from the state's start to one invocation's start (a Map iteration, a child execution, or
     *     the local hand-off to a thread pool), per invocation
     * @param concurrency how many of the group's invocations run at once (the rest wait, first come first served)
     * @param childDurationUnitMs &gt; 0 when each invocation is a child execution billed per this many milliseconds of
     *     its duration (Express children: 100 ms)
     */
    record GroupOrchestration(Lognormal entry, int entryStates, Lognormal perInvocation, int concurrency,
                              double childDurationUnitMs) {
    }

    /**
     * How the workflow's independent branches start under {@code orchestration}: on a platform that runs the workflow
     * as a state machine, through the Parallel states of {@link Workflow#seriesParallel()}; null where independent
     * groups simply start when their predecessors have ended (no state, no barrier).
     */
    ParallelStates parallelStates(Orchestration orchestration);

    /**
     * What one Parallel state adds to a request.
     *
     * @param entry the hand-off from the previous state's end to the Parallel's start, before its branches' first
     *     states (one per Parallel state entered; all its branches wait for the same one)
     * @param costPerRequest what entering it costs once per request (a Standard state transition; 0 under Express,
     *     whose duration charge covers it)
     */
    record ParallelStates(Lognormal entry, double costPerRequest) {
    }

    // ---- limits and descriptions ----

    /** The platform's hard limits. */
    Limits limits();

    /**
     * The largest output (bytes of one item) a function of {@code workflow} hands on inline; a larger one goes through
     * the object store. −1: every hand-off goes through the store.
     */
    long inlineOutputBytes(Workflow workflow);

    /** How an invocation is costed, for a profile's header, e.g. {@code billed duration of one warm invocation x …}. */
    String invocationCostFormula();

    /** The model's assumptions about this platform, as sentences for a report. */
    List<String> assumptions();

    /** The platform's default constants in a stable text, fingerprinted into the model version of baselines. */
    String constants();

    /**
     * The platform's settings as the workflow gives them (defaults filled in), in a stable order: what a content hash
     * of the workflow covers, so that a change of platform counts as a change of the workflow. The two platforms of
     * dagfuse 0.1 keep the fields it hashed, so that the workflow hashes in baselines written then stay the same.
     */
    Map<String, Object> settings();

    /**
     * The overheads the model draws. Latencies are lognormal (σ = 0: a constant).
     *
     * @param invoke one invocation's overhead outside its handler
     * @param storeRead one read of the object store (S3 GET; the local store's read)
     * @param storeWrite one write of the object store
     * @param perObject whether each object read or written pays {@code storeRead}/{@code storeWrite} (one after
     *     another), or an invocation pays one round trip for all its objects (fetched concurrently)
     * @param storeBytesPerSecond bytes per second through the object store
     * @param inlineBytesPerSecond bytes per second of a payload passed inline with the invocation
     * @param inlineLimitBytes the largest payload passed inline; larger ones go through the store (−1: every
     *     hand-off goes through the store)
     * @param coldStartProbability probability that an invocation lands on a fresh environment
     */
    record Overheads(Lognormal invoke, Lognormal storeRead, Lognormal storeWrite, boolean perObject,
                     double storeBytesPerSecond, double inlineBytesPerSecond, long inlineLimitBytes,
                     double coldStartProbability) {

        public Overheads {
            if (!(storeBytesPerSecond > 0) || !(inlineBytesPerSecond > 0)) {
                throw new IllegalArgumentException("The bandwidths (" + storeBytesPerSecond + ", " + inlineBytesPerSecond
                        + " B/s) must be > 0.");
            }
            if (inlineLimitBytes < -1) {
                throw new IllegalArgumentException("The inline limit (" + inlineLimitBytes + " B) must be ≥ -1.");
            }
            if (!(coldStartProbability >= 0 && coldStartProbability <= 1)) {
                throw new IllegalArgumentException("The cold start probability (" + coldStartProbability
                        + ") must be within 0..1. Maybe 0.01.");
            }
        }

        public Overheads withInvoke(Lognormal invoke) {
            return new Overheads(invoke, storeRead, storeWrite, perObject, storeBytesPerSecond, inlineBytesPerSecond,
                    inlineLimitBytes, coldStartProbability);
        }

        public Overheads withStore(Lognormal read, Lognormal write) {
            return new Overheads(invoke, read, write, perObject, storeBytesPerSecond, inlineBytesPerSecond,
                    inlineLimitBytes, coldStartProbability);
        }

        public Overheads withColdStartProbability(double p) {
            return new Overheads(invoke, storeRead, storeWrite, perObject, storeBytesPerSecond, inlineBytesPerSecond,
                    inlineLimitBytes, p);
        }
    }

    /** A lognormal latency by its median and shape σ (σ = 0: the median itself). */
    record Lognormal(double medianMs, double sigma) {

        public Lognormal {
            if (!(medianMs >= 0) || Double.isInfinite(medianMs) || !(sigma >= 0) || Double.isInfinite(sigma)) {
                throw new IllegalArgumentException("The lognormal median (" + medianMs + " ms) and σ (" + sigma
                        + ") must be numbers ≥ 0.");
            }
        }

        public static Lognormal constant(double ms) {
            return new Lognormal(ms, 0);
        }
    }

    /**
     * A platform's hard limits.
     *
     * @param timeoutMs the longest an invocation may run
     * @param inlinePayloadBytes the largest payload a state passes inline
     * @param requestDurationMs the longest a request (one execution) may run under each orchestration: absent means
     *     no limit the model checks (a Standard execution may run a year)
     * @param limitQuantile the quantile of the draws at which time limits are judged (e.g. 99.9: at most 0.1% of
     *     requests may hit a limit)
     */
    record Limits(double timeoutMs, long inlinePayloadBytes, Map<Orchestration, Double> requestDurationMs,
                  double limitQuantile) {

        public Limits {
            requestDurationMs = Map.copyOf(requestDurationMs);
            if (!(limitQuantile > 0 && limitQuantile < 100)) {
                throw new IllegalArgumentException("The limit quantile (" + limitQuantile + ") must be > 0 and < 100. "
                        + "Maybe 99.9.");
            }
        }
    }
}
