package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Prices;
import dev.dagfuse.optimizer.ModelParameters;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.IntStream;

/**
 * Draws the latency and cost of one group (a fused chain at one memory size and bundle size) on Lambda, exactly as
 * docs/model.md describes. Stateless apart from its inputs; safe to call from several threads.
 */
final class GroupSimulator {

    private static final int ONE_VCPU_MB = Platform.MB_PER_VCPU;

    private final int samples;
    private final Platform platform;
    private final ModelParameters parameters;

    private final double[] overheadTable;
    private final double[] getTable;
    private final double[] putTable;

    GroupSimulator(int samples, Platform platform, ModelParameters parameters) {
        this.samples = samples;
        this.platform = platform;
        this.parameters = parameters;
        this.overheadTable = Normal.lognormalTable(parameters.invokeOverheadMedianMs(), parameters.invokeOverheadSigma());
        this.getTable = Normal.lognormalTable(parameters.s3GetMedianMs(), parameters.s3Sigma());
        this.putTable = Normal.lognormalTable(parameters.s3PutMedianMs(), parameters.s3Sigma());
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

    GroupResult simulate(List<FunctionModel> chain, int memoryMB, int bundleSize) {
        boolean local = platform.isLocal();
        FunctionModel head = chain.get(0);
        FunctionModel tail = chain.get(chain.size() - 1);
        int n = head.fanOut;
        int k = Math.max(1, Math.min(bundleSize, n));
        int invocations = (n + k - 1) / k;
        double msPerByte = 1000.0 / (local ? parameters.localStoreBytesPerSecond() : parameters.bandwidthBytesPerSecond());

        DoubleUnaryOperator[] atMemory = new DoubleUnaryOperator[chain.size()];
        DoubleUnaryOperator[] atOneVcpu = new DoubleUnaryOperator[chain.size()];
        for (int f = 0; f < chain.size(); f++) {
            atMemory[f] = chain.get(f).quantiles(memoryMB);
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
                int objects = in.objects(items);
                if (in.viaS3() || local) {
                    s3Bytes += (double) objects * in.bytes();
                    s3Objects += objects;
                } else {
                    inlineBytes += (double) objects * in.bytes();
                }
            }
            // locally every group output crosses the store (the executor keeps each request's outputs there)
            boolean writes = local || tail.writesS3;
            double outBytes = writes ? (double) items * tail.outputBytes : 0;
            gets += s3Objects;
            puts += writes ? items : 0;
            long[] work = new long[chain.size()];
            long[] coldInit = new long[chain.size()];
            for (int f = 0; f < chain.size(); f++) {
                work[f] = chain.get(f).stream(Streams.WORK, first);
                coldInit[f] = chain.get(f).stream(Streams.COLD_INIT, j);
            }
            setups[j] = new InvocationSetup(first, items, inlineBytes * msPerByte, s3Objects, s3Bytes * msPerByte, writes,
                    outBytes * msPerByte, head.stream(Streams.OVERHEAD, j), head.stream(Streams.COLD, j),
                    head.stream(Streams.S3_GET, j), tail.stream(Streams.S3_PUT, j), work, coldInit);
        }

        double[] latency = new double[samples];
        double[][] perInvocation = local ? new double[invocations][samples] : null;
        int chunks = (samples + CHUNK - 1) / CHUNK;
        double[] billedPerChunk = new double[chunks];
        IntStream range = IntStream.range(0, chunks);
        if ((long) samples * n * chain.size() >= PARALLEL_THRESHOLD && chunks > 1) {
            range = range.parallel();
        }
        double capacity = FunctionModel.capacity(memoryMB);
        range.forEach(c -> {
            Sharing sharing = k > 1 ? new Sharing(chain, atOneVcpu, capacity, k) : null;
            int from = c * CHUNK;
            int to = Math.min(samples, from + CHUNK);
            double billed = 0;
            for (InvocationSetup setup : setups) {
                billed += drawChunk(chain, atMemory, sharing, setup, from, to, latency,
                        local ? perInvocation[setup.first() / k] : null);
            }
            billedPerChunk[c] = billed;
        });
        double billedMsSum = 0;
        for (double b : billedPerChunk) {
            billedMsSum += b;
        }
        Prices prices = platform.prices();
        double meanBilledMs = billedMsSum / samples;
        double computeUsd;
        double s3Usd;
        double transitionsUsd;
        int cores = local ? localCores(memoryMB, platform.cores()) : 0;
        if (local) {
            // no money: "cost" is core-seconds, the cores an invocation holds × its duration
            computeUsd = meanBilledMs / 1000 * cores;
            s3Usd = 0;
            transitionsUsd = 0;
        } else {
            computeUsd = meanBilledMs / 1000 * (memoryMB / 1024.0) * prices.gbSecondUsd()
                    + invocations * prices.requestUsd();
            s3Usd = puts * prices.s3PutUsd() + gets * prices.s3GetUsd();
            transitionsUsd = "express".equals(platform.orchestration()) ? 0
                    : (invocations + (n > 1 ? 1 : 0)) * prices.stateTransitionUsd();
        }
        return new GroupResult(latency, computeUsd, s3Usd, transitionsUsd, invocations, perInvocation, cores);
    }

