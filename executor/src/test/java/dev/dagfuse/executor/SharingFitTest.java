// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The shared speeds fitted to pilot spans worked by hand, and recovered from simulated pilots. */
class SharingFitTest {

    private static SharingFit.Span span(int pool, double startMs, double endMs, int threads) {
        return new SharingFit.Span(pool, Math.round(startMs * 1e6), Math.round(endMs * 1e6), threads);
    }

    @Test
    void twoInvocationsStaggeredOnTwoCores() {
        // 100 ms alone each, shared speed 0.8: A alone to 50 ms (half its work), then beside B at 0.8 for 62.5 ms
        // (A ends at 112.5 ms); B has done 50 ms of work by then and ends alone 50 ms later, at 162.5 ms
        List<SharingFit.Fit> fit = SharingFit.fit(List.of(span(0, 0, 112.5, 1), span(1, 50, 162.5, 1)), 2, 2);
        assertThat(fit.get(0).sharedSpeed(100)).isCloseTo(0.8, within(1e-6));
        assertThat(fit.get(1).sharedSpeed(100)).isCloseTo(0.8, within(1e-6));
        assertThat(fit.get(0).besideMs() / (fit.get(0).aloneMs() + fit.get(0).besideMs()))
                .isCloseTo(62.5 / 112.5, within(1e-9));
        assertThat(fit.get(0).invocations()).isEqualTo(1);
        // against another time alone (the model's 105 ms): (105 − 50) / 62.5
        SharingFit.Fit a = fit.get(0);
        assertThat(SharingFit.speed(a.invocations(), 105, a.aloneMs(), a.besideMs(), a.sharedMs()))
                .isCloseTo(0.88, within(1e-6));
        assertThat(new ClusterRunner.Calibration(100, 1, a.aloneMs(), a.besideMs(), a.sharedMs()).sharedSpeed(105))
                .isCloseTo(0.88, within(1e-6));
        // fitted from 10 ms: A still runs beside B, but only B is fitted
        List<SharingFit.Fit> later = SharingFit.fit(List.of(span(0, 0, 112.5, 1), span(1, 50, 162.5, 1)), 2, 2,
                10_000_000L);
        assertThat(later.get(0).invocations()).isZero();
        assertThat(later.get(0).sharedSpeed(100)).isEqualTo(1);
        assertThat(later.get(1).sharedSpeed(100)).isCloseTo(0.8, within(1e-6));
    }

    @Test
    void threeOnTwoCoresShareThemAndNeverBesideIsOne() {
        // three 1-thread invocations of 100 ms alone together on 2 cores at shared speed 0.8: each at 0.8 × 2/3, 187.5
        // ms; a fourth pool runs later, alone: nothing to fit (1); a 2-thread invocation alone is alone
        List<SharingFit.Span> spans = List.of(span(0, 0, 187.5, 1), span(0, 0, 187.5, 1), span(1, 0, 187.5, 1),
                span(2, 200, 300, 1), span(3, 400, 450, 2));
        List<SharingFit.Fit> fit = SharingFit.fit(spans, 4, 2);
        assertThat(fit.get(0).sharedSpeed(100)).isCloseTo(0.8, within(1e-6));
        assertThat(fit.get(0).invocations()).isEqualTo(2);
        assertThat(fit.get(1).sharedSpeed(100)).isCloseTo(0.8, within(1e-6));
        assertThat(fit.get(2).sharedSpeed(100)).isEqualTo(1);
        assertThat(fit.get(2).besideMs()).isZero();
        assertThat(fit.get(3).sharedSpeed(50)).isEqualTo(1);
        // faster beside others than the alone reference: no slowing to fit
        assertThat(SharingFit.fit(List.of(span(0, 0, 90, 1), span(1, 0, 90, 1)), 2, 2).get(0).sharedSpeed(100))
                .isEqualTo(1);
    }

    /**
     * Seeded random pilots: single-container pools of constant work with Poisson arrivals on 1–3 cores, simulated with
     * known shared speeds (processor sharing, each invocation at e · min(1, N/T) beside others); the fit recovers them.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void recoversTheSpeedsOfASimulatedPilot(long seed) {
        Random random = new Random(seed);
        int pools = 2 + random.nextInt(4);
        int cores = 1 + random.nextInt(3);
        double[] alone = new double[pools];
        double[] speed = new double[pools];
        List<double[]> arrivals = new ArrayList<>(); // (time, pool)
        for (int p = 0; p < pools; p++) {
            alone[p] = 20 + random.nextInt(200);
            speed[p] = 0.6 + 0.4 * random.nextDouble();
            double rate = (0.1 + 0.3 * random.nextDouble()) / alone[p]; // per ms
            for (double t = -Math.log(1 - random.nextDouble()) / rate; t < 20_000;
                    t += -Math.log(1 - random.nextDouble()) / rate) {
                arrivals.add(new double[] {t, p});
            }
        }
        arrivals.sort((a, b) -> Double.compare(a[0], b[0]));
        List<SharingFit.Span> spans = simulate(arrivals, alone, speed, cores);
        List<SharingFit.Fit> fit = SharingFit.fit(spans, pools, cores);
        for (int p = 0; p < pools; p++) {
            assertThat(fit.get(p).besideMs()).as("pool %d", p).isPositive();
            assertThat(fit.get(p).sharedSpeed(alone[p])).as("pool %d", p).isCloseTo(speed[p], within(1e-3));
        }
    }

    /** One container per pool, FCFS queue, processor sharing with shared speeds; the invocations' spans. */
    private static List<SharingFit.Span> simulate(List<double[]> arrivals, double[] alone, double[] speed, int cores) {
        int pools = alone.length;
        List<SharingFit.Span> spans = new ArrayList<>();
        double[] remaining = new double[pools];
        double[] started = new double[pools];
        boolean[] busy = new boolean[pools];
        int[] queued = new int[pools];
        double now = 0;
        int next = 0;
        while (next < arrivals.size() || anyBusy(busy)) {
            int running = 0;
            for (boolean b : busy) {
                running += b ? 1 : 0;
            }
            double[] rate = new double[pools];
            double completion = Double.POSITIVE_INFINITY;
            int first = -1;
            for (int p = 0; p < pools; p++) {
                if (busy[p]) {
                    rate[p] = (running > 1 ? speed[p] : 1) * Math.min(1, cores / (double) running);
                    if (now + remaining[p] / rate[p] < completion) {
                        completion = now + remaining[p] / rate[p];
                        first = p;
                    }
                }
            }
            double arrival = next < arrivals.size() ? arrivals.get(next)[0] : Double.POSITIVE_INFINITY;
            double to = Math.min(arrival, completion);
            for (int p = 0; p < pools; p++) {
                if (busy[p]) {
                    remaining[p] -= (to - now) * rate[p];
                }
            }
            now = to;
            if (arrival <= completion) {
                int p = (int) arrivals.get(next++)[1];
                if (busy[p]) {
                    queued[p]++;
                } else {
                    busy[p] = true;
                    remaining[p] = alone[p];
                    started[p] = now;
                }
            } else {
                spans.add(new SharingFit.Span(first, Math.round(started[first] * 1e6), Math.round(now * 1e6), 1));
                if (queued[first] > 0) {
                    queued[first]--;
                    remaining[first] = alone[first];
                    started[first] = now;
                } else {
                    busy[first] = false;
                }
            }
        }
        return spans;
    }

    private static boolean anyBusy(boolean[] busy) {
        for (boolean b : busy) {
            if (b) {
                return true;
            }
        }
        return false;
    }
}
