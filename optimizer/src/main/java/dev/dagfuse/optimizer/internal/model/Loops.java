// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.FunctionSpec;

import java.util.List;

/**
 * A function a request runs in a loop ({@code iterations:}): draw i runs it N_i times, N_i drawn from the listed counts
 * (each equally likely) by one stream per function; the iterations run one after another, so the group's time in draw
 * i is the sum of N_i of its draws, draw i's own first and then those {@link #STRIDE} apart (other requests' draws of
 * the same group: independent of draw i, as the iterations are), and it costs its mean times E[N].
 */
final class Loops {

    /** A prime: draws i, i + STRIDE, i + 2·STRIDE … (mod the draw count) are distinct for any count it does not divide. */
    static final int STRIDE = 7919;
    private static final int OTHER_STRIDE = 7907;

    private Loops() {
    }

    /** The group whose head is {@code head} as a loop runs it; the group itself when it runs once. */
    static GroupResult apply(FunctionSpec head, GroupResult r, long seed) {
        List<Integer> counts = head.iterations();
        if (counts.isEmpty()) {
            return r;
        }
        double[] once = r.latencyMs();
        int samples = once.length;
        int stride = samples % STRIDE == 0 ? OTHER_STRIDE : STRIDE;
        long stream = Streams.stream(seed, head.name(), Streams.LOOP, 0);
        int[] n = new int[samples];
        for (int i = 0; i < samples; i++) {
            n[i] = counts.get(Math.min(counts.size() - 1, (int) (Streams.uniform(stream, i) * counts.size())));
        }
        double[] latency = sum(once, n, stride);
        double[][] invocations = null;
        if (r.invocationMs() != null) {
            invocations = new double[r.invocationMs().length][];
            for (int j = 0; j < invocations.length; j++) {
                invocations[j] = sum(r.invocationMs()[j], n, stride);
            }
        }
        double mean = head.meanIterations();
        return r.scaled(latency, invocations, mean);
    }

    private static double[] sum(double[] once, int[] n, int stride) {
        int samples = once.length;
        double[] out = new double[samples];
        for (int i = 0; i < samples; i++) {
            double total = 0;
            long at = i;
            for (int k = 0; k < n[i]; k++) {
                total += once[(int) (at % samples)];
                at += stride;
            }
            out[i] = total;
        }
        return out;
    }
}
