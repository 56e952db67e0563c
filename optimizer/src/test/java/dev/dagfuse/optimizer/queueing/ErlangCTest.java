// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link ErlangC}: a published worked example, the closed form summed exactly, a simulated M/M/c queue, a
 * heavy-traffic limit and properties.
 */
class ErlangCTest {

    /**
     * Published: J. Dunlop, D. Girma, J. Irvine, "Digital Mobile Communications and the TETRA System", Wiley 1999,
     * Appendix A.3 (Erlang C table and its worked example): 8 channels carry 3.87 erlangs with 5% of the calls
     * delayed, 10 channels carry 4.08 erlangs with 1% delayed (the table prints 3 significant figures, so they are
     * checked to 3); at 3.87 erlangs, 10 channels are needed for 1% or fewer delayed; and of the delayed calls,
     * 1.6% (8 channels) and 0.22% (10 channels) wait longer than the mean holding time.
     */
    @Test
    void matchesThePublishedTetraExample() {
        assertThat(Numbers.crossing(a -> ErlangC.waitProbability(8, a), 0.05, 8 * (1 - 1e-12))).isCloseTo(3.87, within(0.005));
        assertThat(Numbers.crossing(a -> ErlangC.waitProbability(10, a), 0.01, 10 * (1 - 1e-12))).isCloseTo(4.08, within(0.005));
        assertThat(ErlangC.serversFor(3.87, 1.0, 0.0, 0.99)).isEqualTo(10);
        // P(W > T | W > 0) with T = 1/μ the mean holding time.
        assertThat(ErlangC.waitExceeds(8, 3.87, 1.0, 1.0) / ErlangC.waitProbability(8, 3.87))
                .isCloseTo(0.016, within(0.0005));
        assertThat(ErlangC.waitExceeds(10, 3.87, 1.0, 1.0) / ErlangC.waitProbability(10, 3.87))
                .isCloseTo(0.0022, within(0.00005));
    }

    @ParameterizedTest(name = "c = {0}, a = {1}")
    @CsvSource({"1, 0.5", "2, 1", "3, 2", "5, 2.5", "10, 7.3", "20, 19.5", "30, 25", "40, 39.875", "25, 0.125"})
    void equalsTheClosedFormSummedExactly(int c, String a) {
        BigDecimal load = new BigDecimal(a);
        MathContext mc = new MathContext(60);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal below = BigDecimal.ZERO;          // Σ_{k<c} a^k / k!
        for (int k = 1; k <= c; k++) {
            below = below.add(term, mc);
            term = term.multiply(load, mc).divide(BigDecimal.valueOf(k), mc);
        }
        BigDecimal waiting = term.multiply(BigDecimal.valueOf(c), mc).divide(BigDecimal.valueOf(c).subtract(load), mc);
        double exact = waiting.divide(below.add(waiting, mc), mc).doubleValue();
        assertThat(ErlangC.waitProbability(c, load.doubleValue())).isCloseTo(exact, within(exact * 1e-12));
    }

    @Test
    void smallCasesByHand() {
        assertThat(ErlangC.waitProbability(1, 0.7)).isCloseTo(0.7, within(1e-15));   // M/M/1: P(W > 0) = ρ
        assertThat(ErlangC.meanWait(1, 0.5, 1.0)).isCloseTo(1.0, within(1e-15));      // ρ / (μ − λ)
        assertThat(ErlangC.waitProbability(3, 0.0)).isZero();
        assertThat(ErlangC.waitPercentile(3, 0.0, 1.0, 0.99)).isZero();
        assertThat(ErlangC.serversFor(0.0, 1.0, 0.0, 0.99)).isEqualTo(1);
    }

    /**
     * Halfin and Whitt (Operations Research 29, 1981): with c = a + β√a servers, C → 1 / (1 + β Φ(β) / φ(β)) as a
     * grows; at a = 10,000 and β = 1 the formula is within 1% of the limit, and stays finite and stable.
     */
    @Test
    void largePoolsApproachTheHalfinWhittLimit() {
        double phi = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
        double bigPhi = 0.8413447460685429;   // Φ(1)
        double limit = 1 / (1 + bigPhi / phi);
        assertThat(ErlangC.waitProbability(10_100, 10_000)).isCloseTo(limit, within(0.01));
        assertThat(ErlangC.waitProbability(100_000, 99_999.5)).isBetween(0.99, 1.0);
        int c = ErlangC.serversFor(100_000, 1.0, 0.01, 0.99);
        assertThat(ErlangC.waitExceeds(c, 100_000, 1.0, 0.01)).isLessThanOrEqualTo(0.01);
        assertThat(ErlangC.waitExceeds(c - 1, 100_000, 1.0, 0.01)).isGreaterThan(0.01);
    }

