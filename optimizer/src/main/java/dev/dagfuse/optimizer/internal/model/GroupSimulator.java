// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.stats.ColdStarts;
import dev.dagfuse.optimizer.GroupModel.Provisioning;
import dev.dagfuse.optimizer.queueing.ErlangB;
import dev.dagfuse.model.stats.Quantiles;
import dev.dagfuse.model.scaling.ScalingModel;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Draws the latency and cost of one group (a fused chain at one memory size and bundle size) on a platform, exactly
 * as docs/model.md describes: the platform says what CPU an invocation gets, what its overheads and transfers take
 * and what it costs. Stateless apart from its inputs; safe to call from several threads.
 */
final class GroupSimulator {

    private static final int ONE_VCPU_MB = ScalingModel.MB_PER_VCPU;

    private final int samples;
    private final Platform platform;
    private final Platform.Overheads overheads;
    /** Whether invocations share the platform's cores: their durations are kept for list scheduling. */
    private final boolean sharedCores;

    /**
     * Per function, its items' work at 1 vCPU, [draw × fanOut + branch]: what every bundle of it draws, whatever its
     * memory and bundle size (common random numbers), so it is drawn once; within {@link #WORK_CACHE_BYTES}.
     */
    private final Map<FunctionModel, double[]> oneVcpuWork;
    private final AtomicLong oneVcpuWorkBytes;
    private static final long WORK_CACHE_BYTES = Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 8);
    private final double[] getTable;
    private final double[] putTable;
    /**
     * Requests per second when the platform draws cold starts from an arrival rate (it keeps idle environments for
     * {@link #keepAliveMs}), else 0: the platform's fixed cold-start probability. Fixed for this simulator, so that a
     * group's probability is a function of its (chain, size, bundle): the billed cache's key covers it.
     */
    private final double ratePerSecond;
    /**
     * How many times a group runs per request, by its head function (a choice's option runs in some requests only, a
     * loop's body E[N] times): its invocations arrive at ratePerSecond times this, which sets its cold starts and its
     * provisioned environments' spill (their keep is paid per request whatever the runs). 1 for every group of a
     * workflow without choices or loops.
     */
    private final ToDoubleFunction<String> runsPerRequest;
    private final double keepAliveMs;

    GroupSimulator(int samples, Platform platform) {
        this(samples, platform, 0);
    }

    /** @param ratePerSecond the requests' arrival rate, 0: none */
    GroupSimulator(int samples, Platform platform, double ratePerSecond) {
        this(samples, platform, ratePerSecond, head -> 1);
    }

    /**
     * @param ratePerSecond the requests' arrival rate, 0: none
     * @param runsPerRequest how many times a group runs per request, by its head function's name (&gt; 0)
     */
    GroupSimulator(int samples, Platform platform, double ratePerSecond, ToDoubleFunction<String> runsPerRequest) {
        this(samples, platform, Math.min(128L << 20, Runtime.getRuntime().maxMemory() / 16), ratePerSecond,
                new ConcurrentHashMap<>(), new AtomicLong(), new WarmCache(), runsPerRequest);
    }

    /** @param cacheBytes at most this many bytes each of kept billed draws and sorted works (0: keep none) */
    GroupSimulator(int samples, Platform platform, long cacheBytes) {
        this(samples, platform, cacheBytes, 0);
    }

    GroupSimulator(int samples, Platform platform, long cacheBytes, double ratePerSecond) {
        this(samples, platform, cacheBytes, ratePerSecond, new ConcurrentHashMap<>(), new AtomicLong(), new WarmCache(),
                head -> 1);
    }

    /**
     * This simulator at another arrival rate, sharing what does not depend on the rate: the functions' works and the
     * groups' warm draws (an hourly pattern draws each hour's rate with the same functions).
     */
    GroupSimulator atRate(double otherRate) {
        return new GroupSimulator(samples, platform, cacheBytes, otherRate, oneVcpuWork, oneVcpuWorkBytes, warmCache,
                runsPerRequest);
    }

    private GroupSimulator(int samples, Platform platform, long cacheBytes, double ratePerSecond,
                           Map<FunctionModel, double[]> oneVcpuWork, AtomicLong oneVcpuWorkBytes, WarmCache warmCache,
                           ToDoubleFunction<String> runsPerRequest) {
        this.runsPerRequest = runsPerRequest;
        this.oneVcpuWork = oneVcpuWork;
        this.oneVcpuWorkBytes = oneVcpuWorkBytes;
        this.warmCache = warmCache;
        boolean fromRate = ratePerSecond > 0 && platform.idleKeepAliveMs().isPresent();
        this.ratePerSecond = fromRate ? ratePerSecond : 0;
        this.keepAliveMs = fromRate ? platform.idleKeepAliveMs().getAsDouble() : 0;
        this.cacheBytes = cacheBytes;
        this.samples = samples;
        this.platform = platform;
        this.overheads = platform.overheads();
        this.sharedCores = platform.sharedCores() > 0;
        this.getTable = table(overheads.storeRead());
        this.putTable = table(overheads.storeWrite());
    }

    private static double[] table(Platform.Lognormal l) {
        return Normal.lognormalTable(l.medianMs(), l.sigma());
    }

    /** Draws per chunk: chunks are simulated independently (in parallel when large) and summed in chunk order. */
    private static final int CHUNK = 1024;
    /** Below this many item-draws a group is simulated on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 200_000;

    /** What one invocation reads and writes, fixed for all draws. */
    private record InvocationSetup(int first, int items, double inlineMs, int s3Objects, double readBytesMs,
                                   boolean writes, double writeBytesMs, long overheadStream, long coldStream,
                                   long getStream, long putStream, long[] workStreams, long[] coldInitStreams) {
    }

    /**
     * Draws a group: {@code chain} on {@code architecture} (its functions' models are that architecture's) at
     * {@code memoryMB} with {@code bundleSize} branches per invocation, orchestrated by {@code orchestration} with Map
     * form {@code map} (both null where the platform has none; map null for a group without fan-out).
     */
    GroupResult simulate(List<FunctionModel> chain, int memoryMB, int bundleSize, Orchestration orchestration,
                         Architecture architecture, MapForm map) {
        return simulate(chain, memoryMB, bundleSize, orchestration, architecture, map, null, false);
    }

    /**
     * As {@link #simulate(List, int, int, Orchestration, Architecture, MapForm)}, with {@code provisioning} (null: on
     * demand): the invocations the provisioned environments serve are never cold, the rest spill to on demand; with
     * {@code snapStart}, a cold invocation restores the platform's snapshot in place of its functions' inits.
     */
    GroupResult simulate(List<FunctionModel> chain, int memoryMB, int bundleSize, Orchestration orchestration,
                         Architecture architecture, MapForm map, Provisioning provisioning, boolean snapStart) {
        double restoreMs = snapStart ? platform.snapStartRestoreMs(architecture).orElseThrow(
                () -> new IllegalArgumentException("The platform (" + platform.name() + ") offers no SnapStart.")) : -1;
        if (provisioning != null && ratePerSecond == 0) {
            throw new IllegalArgumentException("Provisioned concurrency needs an arrival rate (load.rate in the workflow, "
                    + "or --rate) on a platform that offers it (" + platform.name() + ").");
        }
        FunctionModel head = chain.get(0);
        if (head.service != null) {
            return service(head, orchestration, map);
        }
        FunctionModel tail = chain.get(chain.size() - 1);
        int n = head.fanOut;
        int k = Math.max(1, Math.min(bundleSize, n));
        int invocations = (n + k - 1) / k;
        // The platform says at which size on the profile's CPU scale the work is done: locally an invocation holds
        // whole cores whatever its size (the executor's rule), e.g. a 512 MB group of a Lambda plan runs on a full
        // core, not on 0.29 of one.
        int cores = sharedCores ? platform.coresHeld(memoryMB) : 0;
        int effectiveMB = platform.workSizeMB(memoryMB);
        double msPerStoreByte = 1000.0 / overheads.storeBytesPerSecond();
        double msPerInlineByte = 1000.0 / overheads.inlineBytesPerSecond();
        Platform.GroupOrchestration how = platform.groupOrchestration(orchestration, n > 1 ? map : null);
        double[] entryTable = table(how.entry());
        double[] startTable = table(how.perInvocation());
        boolean waves = invocations > how.concurrency();
        double childUnitMs = how.childDurationUnitMs();
        // per-invocation durations are kept when invocations queue (for cores, or for the Map's concurrency) or are
        // billed one by one (child executions)
        boolean perInvocationTotals = waves || childUnitMs > 0;

        DoubleUnaryOperator[] atMemory = new DoubleUnaryOperator[chain.size()];
        DoubleUnaryOperator[] atOneVcpu = new DoubleUnaryOperator[chain.size()];
        for (int f = 0; f < chain.size(); f++) {
            atMemory[f] = chain.get(f).quantiles(effectiveMB);
            atOneVcpu[f] = k > 1 ? chain.get(f).quantiles(ONE_VCPU_MB) : null;
        }

        InvocationSetup[] setups = new InvocationSetup[invocations];
        double puts = 0;
        double gets = 0;
        for (int j = 0; j < invocations; j++) {
            int first = j * k;
            int items = Math.min(k, n - first);
            // input reads: inline payloads arrive with the invocation (not billed); S3 objects are fetched by the
            // handler (billed), concurrently: one GET round trip plus the bytes at the environment's bandwidth
            double inlineBytes = 0;
            double s3Bytes = 0;
            int s3Objects = 0;
            for (FunctionModel.Input in : head.inputs) {
                int objects = in.objects(first, items);
                if (in.viaS3()) {
                    s3Bytes += (double) objects * in.bytes();
                    s3Objects += objects;
                } else {
                    inlineBytes += (double) objects * in.bytes();
                }
            }
            boolean writes = tail.writesS3;
            double outBytes = writes ? (double) items * tail.outputBytes : 0;
            gets += s3Objects;
            puts += writes ? items : 0;
            long[] work = new long[chain.size()];
            long[] coldInit = new long[chain.size()];
            for (int f = 0; f < chain.size(); f++) {
                work[f] = chain.get(f).stream(Streams.WORK, first);
                coldInit[f] = chain.get(f).stream(Streams.COLD_INIT, j);
            }
            setups[j] = new InvocationSetup(first, items, inlineBytes * msPerInlineByte, s3Objects,
                    s3Bytes * msPerStoreByte, writes, outBytes * msPerStoreByte, head.stream(Streams.OVERHEAD, j),
                    head.stream(Streams.COLD, j), head.stream(Streams.S3_GET, j), tail.stream(Streams.S3_PUT, j), work,
                    coldInit);
        }

        double[] latency = new double[samples];
        double[][] perInvocation = sharedCores ? new double[invocations][samples] : null;
        int chunks = (samples + CHUNK - 1) / CHUNK;
        double[] childUnitsPerChunk = new double[chunks];
        double capacity = FunctionModel.capacity(effectiveMB);
        double[][] works = new double[chain.size()][];
        if (k > 1) {
            for (int f = 0; f < chain.size(); f++) {
                works[f] = oneVcpuWork(chain.get(f), atOneVcpu[f]);
            }
        }
        boolean parallel = (long) samples * n * chain.size() >= PARALLEL_THRESHOLD && chunks > 1;
        double[] sortedWorks = k > 1 && Sharing.oneSpeed(chain)
                ? sortedWorks(chain, k, works, atOneVcpu, chunks, parallel) : null;
        // each state passed through draws its own hand-off (a Map group's two states: a fan-out has two streams)
        long[] entryStreams = new long[how.entryStates()];
        for (int s = 0; s < entryStreams.length; s++) {
            entryStreams[s] = head.stream(Streams.ENTRY, s);
        }
        // a group that starts branches of Parallel states first waits for their hand-offs (one draw per Parallel,
        // shared by its branches: the longest branch then adds it once)
        Platform.ParallelStates parallelStates = platform.parallelStates(orchestration);
        long[] parallelStreams = parallelStates == null ? new long[0] : head.parallelStreams;
        double[] parallelTable = parallelStreams.length == 0 ? null : table(parallelStates.entry());
        // What the invocations bill does not depend on the orchestration or the Map form: it is drawn once per
        // (chain, size, bundle) and kept for the other orchestration's and forms' candidates, unless it is too large
        // to keep (or there is one orchestration), when each chunk draws its own and forgets it.
        BilledKey key = sharedCores || (long) invocations * samples * Double.BYTES > cacheBytes / 8 ? null
                : new BilledKey(List.copyOf(chain), memoryMB, k, provisioning, snapStart);
        Billed kept = key == null ? null : cachedBilled(key);
        if (key != null && kept == null) {
            double[][] billedMs = new double[invocations][samples];
            double[] longest = new double[samples];
            double[] perChunk = new double[chunks];
            // with an arrival rate the cold starts follow from the warm draws' mean: drawn warm, then made cold; the
            // warm draws are kept too, for the group's other provisionings (a copy is made cold: the same bits)
            double drawnCold = ratePerSecond > 0 ? 0 : overheads.coldStartProbability();
            BilledKey warmKey = ratePerSecond > 0 ? new BilledKey(key.chain(), memoryMB, k, null, false) : null;
            double[][] warm = warmKey == null ? null : cachedWarm(warmKey);
            if (warm != null) {
                for (int j = 0; j < invocations; j++) {
                    System.arraycopy(warm[j], 0, billedMs[j], 0, samples);
                }
            } else {
                chunks(chunks, parallel).forEach(c -> perChunk[c] = drawBilled(chain, atMemory, atOneVcpu, works,
                        sortedWorks, capacity, k, setups, c, billedMs, 0, longest, drawnCold, restoreMs));
                if (warmKey != null) {
                    double[][] copy = new double[invocations][];
                    for (int j = 0; j < invocations; j++) {
                        copy[j] = billedMs[j].clone();
                    }
                    keepWarm(warmKey, copy);
                }
            }
            Cold cold = new Cold(drawnCold, 0, 1, Double.NaN);
            if (ratePerSecond > 0) {
                cold = coldFromRate(rateOf(chain.get(0)), meanOf(billedMs, chunks), invocations, provisioning);
                double p = cold.probability();
                chunks(chunks, parallel).forEach(c -> perChunk[c] = addColdStarts(chain, setups, billedMs, 0, c,
                        longest, p, restoreMs));
            }
            kept = keep(key, new Billed(billedMs, perChunk, longest, atLimit(longest), cold));
        }
        // not kept: the warm mean is drawn first (a second pass over the work) when the rate needs it
        Cold cold = kept != null ? kept.cold()
                : ratePerSecond > 0 ? coldFromRate(rateOf(chain.get(0)), meanWarmMs(chain, atMemory, atOneVcpu, works, sortedWorks,
                        capacity, k, setups, chunks, parallel), invocations, provisioning)
                : new Cold(overheads.coldStartProbability(), 0, 1, Double.NaN);
        double coldP = cold.probability();
        Billed drawn = kept;
        double[] longestBilled = drawn != null ? drawn.longestBilledMs() : new double[samples];
        double[] billedPerChunk = drawn != null ? drawn.billedMsPerChunk() : new double[chunks];
        chunks(chunks, parallel || (long) samples * invocations >= PARALLEL_THRESHOLD).forEach(c -> {
            int from = c * CHUNK;
            int to = Math.min(samples, from + CHUNK);
            double[][] billed;
            int base;
            if (drawn != null) {
                billed = drawn.billedMs();
                base = 0;
            } else {
                billed = new double[invocations][to - from];
                base = from;
                if (ratePerSecond > 0) {
                    // as when kept: warm first, then the cold starts, so that both ways give the same bits
                    drawBilled(chain, atMemory, atOneVcpu, works, sortedWorks, capacity, k, setups, c, billed, base,
                            longestBilled, 0, restoreMs);
                    billedPerChunk[c] = addColdStarts(chain, setups, billed, base, c, longestBilled, coldP, restoreMs);
                } else {
                    billedPerChunk[c] = drawBilled(chain, atMemory, atOneVcpu, works, sortedWorks, capacity, k,
                            setups, c, billed, base, longestBilled, coldP, restoreMs);
                }
            }
            double[][] totals = perInvocationTotals ? new double[invocations][to - from] : null;
            for (int j = 0; j < invocations; j++) {
                InvocationSetup s = setups[j];
                double[] own = sharedCores ? perInvocation[j] : null;
                double[] total = totals == null ? null : totals[j];
                for (int i = from; i < to; i++) {
                    double t = startTable[Streams.level(s.overheadStream(), i, Normal.TABLE_BITS)] + s.inlineMs()
                            + billed[j][i - base];
                    if (t > latency[i]) {
                        latency[i] = t;
                    }
                    if (own != null) {
                        own[i] = t;
                    }
                    if (total != null) {
                        total[i - from] = t;
                    }
                }
            }
            double units = 0;
            if (totals != null) {
                double[] slots = waves ? new double[how.concurrency()] : null;
                for (int i = from; i < to; i++) {
                    if (waves) {
                        latency[i] = fifoMakespan(totals, i - from, slots);
                    }
                    if (childUnitMs > 0) {
                        for (double[] t : totals) {
                            units += Math.ceil(t[i - from] / childUnitMs);
                        }
                    }
                }
            }
            for (int st = 0; st < how.entryStates(); st++) {
                long stream = entryStreams[st];
                for (int i = from; i < to; i++) {
                    latency[i] += entryTable[Streams.level(stream, i, Normal.TABLE_BITS)];
                }
            }
            for (long stream : parallelStreams) {
                for (int i = from; i < to; i++) {
                    latency[i] += parallelTable[Streams.level(stream, i, Normal.TABLE_BITS)];
                }
            }
            childUnitsPerChunk[c] = units;
        });
        double billedMsSum = 0;
        double childUnits = 0;
        for (int c = 0; c < chunks; c++) {
            billedMsSum += billedPerChunk[c];
            childUnits += childUnitsPerChunk[c];
        }
        double meanBilledMs = billedMsSum / samples;
        double computeUsd;
        double keepUsd = 0;
        if (cold.environments() > 0) {
            // the keep is paid per second whether or not a request runs the group: per request at the requests' rate
            // (a choice or loop scales only the rest, GroupResult.scaled)
            computeUsd = platform.provisionedComputeCost(architecture, memoryMB, meanBilledMs, invocations,
                    cold.environments(), cold.spill(), ratePerSecond);
            keepUsd = platform.provisionedComputeCost(architecture, memoryMB, 0, 0, cold.environments(), 0,
                    ratePerSecond);
        } else {
            computeUsd = platform.computeCost(architecture, memoryMB, meanBilledMs, invocations);
        }
        double s3Usd = platform.storeCost(puts, gets);
        double transitionsUsd = platform.groupOrchestrationCost(orchestration, n > 1 ? map : null, invocations, n,
                childUnits / samples);
        if (parallelStates != null && head.parallelsFirst > 0) {
            // each Parallel state is entered once per request: counted by the group that starts its first branch
            transitionsUsd += head.parallelsFirst * parallelStates.costPerRequest();
        }
        double longestAtLimit = drawn != null ? drawn.longestAtLimitMs() : atLimit(longestBilled);
        return new GroupResult(latency, computeUsd, s3Usd, transitionsUsd, invocations, perInvocation, cores,
                longestAtLimit, coldP, cold.environments(), cold.spill(), keepUsd, meanBilledMs, cold.meanWarmMs());
    }

    /**
     * {@code onDemand}'s group (same chain, size, bundle, orchestration, architecture and Map form) with
     * {@code provisioning} or {@code snapStart}, without drawing it again, when none of its draws is cold: the cold
     * invocations of a provisioned group are among those of the group on demand (a lower P(cold) on the same uniforms),
     * and a SnapStart group is cold on the same ones, so its draws are the same, and so is everything but the compute
     * cost. The same numbers as {@link #simulate} to the bit (the billed sums are the on-demand ones). Null when some
     * on-demand draw is cold, or without an arrival rate (then {@link #simulate}).
     */
    GroupResult withoutColdDraws(GroupResult onDemand, FunctionModel head, int memoryMB, Architecture architecture,
                                 Provisioning provisioning) {
        if (ratePerSecond == 0 || onDemand.provisioned() != 0 || anyCold(head, onDemand.invocations(),
                onDemand.coldStartProbability())) {
            return null;
        }
        Cold cold = provisioning == null ? new Cold(onDemand.coldStartProbability(), 0, 1, onDemand.meanWarmMs())
                : coldFromRate(rateOf(head), onDemand.meanWarmMs(), onDemand.invocations(), provisioning);
        if (cold.environments() == 0) {
            return onDemand; // SnapStart: no draw restores
        }
        double computeUsd = platform.provisionedComputeCost(architecture, memoryMB, onDemand.meanBilledMs(),
                onDemand.invocations(), cold.environments(), cold.spill(), ratePerSecond);
        double keepUsd = platform.provisionedComputeCost(architecture, memoryMB, 0, 0, cold.environments(), 0,
                ratePerSecond);
        return new GroupResult(onDemand.latencyMs(), computeUsd, onDemand.s3Usd(), onDemand.transitionsUsd(),
                onDemand.invocations(), onDemand.invocationMs(), onDemand.cores(), onDemand.longestInvocationMs(),
                cold.probability(), cold.environments(), cold.spill(), keepUsd, onDemand.meanBilledMs(),
                onDemand.meanWarmMs());
    }

    /** Whether some invocation of some draw is cold with probability {@code coldP} (its uniform on its cold stream). */
    private boolean anyCold(FunctionModel head, int invocations, double coldP) {
        if (!(coldP > 0)) {
            return false;
        }
        for (int j = 0; j < invocations; j++) {
            long stream = head.stream(Streams.COLD, j);
            for (int i = 0; i < samples; i++) {
                if (Streams.uniform(stream, i) < coldP) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The makespan of invocations that all start as soon as one of {@code slots.length} slots is free, in index order
     * (a Map state's iterations beyond its concurrency wait for the earliest to finish).
     */
    static double fifoMakespan(double[][] totals, int draw, double[] slots) {
        Arrays.fill(slots, 0);
        double end = 0;
        for (double[] t : totals) {
            int earliest = 0;
            for (int s = 1; s < slots.length; s++) {
                if (slots[s] < slots[earliest]) {
                    earliest = s;
                }
            }
            slots[earliest] += t[draw];
            end = Math.max(end, slots[earliest]);
        }
        return end;
    }

    /**
     * What every invocation of a group bills, per draw, before the orchestration adds its start-up: work (alone, or
     * shared in a bundle), cold start, the store's round trips and bytes.
     *
     * @param billedMs per invocation, per draw (shared, never modify)
     * @param billedMsPerChunk per chunk of draws, the sum over invocations and draws of the platform's billed ms
     * @param longestBilledMs per draw, the longest invocation's billed duration
     * @param longestAtLimitMs its value at the platform's limit quantile
     * @param cold the probability with which each invocation was drawn cold, and the provisioning it follows from
     */
    private record Billed(double[][] billedMs, double[] billedMsPerChunk, double[] longestBilledMs,
                          double longestAtLimitMs, Cold cold) {
        long bytes() {
            return 8L * (billedMs.length + 1L) * longestBilledMs.length + 8L * billedMsPerChunk.length;
        }
    }

    /**
     * A group's billed draws: identified by its functions' models (their architecture's), its size and bundle, and its
     * provisioning (null: on demand), which decides which draws are cold.
     */
    private record BilledKey(List<FunctionModel> chain, int memoryMB, int bundleSize, Provisioning provisioning,
                             boolean snapStart) {
    }

    /**
     * P(cold) of one invocation, and the provisioning it follows from.
     *
     * @param environments provisioned environments, 0: on demand
     * @param spill the share of invocations that find them all busy (Erlang B; 1 on demand)
     */
    record Cold(double probability, int environments, double spill, double meanWarmMs) {
    }

    /** Least recently used first, guarded by itself, at most {@link #cacheBytes} of draws. */
    private final Map<BilledKey, Billed> billedCache = new LinkedHashMap<>(16, 0.75f, true);
    private long billedCacheBytes;

    /** A bundled chain's sorted works: its functions' models and its bundle size. */
    private record SortedKey(List<FunctionModel> chain, int bundleSize) {
    }

    /** Least recently used first, guarded by itself, at most {@link #cacheBytes}. */
    private final Map<SortedKey, double[]> sortedCache = new LinkedHashMap<>(16, 0.75f, true);
    private long sortedCacheBytes;
    /** The most bytes kept by each of the billed and the sorted caches; an entry above an eighth is not kept. */
    private final long cacheBytes;

    /**
     * A one-speed bundle's items' summed works at 1 vCPU, sorted per invocation and draw, [draw × fanOut + branch]:
     * what its closed form reads at every memory size (the works do not depend on it), so sorted once per (chain,
     * bundle size); null when too large to keep (each draw then sorts its own).
     */
    private double[] sortedWorks(List<FunctionModel> chain, int k, double[][] works, DoubleUnaryOperator[] atOneVcpu,
                                 int chunks, boolean parallel) {
        int n = chain.get(0).fanOut;
        long bytes = (long) samples * n * Double.BYTES;
        if (bytes > cacheBytes / 8) {
            return null;
        }
        SortedKey key = new SortedKey(List.copyOf(chain), k);
        synchronized (sortedCache) {
            double[] hit = sortedCache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        double[] sorted = new double[samples * n];
        chunks(chunks, parallel).forEach(c -> {
            int to = Math.min(samples, (c + 1) * CHUNK);
            for (int i = c * CHUNK; i < to; i++) {
                for (int first = 0; first < n; first += k) {
                    Sharing.sortedSums(chain, works, atOneVcpu, first, Math.min(k, n - first), i, sorted, i * n + first);
                }
            }
        });
        synchronized (sortedCache) {
            double[] previous = sortedCache.put(key, sorted);
            sortedCacheBytes += bytes - (previous == null ? 0 : bytes);
            var eldest = sortedCache.entrySet().iterator();
            while (sortedCacheBytes > cacheBytes && eldest.hasNext()) {
                sortedCacheBytes -= 8L * eldest.next().getValue().length;
                eldest.remove();
            }
        }
        return sorted;
    }

    /** Warm billed draws with an arrival rate, per (chain, size, bundle): least recently used first. */
    private final WarmCache warmCache;

    /** Guarded by itself; at most {@link #cacheBytes} of draws (the first simulator's bound). */
    private static final class WarmCache {
        private final Map<BilledKey, double[][]> draws = new LinkedHashMap<>(16, 0.75f, true);
        private long bytes;

        synchronized double[][] get(BilledKey key) {
            return draws.get(key);
        }

        synchronized void put(BilledKey key, double[][] warm, long size, long limit, int samples) {
            double[][] previous = draws.put(key, warm);
            bytes += size - (previous == null ? 0 : size);
            var eldest = draws.entrySet().iterator();
            while (bytes > limit && eldest.hasNext()) {
                bytes -= 8L * eldest.next().getValue().length * samples;
                eldest.remove();
            }
        }
    }

    private double[][] cachedWarm(BilledKey key) {
        return warmCache.get(key);
    }

    private void keepWarm(BilledKey key, double[][] warm) {
        warmCache.put(key, warm, 8L * warm.length * samples, cacheBytes, samples);
    }

    private Billed cachedBilled(BilledKey key) {
        synchronized (billedCache) {
            return billedCache.get(key);
        }
    }

    // another thread may have drawn the same meanwhile: identical values, either is kept
    private Billed keep(BilledKey key, Billed drawn) {
        synchronized (billedCache) {
            Billed previous = billedCache.put(key, drawn);
            billedCacheBytes += drawn.bytes() - (previous == null ? 0 : previous.bytes());
            var eldest = billedCache.entrySet().iterator();
            while (billedCacheBytes > cacheBytes && eldest.hasNext()) {
                Billed dropped = eldest.next().getValue();
                eldest.remove();
                billedCacheBytes -= dropped.bytes();
            }
        }
        return drawn;
    }

    /** The longest invocation's billed duration at the platform's limit quantile (what its timeout is judged by). */
    private double atLimit(double[] longestBilled) {
        double[] sorted = longestBilled.clone();
        Arrays.sort(sorted);
        return Quantiles.percentileOfSorted(sorted, platform.limits().limitQuantile());
    }

    private static IntStream chunks(int chunks, boolean parallel) {
        IntStream range = IntStream.range(0, chunks);
        return parallel && chunks > 1 ? range.parallel() : range;
    }

    /**
     * Chunk {@code c} of every invocation's billed draws into {@code billed[j][i - base]}, folded into
     * {@code longestBilled[i]}; returns the sum of the platform's billed ms over them, invocation by invocation.
     */
    private double drawBilled(List<FunctionModel> chain, DoubleUnaryOperator[] atMemory,
                              DoubleUnaryOperator[] atOneVcpu, double[][] works, double[] sortedWorks,
                              double capacity, int k,
                              InvocationSetup[] setups, int c, double[][] billed, int base, double[] longestBilled,
                              double coldP, double restoreMs) {
        Sharing sharing = k > 1 ? new Sharing(chain, atOneVcpu, works, sortedWorks, capacity, k) : null;
        int from = c * CHUNK;
        int to = Math.min(samples, from + CHUNK);
        double sum = 0;
        for (int j = 0; j < setups.length; j++) {
            sum += drawChunk(chain, atMemory, sharing, setups[j], from, to, billed[j], base, longestBilled, coldP,
                    restoreMs);
        }
        return sum;
    }

    /**
     * The probability that an invocation of a group is cold when it runs {@code groupRate} times a second
     * ({@link #rateOf}): the group is invoked {@code invocations} times per run, each busy for {@code meanWarmMs} on average. With
     * {@code provisioning}, c environments are kept initialised and taken first: an invocation arriving while all c
     * are busy spills to on demand (a loss system offered a = λ·E[D] erlangs: Erlang B, insensitive to the duration's
     * distribution), and only those can be cold (docs/model.md, "Provisioned concurrency").
     */
    private Cold coldFromRate(double groupRate, double meanWarmMs, int invocations, Provisioning provisioning) {
        double lambda = groupRate * invocations;
        // a group's candidate provisionings share the sum's terms (its eigen-decompositions are most of the cost)
        ColdStarts.Levels levels = levelsCache.get(new LevelsKey(lambda, meanWarmMs));
        if (levels == null) {
            levels = ColdStarts.levels(lambda, meanWarmMs, keepAliveMs);
            if (levelsCache.size() > 100_000) {
                levelsCache.clear();
            }
            levelsCache.put(new LevelsKey(lambda, meanWarmMs), levels);
        }
        return cold(levels, lambda, meanWarmMs, provisioning);
    }

    private record LevelsKey(double lambda, double meanWarmMs) {
    }

    /**
     * The fewest provisioned environments that spill at most {@code spillTarget} of a group's invocations (Erlang B),
     * at least 1: the group is invoked {@code invocations} times per request, each busy {@code meanWarmMs}.
     */
    int environmentsFor(FunctionModel head, double meanWarmMs, int invocations, double spillTarget) {
        double erlangs = rateOf(head) * invocations * meanWarmMs / 1000;
        return Math.max(1, ErlangB.serversFor(erlangs, spillTarget));
    }

    /**
     * How many times a second the group whose head is {@code head} runs: the requests' rate times its runs per request
     * (a never-running option counts as a vanishing rate, so that its draws stay defined; it costs nothing).
     */
    double rateOf(FunctionModel head) {
        return ratePerSecond * Math.max(runsPerRequest.applyAsDouble(head.name), 1e-12);
    }

    /** The cold-start sums per (arrival rate, mean warm duration): the keep-alive is the simulator's. */
    private final Map<LevelsKey, ColdStarts.Levels> levelsCache = new ConcurrentHashMap<>();

    /**
     * {@link #coldFromRate} for invocations arriving at {@code lambda} per second. With c provisioned, P(cold) is the
     * keep-alive formula's sum over the busy levels b ≥ c only ({@link ColdStarts#probability(double, double, double,
     * int)}): the whole system's busy count, whose excursions above c are what the on-demand environments see. (Taking
     * the spill as a Poisson stream at λ·B instead misses its bursts: up to 2.4 points and half the cold starts off
     * against the simulation of ProvisionedSpillTest, where this stays within 1.1 points.)
     */
    static Cold cold(double lambda, double meanWarmMs, double keepAliveMs, Provisioning provisioning) {
        return cold(ColdStarts.levels(lambda, meanWarmMs, keepAliveMs), lambda, meanWarmMs, provisioning);
    }

    private static Cold cold(ColdStarts.Levels levels, double lambda, double meanWarmMs, Provisioning provisioning) {
        if (provisioning == null) {
            return new Cold(levels.probability(0), 0, 1, meanWarmMs);
        }
        double erlangs = lambda * meanWarmMs / 1000;
        int c = provisioning.environments() > 0 ? provisioning.environments()
                : Math.max(1, ErlangB.serversFor(erlangs, provisioning.spillTarget())); // as environmentsFor
        double spill = ErlangB.blocking(c, erlangs);
        return new Cold(levels.probability(c), c, spill, meanWarmMs);
    }

    /** The mean over invocations and draws, summed chunk by chunk as {@link #meanWarmMs} sums them (same bits). */
    private double meanOf(double[][] billedMs, int chunks) {
        double sum = 0;
        for (int c = 0; c < chunks; c++) {
            int from = c * CHUNK;
            int to = Math.min(samples, from + CHUNK);
            double chunk = 0;
            for (double[] invocation : billedMs) {
                for (int i = from; i < to; i++) {
                    chunk += invocation[i];
                }
            }
            sum += chunk;
        }
        return sum / ((double) samples * billedMs.length);
    }

    /** The mean warm billed duration of an invocation, drawn chunk by chunk and forgotten (a group not kept). */
    private double meanWarmMs(List<FunctionModel> chain, DoubleUnaryOperator[] atMemory, DoubleUnaryOperator[] atOneVcpu,
                              double[][] works, double[] sortedWorks, double capacity, int k,
                              InvocationSetup[] setups, int chunks, boolean parallel) {
        double[] sums = new double[chunks];
        double[] longest = new double[samples];
        chunks(chunks, parallel).forEach(c -> {
            int from = c * CHUNK;
            double[][] billed = new double[setups.length][Math.min(samples, from + CHUNK) - from];
            drawBilled(chain, atMemory, atOneVcpu, works, sortedWorks, capacity, k, setups, c, billed, from, longest, 0,
                    -1);
            double sum = 0;
            for (double[] invocation : billed) {
                for (double v : invocation) {
                    sum += v;
                }
            }
            sums[c] = sum;
        });
        double sum = 0;
        for (double v : sums) {
            sum += v;
        }
        return sum / ((double) samples * setups.length);
    }

    /**
     * Makes chunk {@code c} of warm draws ({@code billed[j][i - base]}) cold with probability {@code coldP}: one draw per
     * invocation on its cold stream, adding the init time of every function of the chain. Folds the results into
     * {@code longest[i]} anew and returns the sum of the platform's billed ms over them.
     */
    private double addColdStarts(List<FunctionModel> chain, InvocationSetup[] setups, double[][] billed, int base,
                                 int c, double[] longest, double coldP, double restoreMs) {
        int from = c * CHUNK;
        int to = Math.min(samples, from + CHUNK);
        for (int i = from; i < to; i++) {
            longest[i] = 0;
        }
        double sum = 0;
        for (int j = 0; j < setups.length; j++) {
            InvocationSetup s = setups[j];
            double[] drawn = billed[j];
            for (int i = from; i < to; i++) {
                if (coldP > 0 && Streams.uniform(s.coldStream(), i) < coldP) {
                    drawn[i - base] += restoreMs >= 0 ? restoreMs : initMs(chain, s, i);
                }
                if (drawn[i - base] > longest[i]) {
                    longest[i] = drawn[i - base];
                }
                sum += platform.billedMs(drawn[i - base]);
            }
        }
        return sum;
    }

    /** A cold invocation's init: each function of the chain draws its own from its profile (fusion pays one per group). */
    private static double initMs(List<FunctionModel> chain, InvocationSetup s, int i) {
        double init = 0;
        for (int f = 0; f < chain.size(); f++) {
            init += chain.get(f).coldStartMs(Streams.uniform(s.coldInitStreams()[f], i));
        }
        return init;
    }

    /**
     * Draws [from, to) of one invocation's billed duration (work, cold start, the store's round trips and bytes) into
     * {@code billedOut[i - base]} and folds it into {@code longestBilled[i]} (max); returns the sum of the platform's
     * billed ms.
     */
    private double drawChunk(List<FunctionModel> chain, DoubleUnaryOperator[] atMemory, Sharing sharing,
                             InvocationSetup s, int from, int to, double[] billedOut, int base,
                             double[] longestBilled, double coldP, double restoreMs) {
        boolean perObject = overheads.perObject();
        long[] work = s.workStreams();
        double billedSum = 0;
        for (int i = from; i < to; i++) {
            double billed;
            if (s.items() == 1) {
                billed = 0;
                for (int f = 0; f < atMemory.length; f++) {
                    billed += atMemory[f].applyAsDouble(Streams.uniform(work[f], i));
                }
            } else {
                billed = sharing.makespan(s.first(), s.items(), i);
            }
            if (coldP > 0 && Streams.uniform(s.coldStream(), i) < coldP) {
                if (restoreMs >= 0) {
                    billed += restoreMs; // SnapStart: one restore for the group's function
                } else {
                    for (int f = 0; f < chain.size(); f++) {
                        billed += chain.get(f).coldStartMs(Streams.uniform(s.coldInitStreams()[f], i));
                    }
                }
            }
            // the store's round trips: one for all of an invocation's objects (fetched concurrently), or one per object
            if (s.s3Objects() > 0) {
                double get = getTable[Streams.level(s.getStream(), i, Normal.TABLE_BITS)];
                billed += (perObject ? s.s3Objects() * get : get) + s.readBytesMs();
            }
            if (s.writes()) {
                double put = putTable[Streams.level(s.putStream(), i, Normal.TABLE_BITS)];
                billed += (perObject ? s.items() * put : put) + s.writeBytesMs();
            }
            billedOut[i - base] = billed;
            if (billed > longestBilled[i]) {
                longestBilled[i] = billed;
            }
            billedSum += platform.billedMs(billed);
        }
        return billedSum;
    }

    /** The function's items' work at 1 vCPU for every draw, or null when the cache is full. */
    private double[] oneVcpuWork(FunctionModel f, DoubleUnaryOperator atOneVcpu) {
        double[] cached = oneVcpuWork.get(f);
        if (cached != null) {
            return cached;
        }
        long bytes = (long) samples * f.fanOut * Double.BYTES;
        if (oneVcpuWorkBytes.addAndGet(bytes) > WORK_CACHE_BYTES) {
            oneVcpuWorkBytes.addAndGet(-bytes);
            return null;
        }
        double[] works = new double[samples * f.fanOut];
        for (int b = 0; b < f.fanOut; b++) {
            long stream = f.stream(Streams.WORK, b);
            for (int i = 0; i < samples; i++) {
                works[i * f.fanOut + b] = atOneVcpu.applyAsDouble(Streams.uniform(stream, i));
            }
        }
        double[] raced = oneVcpuWork.putIfAbsent(f, works);
        if (raced != null) {
            oneVcpuWorkBytes.addAndGet(-bytes); // another thread drew the same: identical values
            return raced;
        }
        return works;
    }

    /**
     * Processor sharing inside one bundled invocation: the active items split the invocation's vCPUs equally
     * (water-filling), each capped at the parallelism of the function it is running; an item's work is drawn at
     * the 1-vCPU size and progresses at speed t(1) / t(c) when it holds c vCPUs (t the function's fitted a + b / c).
     * Items run their chain's functions one after another. Reuses its arrays: one instance per chunk of draws.
     *
     * <p>All items in the same function get the same share, hence the same speed. So each function keeps a
     * virtual clock (the work an item in it has done since the start) and a min-heap of the clock readings at
     * which its items finish: an event costs O(L + log k) for a chain of L functions and k items, instead of
     * rescanning every item, and a draw costs O(k L (L + log k)).
     */
    private static final class Sharing {
        private final List<FunctionModel> chain;
        private final DoubleUnaryOperator[] atOneVcpu;
        private final double capacity;
        private final int length;
        private final int[] cap;
        private final double[] fitA;
        private final double[] fitB;
        private final int maxParallelism;
        private final int minParallelism;
        /** Whether every function has the same speed at every share (see {@link #singleFunction}). */
        private final boolean oneSpeed;
        /** Functions in ascending parallelism (the water-filling order). */
        private final int[] byCap;
        /** Per function: its virtual clock, its item count, its heap of (finish reading, item). */
        private final double[] clock;
        private final int[] count;
        private final double[][] heapAt;
        private final int[][] heapItem;
        /** The speed of an item in function f, set by {@link #allocate}. */
        private final double[] speed;
        /** speed[f] when {@code active} items share the capacity equally (no cap binds): [f][active]. */
        private final double[][] equalSpeed;
        /** Per function, the cached works [draw × fanOut + branch], or null (then drawn here). */
        private final double[][] works;
        /** With one speed: each invocation's summed works in ascending order, [draw × fanOut + branch], or null. */
        private final double[] sortedWorks;
        private final int fanOut;

        Sharing(List<FunctionModel> chain, DoubleUnaryOperator[] atOneVcpu, double[][] works, double[] sortedWorks,
                double capacity, int k) {
            this.chain = chain;
            this.sortedWorks = sortedWorks;
            this.atOneVcpu = atOneVcpu;
            this.works = works;
            this.fanOut = chain.get(0).fanOut;
            this.capacity = capacity;
            this.length = chain.size();
            this.cap = chain.stream().mapToInt(f -> f.parallelism).toArray();
            this.fitA = chain.stream().mapToDouble(f -> f.fitA).toArray();
            this.fitB = chain.stream().mapToDouble(f -> f.fitB).toArray();
            this.maxParallelism = Arrays.stream(cap).max().orElse(1);
            this.oneSpeed = oneSpeed(chain);
            this.minParallelism = Arrays.stream(cap).min().orElse(1);
            this.byCap = IntStream.range(0, length).boxed()
                    .sorted((x, y) -> Integer.compare(cap[x], cap[y])).mapToInt(Integer::intValue).toArray();
            this.clock = new double[length];
            this.count = new int[length];
            this.heapAt = new double[length][k];
            this.heapItem = new int[length][k];
            this.speed = new double[length];
            this.equalSpeed = new double[length][k + 1];
            for (int f = 0; f < length; f++) {
                for (int active = 1; active <= k; active++) {
                    equalSpeed[f][active] = speedOf(f, capacity / active);
                }
            }
        }

        /** Whether every function of the chain has the same speed at every share (see {@link #singleFunction}). */
        static boolean oneSpeed(List<FunctionModel> chain) {
            FunctionModel first = chain.get(0);
            for (FunctionModel f : chain) {
                if (f.parallelism != first.parallelism
                        || Double.compare(serialFraction(f), serialFraction(first)) != 0) {
                    return false;
                }
            }
            return true;
        }

        /** a / (a + b) of t(c) = a + b / c, which alone shapes the speed t(1) / t(c); NaN when b ≤ 0 (speed 1). */
        private static double serialFraction(FunctionModel f) {
            return f.fitB <= 0 ? Double.NaN : f.fitA / (f.fitA + f.fitB);
        }

        private double speedOf(int f, double cpu) {
            double b = fitB[f];
            return b <= 0 ? 1 : (fitA[f] + b) / (fitA[f] + b / cpu);
        }

        private double work(int f, int branch, int draw) {
            return work(chain, works, atOneVcpu, f, branch, draw);
        }

        private static double work(List<FunctionModel> chain, double[][] works, DoubleUnaryOperator[] atOneVcpu, int f,
                                   int branch, int draw) {
            double[] cached = works[f];
            return cached != null ? cached[draw * chain.get(0).fanOut + branch]
                    : atOneVcpu[f].applyAsDouble(Streams.uniform(chain.get(f).stream(Streams.WORK, branch), draw));
        }

        /** The items' works summed over the chain, in ascending order, into {@code out[at..at + items)}. */
        static void sortedSums(List<FunctionModel> chain, double[][] works, DoubleUnaryOperator[] atOneVcpu,
                               int firstBranch, int items, int draw, double[] out, int at) {
            for (int b = 0; b < items; b++) {
                double w = 0;
                for (int f = 0; f < chain.size(); f++) {
                    w += work(chain, works, atOneVcpu, f, firstBranch + b, draw);
                }
                out[at + b] = w;
            }
            Arrays.sort(out, at, at + items);
        }

        double makespan(int firstBranch, int items, int draw) {
            if (oneSpeed) {
                return singleFunction(firstBranch, items, draw);
            }
            if (capacity >= items * maxParallelism) {
                // no contention: every item always gets its full parallelism
                double longest = 0;
                for (int b = 0; b < items; b++) {
                    double t = 0;
                    for (int f = 0; f < length; f++) {
                        t += work(f, firstBranch + b, draw) / speedOf(f, cap[f]);
                    }
                    longest = Math.max(longest, t);
                }
                return longest;
            }
            Arrays.fill(clock, 0);
            Arrays.fill(count, 0);
            int active = 0;
            for (int b = 0; b < items; b++) {
                if (advance(b, -1, firstBranch, draw)) {
                    active++;
                }
            }
            double time = 0;
            while (active > 0) {
                allocate(active);
                double dt = Double.POSITIVE_INFINITY;
                for (int f = 0; f < length; f++) {
                    if (count[f] > 0) {
                        dt = Math.min(dt, (heapAt[f][0] - clock[f]) / speed[f]);
                    }
                }
                time += dt;
                double done = 1e-9 * (1 + dt);
                for (int f = 0; f < length; f++) {
                    if (count[f] > 0) {
                        clock[f] += speed[f] * dt;
                    }
                }
                // items in later functions first: an item that moves on must not be popped again in this event
                for (int f = length - 1; f >= 0; f--) {
                    while (count[f] > 0 && heapAt[f][0] - clock[f] <= done) {
                        int b = heapItem[f][0];
                        pop(f);
                        if (!advance(b, f, firstBranch, draw)) {
                            active--;
                        }
                    }
                }
            }
            return time;
        }

        // One speed for every function (one cap, one serial fraction): an item progresses at the same rate whichever
        // function it runs, so the chain acts as one function of the summed work: processor sharing in closed form
        // over the items' works in ascending order.
        private double singleFunction(int firstBranch, int items, int draw) {
            double[] works;
            int offset;
            if (sortedWorks != null) {
                works = sortedWorks;
                offset = draw * fanOut + firstBranch;
            } else {
                works = heapAt[0];
                offset = 0;
                sortedSums(chain, this.works, atOneVcpu, firstBranch, items, draw, works, 0);
            }
            double time = 0;
            double done = 0;
            for (int b = 0; b < items; b++) {
                double rate = Math.min(cap[0], capacity / (items - b));
                time += (works[offset + b] - done) / speedOf(0, rate);
                done = works[offset + b];
            }
            return time;
        }

        // Moves item b from function {@code from} to its next function with positive work; false when it has finished.
        private boolean advance(int b, int from, int firstBranch, int draw) {
            for (int f = from + 1; f < length; f++) {
                double w = work(f, firstBranch + b, draw);
                if (w > 0) {
                    push(f, clock[f] + w, b);
                    return true;
                }
            }
            return false;
        }

        // Water-filling over functions: equal shares of the capacity, no item above its function's parallelism.
        private void allocate(int active) {
            if (minParallelism * active >= capacity) {
                // no cap binds (the usual case in a crowded bundle): equal shares
                for (int f = 0; f < length; f++) {
                    speed[f] = equalSpeed[f][active];
                }
                return;
            }
            double left = capacity;
            int open = active;
            for (int f : byCap) {
                if (count[f] > 0) {
                    double share = Math.min(cap[f], left / open);
                    speed[f] = speedOf(f, share);
                    left -= share * count[f];
                    open -= count[f];
                }
            }
        }

        private void push(int f, double at, int item) {
            double[] h = heapAt[f];
            int[] items = heapItem[f];
            int i = count[f]++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (h[parent] <= at) {
                    break;
                }
                h[i] = h[parent];
                items[i] = items[parent];
                i = parent;
            }
            h[i] = at;
            items[i] = item;
        }

        private void pop(int f) {
            double[] h = heapAt[f];
            int[] items = heapItem[f];
            int n = --count[f];
            double at = h[n];
            int item = items[n];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= n) {
                    break;
                }
                if (child + 1 < n && h[child + 1] < h[child]) {
                    child++;
                }
                if (h[child] >= at) {
                    break;
                }
                h[i] = h[child];
                items[i] = items[child];
                i = child;
            }
            h[i] = at;
            items[i] = item;
        }
    }

    /**
     * A service task or a Wait state (never fused or bundled): its state's hand-offs, then the longest of its
     * {@code fanOut} calls, each its start (a Map iteration's hand-off) and a draw from its latency distribution; it costs its price per call and its state
     * transitions, no Lambda time, and has no cold start.
     */
    private GroupResult service(FunctionModel f, Orchestration orchestration, MapForm map) {
        int n = f.fanOut;
        Platform.GroupOrchestration how = platform.groupOrchestration(orchestration, n > 1 ? map : null);
        double[] entryTable = table(how.entry());
        double[] startTable = table(how.perInvocation());
        Platform.ParallelStates parallelStates = platform.parallelStates(orchestration);
        long[] parallelStreams = parallelStates == null ? new long[0] : f.parallelStreams;
        double[] parallelTable = parallelStreams.length == 0 ? null : table(parallelStates.entry());
        double median = f.service.latency().medianMs();
        double sigma = f.service.latency().sigma();
        double[] latency = new double[samples];
        for (int j = 0; j < n; j++) {
            long stream = f.stream(Streams.WORK, j);
            long start = f.stream(Streams.OVERHEAD, j);
            for (int i = 0; i < samples; i++) {
                double call = sigma == 0 ? median : Normal.lognormal(median, sigma, Streams.uniform(stream, i));
                latency[i] = Math.max(latency[i], startTable[Streams.level(start, i, Normal.TABLE_BITS)] + call);
            }
        }
        for (int st = 0; st < how.entryStates(); st++) {
            long stream = f.stream(Streams.ENTRY, st);
            for (int i = 0; i < samples; i++) {
                latency[i] += entryTable[Streams.level(stream, i, Normal.TABLE_BITS)];
            }
        }
        for (long stream : parallelStreams) {
            for (int i = 0; i < samples; i++) {
                latency[i] += parallelTable[Streams.level(stream, i, Normal.TABLE_BITS)];
            }
        }
        double transitionsUsd = platform.groupOrchestrationCost(orchestration, n > 1 ? map : null, n, n, 0);
        if (parallelStates != null && f.parallelsFirst > 0) {
            transitionsUsd += f.parallelsFirst * parallelStates.costPerRequest();
        }
        return new GroupResult(latency, f.service.priceUsd() * n, 0, transitionsUsd, n, null, 0, 0, 0, 0, 1, 0, 0,
                Double.NaN);
    }
}