    /** Draws [from, to) of one invocation: folds its latency into {@code latency} (max), returns its billed ms. */
    private double drawChunk(List<FunctionModel> chain, DoubleUnaryOperator[] atMemory, Sharing sharing,
                             InvocationSetup s, int from, int to, double[] latency, double[] own) {
        boolean local = platform.isLocal();
        double coldP = local ? 0 : parameters.coldStartProbability();
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
                for (int f = 0; f < chain.size(); f++) {
                    billed += chain.get(f).coldStartMs(Streams.uniform(s.coldInitStreams()[f], i));
                }
            }
            double overhead;
            if (local) {
                overhead = parameters.localInvokeOverheadMs();
                if (s.s3Objects() > 0) {
                    billed += s.s3Objects() * parameters.localStoreLatencyMs() + s.readBytesMs();
                }
                if (s.writes()) {
                    billed += s.items() * parameters.localStoreLatencyMs() + s.writeBytesMs();
                }
            } else {
                overhead = overheadTable[Streams.level(s.overheadStream(), i, Normal.TABLE_BITS)];
                if (s.s3Objects() > 0) {
                    billed += getTable[Streams.level(s.getStream(), i, Normal.TABLE_BITS)] + s.readBytesMs();
                }
                if (s.writes()) {
                    billed += putTable[Streams.level(s.putStream(), i, Normal.TABLE_BITS)] + s.writeBytesMs();
                }
            }
            double total = overhead + s.inlineMs() + billed;
            if (total > latency[i]) {
                latency[i] = total;
            }
            if (own != null) {
                own[i] = total;
            }
            billedSum += local ? billed : Math.max(1, Math.ceil(billed));
        }
        return billedSum;
    }

    /** Cores a local invocation holds: its size in whole vCPUs (1,769 MB each), at least 1, at most the machine's. */
    static int localCores(int memoryMB, int machineCores) {
        int cores = (int) Math.ceil(FunctionModel.capacity(memoryMB) - 1e-9);
        return Math.max(1, Math.min(cores, Math.max(1, machineCores)));
    }

    /**
     * Processor sharing inside one bundled invocation: the active items split the invocation's vCPUs equally
     * (water-filling), each capped at the parallelism of the function it is running; an item's work is drawn at
     * the 1-vCPU size and progresses at speed t(1) / t(c) when it holds c vCPUs (t the function's fitted a + b / c).
     * Items run their chain's functions one after another. Reuses its arrays: one instance per thread.
     */
    private static final class Sharing {
        private final List<FunctionModel> chain;
        private final DoubleUnaryOperator[] atOneVcpu;
        private final double capacity;
        private final int length;
        private final int[] cap;
        private final double[] fitA;
        private final double[] fitB;
        private final boolean sameCap;
        private final int maxParallelism;
        private final int[] stage;
        private final double[] remaining;
        private final double[] speed;
        private final Integer[] order;

        Sharing(List<FunctionModel> chain, DoubleUnaryOperator[] atOneVcpu, double capacity, int k) {
            this.chain = chain;
            this.atOneVcpu = atOneVcpu;
            this.capacity = capacity;
            this.length = chain.size();
            this.cap = chain.stream().mapToInt(f -> f.parallelism).toArray();
            this.fitA = chain.stream().mapToDouble(f -> f.fitA).toArray();
            this.fitB = chain.stream().mapToDouble(f -> f.fitB).toArray();
            this.sameCap = java.util.Arrays.stream(cap).distinct().count() == 1;
            this.maxParallelism = java.util.Arrays.stream(cap).max().orElse(1);
            this.stage = new int[k];
            this.remaining = new double[k];
            this.speed = new double[k];
            this.order = new Integer[k];
        }

        private double speedOf(int f, double cpu) {
            double b = fitB[f];
            return b <= 0 ? 1 : (fitA[f] + b) / (fitA[f] + b / cpu);
        }

        private double work(int f, int branch, int draw) {
            return atOneVcpu[f].applyAsDouble(Streams.uniform(chain.get(f).stream(Streams.WORK, branch), draw));
        }

        double makespan(int firstBranch, int items, int draw) {
            if (length == 1) {
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
            int active = 0;
            for (int b = 0; b < items; b++) {
                stage[b] = -1;
                if (advance(b, firstBranch, draw)) {
                    active++;
                }
            }
            double time = 0;
            while (active > 0) {
                allocate(items, active);
                double dt = Double.POSITIVE_INFINITY;
                for (int b = 0; b < items; b++) {
                    if (stage[b] < length) {
                        dt = Math.min(dt, remaining[b] / speed[b]);
                    }
                }
                time += dt;
                for (int b = 0; b < items; b++) {
                    if (stage[b] < length) {
                        remaining[b] -= speed[b] * dt;
                        if (remaining[b] <= 1e-9 * (1 + dt) && !advance(b, firstBranch, draw)) {
                            active--;
                        }
                    }
                }
            }
            return time;
        }

        // One function, one cap: processor sharing in closed form over the works in ascending order.
        private double singleFunction(int firstBranch, int items, int draw) {
            for (int b = 0; b < items; b++) {
                remaining[b] = work(0, firstBranch + b, draw);
            }
            Arrays.sort(remaining, 0, items);
            double time = 0;
            double done = 0;
            for (int b = 0; b < items; b++) {
                double rate = Math.min(cap[0], capacity / (items - b));
                time += (remaining[b] - done) / speedOf(0, rate);
                done = remaining[b];
            }
            return time;
        }

        // Moves item b to its next function with positive work; false when it has finished the chain.
        private boolean advance(int b, int firstBranch, int draw) {
            while (++stage[b] < length) {
                double w = work(stage[b], firstBranch + b, draw);
                if (w > 0) {
                    remaining[b] = w;
                    return true;
                }
            }
            return false;
        }

        // Water-filling: equal shares of the capacity, no item above its function's parallelism; sets speed[].
        private void allocate(int items, int active) {
            if (sameCap) {
                double share = Math.min(cap[0], capacity / active);
                for (int b = 0; b < items; b++) {
                    if (stage[b] < length) {
                        speed[b] = speedOf(stage[b], share);
                    }
                }
                return;
            }
            int count = 0;
            int minCap = Integer.MAX_VALUE;
            for (int b = 0; b < items; b++) {
                if (stage[b] < length) {
                    order[count++] = b;
                    minCap = Math.min(minCap, cap[stage[b]]);
                }
            }
            double fair = capacity / count;
            if (minCap >= fair) {
                // no cap binds (the usual case in a crowded bundle): equal shares
                for (int c = 0; c < count; c++) {
                    speed[order[c]] = speedOf(stage[order[c]], fair);
                }
                return;
            }
            Arrays.sort(order, 0, count, (x, y) -> Integer.compare(cap[stage[x]], cap[stage[y]]));
            double left = capacity;
            for (int c = 0; c < count; c++) {
                double share = Math.min(cap[stage[order[c]]], left / (count - c));
                speed[order[c]] = speedOf(stage[order[c]], share);
                left -= share;
            }
        }
    }
}