    /**
     * A seeded M/M/c queue served first come, first served: the share of requests that wait longer than t, and the
     * mean wait, match the formulas within 4 standard errors (batch means over 40 batches).
     */
    @ParameterizedTest(name = "c = {0}, λ = {1}, μ = {2}")
    @CsvSource({"1, 0.7, 1.0", "4, 3.0, 1.0", "10, 8.5, 1.0", "3, 2.0, 0.8"})
    void matchesASimulatedQueue(int c, double lambda, double mu) {
        Random random = new Random(4242L + c);
        double[] thresholds = {0, 0.2 / mu, 0.5 / mu, 1.0 / mu};
        int batches = 40;
        int perBatch = 20_000;
        double[][] exceeds = new double[thresholds.length][batches];
        double[] meanWait = new double[batches];
        double[] free = new double[c];       // when each server next becomes free
        double now = 0;
        for (int i = -20_000; i < batches * perBatch; i++) {
            now -= Math.log(1 - random.nextDouble()) / lambda;
            int first = 0;
            for (int s = 1; s < c; s++) {
                if (free[s] < free[first]) {
                    first = s;
                }
            }
            double wait = Math.max(0, free[first] - now);
            free[first] = now + wait - Math.log(1 - random.nextDouble()) / mu;
            if (i >= 0) {
                int batch = i / perBatch;
                meanWait[batch] += wait / perBatch;
                for (int k = 0; k < thresholds.length; k++) {
                    exceeds[k][batch] += wait > thresholds[k] ? 1.0 / perBatch : 0;
                }
            }
        }
        for (int k = 0; k < thresholds.length; k++) {
            double measured = Numbers.mean(exceeds[k]);
            double error = Numbers.standardError(exceeds[k], measured);
            assertThat(error).isLessThan(0.02);
            assertThat(measured).as("P(W > %s)", thresholds[k])
                    .isCloseTo(ErlangC.waitExceeds(c, lambda, mu, thresholds[k]), within(4 * error + 1e-4));
        }
        double measured = Numbers.mean(meanWait);
        double error = Numbers.standardError(meanWait, measured);
        assertThat(measured).isCloseTo(ErlangC.meanWait(c, lambda, mu), within(4 * error + 1e-4));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void propertiesOnRandomQueues(long seed) {
        Random random = new Random(seed);
        int c = 1 + random.nextInt(200);
        double mu = 0.1 + random.nextDouble() * 10;
        double lambda = c * mu * (0.05 + 0.9 * random.nextDouble());
        double a = lambda / mu;
        double wait = ErlangC.waitProbability(c, a);
        // Queueing makes waiting likelier than loss, more servers make it rarer, more load likelier.
        assertThat(wait).isBetween(ErlangB.blocking(c, a), 1.0);
        assertThat(ErlangC.waitProbability(c + 1, a)).isLessThan(wait);
        double more = a + (c - a) * 0.9 * random.nextDouble();
        assertThat(ErlangC.waitProbability(c, more)).isGreaterThanOrEqualTo(wait);
        double t = random.nextDouble() / mu;
        assertThat(ErlangC.waitExceeds(c, lambda, mu, 2 * t)).isLessThanOrEqualTo(ErlangC.waitExceeds(c, lambda, mu, t));
        // The percentile is the smallest t with P(W ≤ t) ≥ p.
        double p = 0.5 + 0.499 * random.nextDouble();
        double percentile = ErlangC.waitPercentile(c, lambda, mu, p);
        if (percentile == 0) {
            assertThat(wait).isLessThanOrEqualTo(1 - p);
        } else {
            assertThat(ErlangC.waitExceeds(c, lambda, mu, percentile)).isCloseTo(1 - p, within((1 - p) * 1e-9));
            assertThat(ErlangC.waitExceeds(c, lambda, mu, percentile * (1 - 1e-6))).isGreaterThan(1 - p);
        }
        assertThat(ErlangC.waitPercentile(c, lambda, mu, p + (1 - p) / 2)).isGreaterThanOrEqualTo(percentile);
        // The sizing rule gives the fewest servers that meet the target.
        int n = ErlangC.serversFor(lambda, mu, t, p);
        assertThat(ErlangC.waitExceeds(n, lambda, mu, t)).isLessThanOrEqualTo(1 - p);
        assertThat(n).isGreaterThan((int) Math.floor(a));
        if (n - 1 > a) {
            assertThat(ErlangC.waitExceeds(n - 1, lambda, mu, t)).isGreaterThan(1 - p);
        }
        assertThat(ErlangC.serversFor(lambda * 1.5, mu, t, p)).isGreaterThanOrEqualTo(n);
        assertThat(ErlangC.serversFor(lambda, mu, t / 2, p)).isGreaterThanOrEqualTo(n);
    }

    @Test
    void anUnstableQueueSaysHowManyServersItNeeds() {
        assertThatThrownBy(() -> ErlangC.waitProbability(5, 5.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unstable").hasMessageContaining("5.5 erlangs").hasMessageContaining("c ≥ 6");
        assertThatThrownBy(() -> ErlangC.waitProbability(5, 5.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("c ≥ 6");
        assertThatThrownBy(() -> ErlangC.waitExceeds(2, 3.0, 1.0, 0.1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unstable");
        assertThatThrownBy(() -> ErlangC.waitPercentile(2, 1.0, 1.0, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percentile (1.0) must be a probability in (0, 1)");
        assertThatThrownBy(() -> ErlangC.serversFor(1.0, 0.0, 0.1, 0.9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service rate (0.0");
        assertThatThrownBy(() -> ErlangC.waitExceeds(2, 1.0, 1.0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("waiting time (-1.0)");
    }
}
