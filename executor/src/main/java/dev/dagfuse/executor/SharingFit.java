// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits each pool's shared speed to the invocations of a pilot run (see {@link ClusterRunner}): how much slower than
 * ideal processor sharing its invocations ran while other threads ran beside them.
 *
 * <p>Over the pilot, T(t) is the number of threads running (every invocation's). An invocation of t threads that takes
 * a time alone a progresses at 1 while only its own threads run (T ≤ t) and at e · min(1, N/T) otherwise, on N cores,
 * so a = t₁ + e · r, with t₁ its time alone in the pilot and r = ∫ min(1, N/T) dt over its time beside others. Summed
 * over a pool's n invocations: e = (n · a − Σ t₁) / Σ r.
 */
final class SharingFit {

    /** One invocation of the pilot: its pool, its start and end, the threads it ran. */
    record Span(int pool, long startNs, long endNs, int threads) {
    }

    /**
     * One pool's invocations in the pilot.
     *
     * @param invocations how many were fitted
     * @param aloneMs their time with only their own threads running, summed (Σ t₁)
     * @param besideMs their time beside other threads, summed
     * @param sharedMs their time beside other threads weighted by ideal processor sharing, summed (Σ r)
     */
    record Fit(int invocations, double aloneMs, double besideMs, double sharedMs) {

        /** e for invocations that take {@code referenceMs} alone ({@link #speed}). */
        double sharedSpeed(double referenceMs) {
            return speed(invocations, referenceMs, aloneMs, besideMs, sharedMs);
        }
    }

    /**
     * e = (n · a − Σ t₁) / Σ r for invocations that take {@code referenceMs} alone, within [0.05, 1]; 1 where they never
     * ran beside others (Σ r below a thousandth of their time) or ran faster than a alone.
     */
    static double speed(int invocations, double referenceMs, double aloneMs, double besideMs, double sharedMs) {
        double work = invocations * referenceMs - aloneMs;
        return sharedMs <= 1e-3 * Math.max(aloneMs + besideMs, 1e-9) || work <= 0 ? 1
                : Math.max(0.05, Math.min(1, work / sharedMs));
    }

    private SharingFit() {
    }

    /** The fit over every span. */
    static List<Fit> fit(List<Span> spans, int pools, int cores) {
        return fit(spans, pools, cores, Long.MIN_VALUE);
    }

    /**
     * @param spans every invocation of the pilot, of every pool
     * @param pools the pools (the spans' pool indices are below it)
     * @param cores the machine's cores
     * @param fittedFromNs only the invocations that start at or after it are fitted (the others still run beside them)
     * @return per pool
     */
    static List<Fit> fit(List<Span> spans, int pools, int cores, long fittedFromNs) {
        // the running threads as a step function: at times[k] they become running[k]
        long[][] events = new long[2 * spans.size()][];
        int k0 = 0;
        for (Span s : spans) {
            events[k0++] = new long[] {s.startNs(), s.threads()};
            events[k0++] = new long[] {s.endNs(), -s.threads()};
        }
        Arrays.sort(events, (x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
        long[] times = new long[events.length];
        int[] running = new int[events.length];
        int threads = 0;
        for (int k = 0; k < events.length; k++) {
            threads += (int) events[k][1];
            times[k] = events[k][0];
            running[k] = threads;
        }
        double[] alone = new double[pools];
        double[] beside = new double[pools];
        double[] shared = new double[pools];
        int[] count = new int[pools];
        for (Span s : spans) {
            if (s.startNs() < fittedFromNs) {
                continue;
            }
            // from the last event at or before its start, each interval until its end
            int k = Arrays.binarySearch(times, s.startNs());
            if (k < 0) {
                k = -k - 2;
            } else {
                while (k + 1 < times.length && times[k + 1] == s.startNs()) {
                    k++;
                }
            }
            long t = s.startNs();
            while (t < s.endNs()) {
                long next = k + 1 < times.length ? Math.min(times[k + 1], s.endNs()) : s.endNs();
                int now = k >= 0 ? running[k] : 0;
                double ms = (next - t) / 1e6;
                if (now <= s.threads()) {
                    alone[s.pool()] += ms;
                } else {
                    beside[s.pool()] += ms;
                    shared[s.pool()] += ms * Math.min(1, cores / (double) now);
                }
                t = next;
                k++;
            }
            count[s.pool()]++;
        }
        List<Fit> result = new ArrayList<>();
        for (int p = 0; p < pools; p++) {
            result.add(new Fit(count[p], alone[p], beside[p], shared[p]));
        }
        return result;
    }
}
