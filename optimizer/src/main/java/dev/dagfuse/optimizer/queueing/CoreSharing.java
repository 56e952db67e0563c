// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import java.util.Arrays;
import java.util.List;

/**
 * How much longer invocations take when the containers of several pools run their threads on fewer cores than the
 * containers hold together (e.g. a cluster plan run on a smaller machine): each pool's service time stretches by
 * s_p = E[max(1, (k_p + B_p) / N)], N the cores, k_p the threads of one of its invocations and B_p the threads of the
 * other busy containers, under processor sharing (every runnable thread gets an equal share of the cores).
 *
 * <p>What is assumed: a container of pool q is busy with probability ρ_q = λ_q·S_q·s_q / c_q (its utilisation at the
 * stretched service time), independently of the others (binomial per pool, the invocation's own container excluded);
 * the stretch is that of the time-average mix of busy containers. The utilisations depend on the stretches, so they are
 * solved together by fixed-point iteration (the map is monotone, so the iteration from s = 1 rises to the least
 * solution). Where a pool's utilisation reaches 1 there is no steady state: its stretch is infinite.
 */
public final class CoreSharing {

    private CoreSharing() {
    }

    /**
     * One pool's load.
     *
     * @param containers its containers, ≥ 1
     * @param threads the threads one invocation runs (its container's cores), ≥ 1
     * @param invocationsPerSecond the invocations arriving per second, ≥ 0
     * @param serviceMs an invocation's mean time on its container with the cores to itself, &gt; 0
     */
    public record Load(int containers, int threads, double invocationsPerSecond, double serviceMs) {
        public Load {
            if (containers < 1 || threads < 1 || !(invocationsPerSecond >= 0) || !(serviceMs > 0)
                    || Double.isInfinite(invocationsPerSecond) || Double.isInfinite(serviceMs)) {
                throw new IllegalArgumentException("A pool needs containers ≥ 1 (" + containers + "), threads ≥ 1 ("
                        + threads + "), a finite rate ≥ 0 (" + invocationsPerSecond + ") and service > 0 ("
                        + serviceMs + " ms).");
            }
        }

        double utilisation(double stretch) {
            return invocationsPerSecond * serviceMs / 1000 * stretch / containers;
        }
    }

    private static final int MAX_ITERATIONS = 10_000;

    /**
     * Each pool's stretch of its service time when all pools share {@code cores} cores: 1 where they never run out,
     * {@link Double#POSITIVE_INFINITY} for every pool when some pool saturates.
     */
    public static double[] stretch(List<Load> loads, int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("The cores (" + cores + ") must be ≥ 1.");
        }
        int n = loads.size();
        double[] s = new double[n];
        Arrays.fill(s, 1);
        int allThreads = loads.stream().mapToInt(l -> l.containers() * l.threads()).sum();
        if (allThreads <= cores) {
            return s;
        }
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            double[] rho = new double[n];
            for (int q = 0; q < n; q++) {
                rho[q] = loads.get(q).utilisation(s[q]);
                if (rho[q] >= 1) {
                    Arrays.fill(s, Double.POSITIVE_INFINITY);
                    return s;
                }
            }
            double[] next = new double[n];
            double change = 0;
            for (int p = 0; p < n; p++) {
                next[p] = expectedStretch(loads, rho, p, cores);
                change = Math.max(change, Math.abs(next[p] - s[p]) / s[p]);
            }
            s = next;
            if (change < 1e-9) {
                return s;
            }
        }
        return s;
    }

    /** E[max(1, (k_p + B_p) / N)] for utilisations {@code rho}: B_p's distribution by convolution over the pools. */
    private static double expectedStretch(List<Load> loads, double[] rho, int p, int cores) {
        double[] threads = {1}; // P(B_p = b), b the other busy containers' threads
        for (int q = 0; q < loads.size(); q++) {
            Load l = loads.get(q);
            int others = q == p ? l.containers() - 1 : l.containers();
            for (int i = 0; i < others; i++) {
                double[] with = new double[threads.length + l.threads()];
                for (int b = 0; b < threads.length; b++) {
                    with[b] += threads[b] * (1 - rho[q]);
                    with[b + l.threads()] += threads[b] * rho[q];
                }
                threads = with;
            }
        }
        int own = loads.get(p).threads();
        double stretch = 0;
        for (int b = 0; b < threads.length; b++) {
            stretch += threads[b] * Math.max(1, (own + b) / (double) cores);
        }
        return stretch;
    }
}
