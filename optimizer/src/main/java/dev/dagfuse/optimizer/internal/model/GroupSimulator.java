package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Prices;
import dev.dagfuse.optimizer.ModelParameters;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

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
        Sharing sharing = k > 1 ? new Sharing(chain, atOneVcpu, FunctionModel.capacity(memoryMB), k) : null;

        double[] latency = new double[samples];
        double[][] perInvocation = local ? new double[invocations][samples] : null;
        double billedMsSum = 0;
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
            double inlineMs = inlineBytes * msPerByte;
            double readBytesMs = s3Bytes * msPerByte;
            double writeBytesMs = outBytes * msPerByte;

            long overheadStream = head.stream(Streams.OVERHEAD, j);
            long coldStream = head.stream(Streams.COLD, j);
            long getStream = head.stream(Streams.S3_GET, j);
            long putStream = tail.stream(Streams.S3_PUT, j);
            double coldP = local ? 0 : parameters.coldStartProbability();
            for (int i = 0; i < samples; i++) {
                double work;
                if (items == 1) {
                    work = 0;
                    for (int f = 0; f < atMemory.length; f++) {
                        work += atMemory[f].applyAsDouble(Streams.uniform(chain.get(f).stream(Streams.WORK, first), i));
                    }
                } else {
                    work = sharing.makespan(first, items, i);
                }
                double billed = work;
                if (coldP > 0 && Streams.uniform(coldStream, i) < coldP) {
                    for (FunctionModel f : chain) {
                        billed += f.coldStartMs(Streams.uniform(f.stream(Streams.COLD_INIT, j), i));
                    }
                }
                double overhead;
                if (local) {
                    overhead = parameters.localInvokeOverheadMs();
                    if (s3Objects > 0) {
                        billed += s3Objects * parameters.localStoreLatencyMs() + readBytesMs;
                    }
                    if (writes) {
                        billed += items * parameters.localStoreLatencyMs() + writeBytesMs;
                    }
                } else {
                    overhead = overheadTable[Streams.level(overheadStream, i, Normal.TABLE_BITS)];
                    if (s3Objects > 0) {
                        billed += getTable[Streams.level(getStream, i, Normal.TABLE_BITS)] + readBytesMs;
                    }
                    if (writes) {
                        billed += putTable[Streams.level(putStream, i, Normal.TABLE_BITS)] + writeBytesMs;
                    }
                }
                double total = overhead + inlineMs + billed;
                if (total > latency[i]) {
                    latency[i] = total;
                }
                if (local) {
                    perInvocation[j][i] = total;
                }
                billedMsSum += local ? billed : Math.max(1, Math.ceil(billed));
            }
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

    /** Cores a local invocation holds: its size in whole vCPUs (1,769 MB each), at least 1, at most the machine's. */
    static int localCores(int memoryMB, int machineCores) {
        int cores = (int) Math.ceil(FunctionModel.capacity(memoryMB) - 1e-9);
        return Math.max(1, Math.min(cores, Math.max(1, machineCores)));
    }

    /**
     * Processor sharing inside one bundled invocation: the active items split the invocation's vCPUs equally
     * (water-filling), each capped at the parallelism of the function it is running; an item's work is drawn at
     * the 1-vCPU size and progresses at speed t(1) / t(c) when it holds c vCPUs (t the function's fitted a + b / c).
     * Items run their chain's functions one after another. Reuses its arrays: one instance per thread and call.
     */
    private static final class Sharing {
        private final List<FunctionModel> chain;
        private final DoubleUnaryOperator[] atOneVcpu;
        private final double capacity;
        private final int[] stage;
        private final double[] remaining;
        private final double[] share;
        private final Integer[] order;
        private final int maxParallelism;

        Sharing(List<FunctionModel> chain, DoubleUnaryOperator[] atOneVcpu, double capacity, int k) {
            this.chain = chain;
            this.atOneVcpu = atOneVcpu;
            this.capacity = capacity;
            this.stage = new int[k];
            this.remaining = new double[k];
            this.share = new double[k];
            this.order = new Integer[k];
            this.maxParallelism = chain.stream().mapToInt(f -> f.parallelism).max().orElse(1);
        }

        double makespan(int firstBranch, int items, int draw) {
            if (chain.size() == 1) {
                return singleFunction(firstBranch, items, draw);
            }
            if (capacity >= items * maxParallelism) {
                // no contention: every item always gets its full parallelism
                double longest = 0;
                for (int b = 0; b < items; b++) {
                    double t = 0;
                    for (int f = 0; f < chain.size(); f++) {
                        FunctionModel fm = chain.get(f);
                        t += atOneVcpu[f].applyAsDouble(Streams.uniform(fm.stream(Streams.WORK, firstBranch + b), draw))
                                / fm.speed(fm.parallelism);
                    }
                    longest = Math.max(longest, t);
                }
                return longest;
            }
            int active = 0;
            for (int b = 0; b < items; b++) {
                stage[b] = -1;
                remaining[b] = 0;
                if (advance(b, firstBranch, draw)) {
                    active++;
                }
            }
            double time = 0;
            while (active > 0) {
                allocate(items);
                double dt = Double.POSITIVE_INFINITY;
                for (int b = 0; b < items; b++) {
                    if (stage[b] < chain.size()) {
                        double speed = chain.get(stage[b]).speed(share[b]);
                        share[b] = speed; // reuse as speed for this step
                        dt = Math.min(dt, remaining[b] / speed);
                    }
                }
                time += dt;
                for (int b = 0; b < items; b++) {
                    if (stage[b] < chain.size()) {
                        remaining[b] -= share[b] * dt;
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
            FunctionModel f = chain.get(0);
            for (int b = 0; b < items; b++) {
                remaining[b] = atOneVcpu[0].applyAsDouble(Streams.uniform(f.stream(Streams.WORK, firstBranch + b), draw));
            }
            Arrays.sort(remaining, 0, items);
            double time = 0;
            double done = 0;
            for (int b = 0; b < items; b++) {
                double rate = Math.min(f.parallelism, capacity / (items - b));
                time += (remaining[b] - done) / f.speed(rate);
                done = remaining[b];
            }
            return time;
        }

        // Moves item b to its next function with positive work; false when it has finished the chain.
        private boolean advance(int b, int firstBranch, int draw) {
            while (++stage[b] < chain.size()) {
                FunctionModel f = chain.get(stage[b]);
                double w = atOneVcpu[stage[b]].applyAsDouble(Streams.uniform(f.stream(Streams.WORK, firstBranch + b), draw));
                if (w > 0) {
                    remaining[b] = w;
                    return true;
                }
            }
            return false;
        }

        // Water-filling: equal shares of the capacity, no item above its function's parallelism.
        private void allocate(int items) {
            int count = 0;
            boolean sameCap = true;
            double cap0 = -1;
            for (int b = 0; b < items; b++) {
                if (stage[b] < chain.size()) {
                    double cap = chain.get(stage[b]).parallelism;
                    if (cap0 < 0) {
                        cap0 = cap;
                    } else if (cap != cap0) {
                        sameCap = false;
                    }
                    order[count++] = b;
                }
            }
            if (sameCap) {
                double s = Math.min(cap0, capacity / count);
                for (int c = 0; c < count; c++) {
                    share[order[c]] = s;
                }
                return;
            }
            Arrays.sort(order, 0, count, (x, y) -> Integer.compare(chain.get(stage[x]).parallelism,
                    chain.get(stage[y]).parallelism));
            double left = capacity;
            for (int c = 0; c < count; c++) {
                double fair = left / (count - c);
                double cap = chain.get(stage[order[c]]).parallelism;
                double s = Math.min(cap, fair);
                share[order[c]] = s;
                left -= s;
            }
        }
    }
}
