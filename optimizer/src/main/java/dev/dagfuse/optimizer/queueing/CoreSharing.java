// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import java.util.ArrayList;
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

    /**
     * The distribution of one pool's stretch: {@code factors[i]} with probability {@code probabilities[i]} (ascending
     * factors, probabilities summing to 1).
     */
    public record Stretch(double[] factors, double[] probabilities) {

        public Stretch {
            factors = factors.clone();
            probabilities = probabilities.clone();
        }

        public double mean() {
            double m = 0;
            for (int i = 0; i < factors.length; i++) {
                m += factors[i] * probabilities[i];
            }
            return m;
        }

        public double secondMoment() {
            double m = 0;
            for (int i = 0; i < factors.length; i++) {
                m += factors[i] * factors[i] * probabilities[i];
            }
            return m;
        }

        /** The factor at cumulative probability {@code u} (0..1): inversion, for drawing. */
        public double quantile(double u) {
            double cumulative = 0;
            for (int i = 0; i < factors.length; i++) {
                cumulative += probabilities[i];
                if (u < cumulative) {
                    return factors[i];
                }
            }
            return factors[factors.length - 1];
        }
    }

    private static final int MAX_ITERATIONS = 10_000;

    /**
     * Each pool's stretch of its service time when all pools share {@code cores} cores: 1 where they never run out,
     * {@link Double#POSITIVE_INFINITY} for every pool when some pool saturates.
     */
    public static double[] stretch(List<Load> loads, int cores) {
        List<Stretch> d = distributions(loads, cores);
        double[] s = new double[loads.size()];
        for (int p = 0; p < s.length; p++) {
            s[p] = d == null ? Double.POSITIVE_INFINITY : d.get(p).mean();
        }
        return s;
    }

    /**
     * Each pool's stretch as a distribution (an invocation's factor depends on how many other threads run beside it),
     * at the utilisations of {@link #stretch}; null when some pool saturates.
     */
    public static List<Stretch> distributions(List<Load> loads, int cores) {
        double[] s = means(loads, cores);
        if (s == null) {
            return null;
        }
        List<Stretch> out = new ArrayList<>();
        double[] rho = new double[loads.size()];
        for (int q = 0; q < rho.length; q++) {
            rho[q] = loads.get(q).utilisation(s[q]);
        }
        for (int p = 0; p < loads.size(); p++) {
            out.add(distribution(loads, rho, p, cores)); // a single factor 1 where the threads fit in the cores
        }
        return out;
    }

    private static double[] means(List<Load> loads, int cores) {
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
                    return null;
                }
            }
            double[] next = new double[n];
            double change = 0;
            for (int p = 0; p < n; p++) {
                next[p] = distribution(loads, rho, p, cores).mean();
                change = Math.max(change, Math.abs(next[p] - s[p]) / s[p]);
            }
            s = next;
            if (change < 1e-9) {
                return s;
            }
        }
        return s;
    }

    /** max(1, (k_p + B_p) / N) for utilisations {@code rho}: B_p's distribution by convolution over the pools. */
    private static Stretch distribution(List<Load> loads, double[] rho, int p, int cores) {
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
        // factors ascend with b; those at or below the cores all stretch 1
        int free = Math.max(0, cores - own);
        int n = Math.max(0, threads.length - free - 1) + 1;
        double[] factors = new double[n];
        double[] probabilities = new double[n];
        factors[0] = 1;
        for (int b = 0; b < threads.length; b++) {
            int i = Math.max(0, b - free);
            factors[i] = Math.max(1, (own + b) / (double) cores);
            probabilities[i] += threads[b];
        }
        return new Stretch(factors, probabilities);
    }
}
