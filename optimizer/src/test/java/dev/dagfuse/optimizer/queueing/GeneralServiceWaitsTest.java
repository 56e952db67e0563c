// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * The waits of pools whose service times are not exponential (M/G/c) against a first-come-first-served simulation of
 * Poisson arrivals and lognormal service times: Pools' mean wait and 95th percentile of a request's wait within 15%
 * of the simulation's where the exponential (M/M/c) assumption is off by far more for nearly constant service.
 */
class GeneralServiceWaitsTest {

    /** A simulated FCFS M/G/c queue: each arrival takes the container that frees first (Kiefer–Wolfowitz). */
    private static double[] simulatedWaits(int c, double lambdaPerMs, double serviceMs, double cv, int n, long seed) {
        Random random = new Random(seed);
        double sigma = Math.sqrt(Math.log(1 + cv * cv));
        double mu = Math.log(serviceMs) - sigma * sigma / 2;
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
            free[first] = start + Math.exp(mu + sigma * random.nextGaussian());
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
            "1, 0.5, 0.1", "1, 0.7, 0.1", "1, 0.55, 0.3", "1, 0.7, 0.6",
            "2, 0.6, 0.1", "2, 0.8, 0.3", "4, 0.8, 0.2", "4, 0.85, 0.6"})
    void meanAndPercentileWaitsMatchASimulation(int c, double rho, double cv) {
        double serviceMs = 200;
        double lambdaPerSecond = rho * c * 1000 / serviceMs;
        double[] simulated = simulatedWaits(c, lambdaPerSecond / 1000, serviceMs, cv, 400_000, 11 + c);
        double simulatedMean = Arrays.stream(simulated).average().orElseThrow();
        double simulatedP95 = percentile(simulated, 95);

        Pools.Pool general = new Pools.Pool("g", lambdaPerSecond, serviceMs, 1, 1, cv);
        Pools.Pool exponential = new Pools.Pool("g", lambdaPerSecond, serviceMs, 1, 1);
        Pools.Queue queue = Pools.queue(general, c, 1, 95);
        Pools.Queue mmc = Pools.queue(exponential, c, 1, 95);
        assertThat(queue.meanWaitMs()).isCloseTo(simulatedMean, withinPercentage(15));
        assertThat(queue.waitPercentileMs()).isCloseTo(simulatedP95,
                withinPercentage(15));
        // the drawn waits (what plan-cluster's percentiles are made of) have the same mean and percentile
        Pools drawn = new Pools(new double[100_000], List.of(general), 3);
        double[] w = drawn.latencyDraws(new int[] {c}, new double[] {1});
        assertThat(Arrays.stream(w).average().orElseThrow())
                .isCloseTo(queue.meanWaitMs(), withinPercentage(3));
        assertThat(percentile(w, 95)).isCloseTo(queue.waitPercentileMs(),
                withinPercentage(3));
        if (cv <= 0.3) {
            // where the exponential assumption would be off by much more than the bar's 20%
            assertThat(Math.abs(mmc.meanWaitMs() / simulatedMean - 1)).isGreaterThan(0.6);
        }
    }
}
