// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.stats.Quantiles;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/** Everything the model needs about one function, precomputed once per evaluator. */
final class FunctionModel {

    /**
     * How an invocation of this function reads one predecessor's output: which outputs ({@code reads}, of the
     * predecessor's {@code fromFanOut} for this function's {@code toFanOut} branches) and {@code bytes} of each.
     */
    record Input(String from, int fromFanOut, int toFanOut, Reads reads, long bytes, boolean viaS3) {

        /**
         * Objects an invocation holding branches {@code first .. first + items − 1} reads from this predecessor: an
         * output two of its branches read is fetched once.
         */
        int objects(int first, int items) {
            return reads.distinctOutputs(fromFanOut, toFanOut, first, items);
        }
    }

    final String name;
    final int fanOut;
    /** What it is when it is not a Lambda function (a service task, a Wait state), or null. */
    final dev.dagfuse.model.ServiceTask service;
    final ScalingModel scaling;
    final int parallelism;
    final double peakMemoryMB;
    final long outputBytes;
    /** The fitted a and b of t(c) = a + b / c, for the speed of an item that gets c vCPUs in a bundle. */
    final double fitA;
    final double fitB;
    final List<Input> inputs;
    /** Whether its output goes to S3 (some consumer needs it there, or it is a large workflow result). */
    final boolean writesS3;
    private final double[] coldStartSorted;
    private final long[][] streams;
    /**
     * The hand-off streams of the Parallel states entered just before it (when it starts their branches): a group it
     * starts draws one hand-off from each, where the platform runs Parallel states.
     */
    final long[] parallelStreams;
    /** The Parallel states whose first branch it starts: a group it starts counts their transitions. */
    final int parallelsFirst;

    FunctionModel(FunctionSpec spec, FunctionProfile profile, List<Input> inputs, boolean writesS3, long seed) {
        this(spec, profile, inputs, writesS3, seed, new long[0], 0);
    }

    FunctionModel(FunctionSpec spec, FunctionProfile profile, List<Input> inputs, boolean writesS3, long seed,
                  long[] parallelStreams, int parallelsFirst) {
        this.parallelStreams = parallelStreams.clone();
        this.parallelsFirst = parallelsFirst;
        this.name = spec.name();
        this.fanOut = spec.fanOut();
        this.service = spec.service();
        this.scaling = ScalingModel.of(profile);
        this.parallelism = scaling.parallelism();
        this.peakMemoryMB = profile.peakMemoryMB();
        this.outputBytes = profile.outputBytes();
        this.fitA = scaling.fit().aMs();
        this.fitB = scaling.fit().bMs();
        this.inputs = List.copyOf(inputs);
        this.writesS3 = writesS3;
        this.coldStartSorted = profile.coldStartMs().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        this.streams = new long[Streams.ENTRY + 1][];
        for (int kind = Streams.WORK; kind <= Streams.ENTRY; kind++) {
            streams[kind] = new long[fanOut];
            for (int index = 0; index < fanOut; index++) {
                streams[kind][index] = Streams.stream(seed, name, kind, index);
            }
        }
    }

    /** The stream of draws of {@code kind} for branch or invocation {@code index} (index < fanOut). */
    long stream(int kind, int index) {
        return streams[kind][index];
    }

    DoubleUnaryOperator quantiles(int memoryMB) {
        return scaling.quantileFunction(memoryMB);
    }

    /** The time of one item's work at c vCPUs relative to its time at 1 vCPU is t(c) / t(1); this is t(1) / t(c). */
    double speed(double cpu) {
        if (fitB <= 0) {
            return 1;
        }
        return (fitA + fitB) / (fitA + fitB / cpu);
    }

    /** A cold start's init time at quantile u (0 when the profile has no cold start samples). */
    double coldStartMs(double u) {
        if (coldStartSorted.length == 0) {
            return 0;
        }
        return Quantiles.ofSorted(coldStartSorted, u);
    }

    /** Whether {@code items} branches fit in {@code memoryMB}: items × peak × 1.1 ≤ m (peak 0 = unknown: always). */
    boolean fits(int memoryMB, int items) {
        if (peakMemoryMB <= 0) {
            return true;
        }
        return memoryMB >= Math.ceil(items * peakMemoryMB * ScalingModel.MEMORY_HEADROOM - 1e-9);
    }

    /** vCPUs of one invocation at {@code memoryMB} before the per-function cap. */
    static double capacity(int memoryMB) {
        return ScalingModel.vcpus(memoryMB);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(new int[] {fanOut, parallelism});
    }
}
