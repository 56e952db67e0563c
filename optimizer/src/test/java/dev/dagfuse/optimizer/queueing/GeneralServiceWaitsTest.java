// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The simulated M/G/c waits of {@link Pools}: for one container, the mean wait against the Pollaczek–Khinchine
 * formula (exact for any service distribution: ρ·S·(1 + c_s²) / (2(1 − ρ))); for several, against an independent
 * first-come-first-served simulation written here (other seed, 1,000,000 arrivals): the mean and the 95th percentile
 * of one invocation's wait. And the waits a request draws are the queue's.
 */
class GeneralServiceWaitsTest {

    /** FCFS M/G/c with gamma service: each arrival takes the container that frees first (linear scan). */
    private static double[] simulatedWaits(int c, double lambdaPerMs, double serviceMs, double cv, int n, long seed) {
        Random random = new Random(seed);
        GammaDistribution gamma = new GammaDistribution(new Well19937c(seed + 1), 1 / (cv * cv), cv * cv * serviceMs);
        double[] free = new double[c];
        double[] waits = new double[n];
        double t = 0;
        int warmup = n / 10;
        for (int i = -warmup; i < n; i++) {
            t += -Math.log(1 - random.nextDouble()) / lambdaPerMs;
            int first = 0;
            for (int k = 1; k < c; k++) {
                if (free[k] < free[first]) {
                    first = k;
                }
            }
            double start = Math.max(t, free[first]);
            free[first] = start + gamma.sample();
            if (i >= 0) {
                waits[i] = start - t;
            }
        }
        return waits;
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.ceil(p / 100 * sorted.length) - 1];
    }

    @ParameterizedTest(name = "{0} containers at ρ {1}, c_s {2}")
    @CsvSource({
            "1, 0.5, 0.1", "1, 0.7, 0.1", "1, 0.55, 0.3", "1, 0.8, 1.0", "1, 0.7, 1.5",
            "2, 0.6, 0.1", "2, 0.8, 0.3", "4, 0.8, 0.2", "4, 0.85, 0.6", "8, 0.75, 1.0"})
    void meanAndPercentileWaitsMatchTheoryAndAnIndependentSimulation(int c, double rho, double cv) {
        double serviceMs = 200;
        double lambdaPerSecond = rho * c * 1000 / serviceMs;
        Pools.Pool pool = new Pools.Pool("g", lambdaPerSecond, serviceMs, 1, 1, cv);
        Pools pools = new Pools(new double[200_000], List.of(pool), 3);
        Pools.Queue queue = pools.queue(0, c, 1, 95);
        if (c == 1) {
            double pollaczekKhinchine = rho * serviceMs * (1 + cv * cv) / (2 * (1 - rho));
            assertThat(queue.meanWaitMs()).isCloseTo(pollaczekKhinchine, withinPercentage(5));
            assertThat(queue.waitProbability()).isCloseTo(rho, withinPercentage(2));
        }
        double[] simulated = simulatedWaits(c, lambdaPerSecond / 1000, serviceMs, cv, 1_000_000, 11 + c);
        assertThat(queue.meanWaitMs()).isCloseTo(Arrays.stream(simulated).average().orElseThrow(), withinPercentage(6));
        assertThat(queue.waitPercentileMs()).isCloseTo(percentile(simulated, 95), withinPercentage(6));
        // what a request draws (one invocation per request): the same queue, by inversion of its quantiles
        double[] w = pools.latencyDraws(new int[] {c}, new double[] {1});
        assertThat(Arrays.stream(w).average().orElseThrow()).isCloseTo(queue.meanWaitMs(), withinPercentage(2));
        assertThat(percentile(w, 95)).isCloseTo(queue.waitPercentileMs(), withinPercentage(2));
    }
}
