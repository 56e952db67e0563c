// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.stats;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The M/G/∞ keep-alive formula against a discrete-event simulation of Poisson arrivals (issue 15's bar: 2 points). */
class ColdStartsTest {

    enum Durations { EXPONENTIAL, LOGNORMAL }

    /**
     * A seeded simulation: Poisson arrivals at rate 1 (time in units of 1/λ), durations of mean ρ, an unbounded pool
     * in which an arrival takes the most recently freed idle environment, and an environment idle for longer than
     * λT is recycled. Returns the fraction of cold arrivals after a warm-up.
     */
    static double simulate(double rho, double lambdaT, Durations durations, int arrivals, long seed) {
        Random random = new Random(seed);
        PriorityQueue<Double> busyUntil = new PriorityQueue<>();
        ArrayDeque<Double> idleSince = new ArrayDeque<>(); // last = most recently freed
        int warmUp = arrivals / 10;
        long cold = 0;
        double t = 0;
        for (int i = 0; i < arrivals; i++) {
            t += -Math.log(1 - random.nextDouble());
            while (!busyUntil.isEmpty() && busyUntil.peek() <= t) {
                idleSince.addLast(busyUntil.poll());
            }
            while (!idleSince.isEmpty() && t - idleSince.peekFirst() > lambdaT) {
                idleSince.removeFirst(); // recycled: the longest idle first
            }
            if (!idleSince.isEmpty()) {
                idleSince.removeLast();
            } else if (i >= warmUp) {
                cold++;
            }
            double d = switch (durations) {
                case EXPONENTIAL -> -rho * Math.log(1 - random.nextDouble());
                case LOGNORMAL -> rho * Math.exp(0.5 * random.nextGaussian() - 0.125); // σ 0.5, mean ρ
            };
            busyUntil.add(t + d);
        }
        return (double) cold / (arrivals - warmUp);
    }

    static Stream<Arguments> grid() {
        List<Arguments> cases = new ArrayList<>();
        for (double rho : new double[] {0.01, 0.1, 1, 10, 100, 1000}) {
            for (double lambdaT : new double[] {0.1, 1, 10, 100, 1000, 10_000}) {
                for (Durations d : Durations.values()) {
                    cases.add(Arguments.of(rho, lambdaT, d));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "λE[D] {0}, λT {1}, {2} durations")
    @MethodSource("grid")
    void theFormulaMatchesASimulationOfPoissonArrivalsWithKeepAliveWithinTwoPoints(double rho, double lambdaT,
                                                                                  Durations durations) {
        // λ = 2/s: E[D] = ρ/λ, T = λT/λ
        double lambda = 2;
        double formula = ColdStarts.probability(lambda, rho / lambda * 1000, lambdaT / lambda * 1000);
        double simulated = simulate(rho, lambdaT, durations, 400_000, 15);
        assertThat(formula).as("P(cold) at λE[D] %s, λT %s", rho, lambdaT).isCloseTo(simulated, within(0.02));
    }

    @Test
    void withoutOverlapTheOneEnvironmentIsColdWhenTheLastArrivalIsOlderThanTheKeepAlive() {
        assertThat(ColdStarts.probability(1, 0, 2000)).isCloseTo(Math.exp(-2), within(1e-12));
        assertThat(ColdStarts.probability(5, 100, 0)).isCloseTo(1, within(1e-9));
    }

    /**
     * Decade by decade the probability falls as the rate grows. Not step by step: where arrivals seldom overlap
     * (λT ≫ 1, λ²·E[D]·T &lt; ½) the cold starts are those of a second environment, about ρ·e^(−ρλT), which grows
     * with the rate (the simulation shows the same bump: {@link #theBumpWhereOverlapsAreRareIsInTheSimulationToo}).
     */
    @RepeatedTest(20)
    void theProbabilityFallsAsTheRateGrowsTowardsZeroAndRisesTowardsOneAsItFalls(
            org.junit.jupiter.api.RepetitionInfo repetition) {
        Random random = new Random(1500 + repetition.getCurrentRepetition());
        double meanMs = 10 + random.nextDouble() * 5000;
        double keepAliveMs = 60_000 + random.nextDouble() * 1_200_000;
        double previous = 1;
        for (double rate = 1e-6; rate <= 1e4; rate *= 10) {
            double p = ColdStarts.probability(rate, meanMs, keepAliveMs);
            assertThat(p).as("rate %s/s", rate).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous + 1e-9);
            previous = p;
        }
        assertThat(ColdStarts.probability(1e-6, meanMs, keepAliveMs)).isGreaterThan(0.99);
        assertThat(ColdStarts.probability(1e4, meanMs, keepAliveMs)).isLessThan(0.001);
    }

    @Test
    void theBumpWhereOverlapsAreRareIsInTheSimulationToo() {
        // E[D] 1 s, T 10 min: from 0.01/s to 0.025/s the formula and the simulation both rise
        double low = ColdStarts.probability(0.01, 1000, 600_000);
        double high = ColdStarts.probability(0.025, 1000, 600_000);
        double simulatedLow = simulate(0.01, 0.01 * 600, Durations.EXPONENTIAL, 2_000_000, 16);
        double simulatedHigh = simulate(0.025, 0.025 * 600, Durations.EXPONENTIAL, 2_000_000, 16);
        assertThat(low).isCloseTo(simulatedLow, within(0.003));
        assertThat(high).isCloseTo(simulatedHigh, within(0.003));
        assertThat(high).isGreaterThan(low);
        assertThat(simulatedHigh).isGreaterThan(simulatedLow);
    }

    @Test
    void aLargePoolIsComputedQuickly() {
        ColdStarts.probability(1000, 1000, 600_000); // warm up
        long start = System.nanoTime();
        double p = ColdStarts.probability(10_000, 2000, 600_000); // ρ = 20,000 busy environments
        double q = ColdStarts.probability(1e6, 900_000, 1000); // ρ = 9·10⁸, T ≪ E[D]
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(p).isBetween(0.0, 1e-4);
        assertThat(q).isBetween(0.0, 1.0);
        // a bound on the work, not a speed target (bench/ measures speed): a sum over every level would take minutes
        // at ρ = 9·10⁸; 32 bins take about a millisecond, so 2 s leaves room for a loaded CI machine
        assertThat(ms).isLessThan(2_000);
    }
}
