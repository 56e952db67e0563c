// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.optimizer.GroupModel.Provisioning;
import dev.dagfuse.optimizer.queueing.ErlangB;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The spill model of provisioned concurrency (docs/model.md, "Provisioned concurrency") against a seeded discrete-event
 * simulation of the system it describes: Poisson arrivals at λ, exponential durations of mean D; an arrival takes a
 * free provisioned environment (c of them) if there is one, else spills to on demand, where it takes the most recently
 * freed idle environment if that one has been idle at most T, else starts a new one (cold). The simulation has the
 * real overflow, in bursts while the provisioned environments are all busy. Bar: the share of cold invocations within
 * 2 points, and the spill within 1, over a grid of loads, durations, provisionings and keep-alives.
 */
class ProvisionedSpillTest {

    static Stream<Arguments> grid() {
        Stream.Builder<Arguments> b = Stream.builder();
        long seed = 1;
        // arrivals per second, mean duration (ms), keep-alive (ms), provisioned environments (0: the smallest with B ≤ 10%)
        for (double meanMs : new double[] {200, 1000}) {
            for (double lambda : new double[] {0.05, 0.5, 2, 10, 40}) {
                for (double keepAlive : new double[] {2_000, 20_000, 600_000}) {
                    for (int c : new int[] {1, 3, 0}) {
                        b.add(Arguments.of(lambda, meanMs, keepAlive, c, seed++));
                    }
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "λ {0}/s, D {1} ms, T {2} ms, c {3}")
    @MethodSource("grid")
    void theShareOfColdInvocationsIsWithinTwoPointsOfTheSimulation(double lambda, double meanMs, double keepAliveMs,
                                                                   int c, long seed) {
        int environments = c > 0 ? c : Math.max(1, ErlangB.serversFor(lambda * meanMs / 1000, 0.1));
        GroupSimulator.Cold model = GroupSimulator.cold(lambda, meanMs, keepAliveMs, Provisioning.of(environments));
        Simulated sim = simulate(lambda, meanMs, keepAliveMs, environments, 400_000, seed);
        assertThat(model.environments()).isEqualTo(environments);
        assertThat(model.spill()).as("Erlang B against the simulated spill").isCloseTo(sim.spill, within(0.01));
        assertThat(model.probability()).as("P(cold): simulated %.4f, spill %.4f", sim.cold, sim.spill)
                .isCloseTo(sim.cold, within(0.02));
    }

    @ParameterizedTest(name = "λ {0}/s, D {1} ms, T {2} ms, c {3}")
    @MethodSource("grid")
    void provisioningForASpillTargetMeetsIt(double lambda, double meanMs, double keepAliveMs, int c, long seed) {
        for (double target : new double[] {0.1, 0.01, 0.001}) {
            GroupSimulator.Cold cold = GroupSimulator.cold(lambda, meanMs, keepAliveMs, Provisioning.forSpill(target));
            assertThat(cold.spill()).isLessThanOrEqualTo(target);
            // one environment fewer would spill more than the target (the smallest c), unless it is already 1
            if (cold.environments() > 1) {
                assertThat(ErlangB.blocking(cold.environments() - 1, lambda * meanMs / 1000)).isGreaterThan(target);
            }
            GroupSimulator.Cold onDemand = GroupSimulator.cold(lambda, meanMs, keepAliveMs, null);
            assertThat(onDemand.environments()).isZero();
            assertThat(onDemand.spill()).isEqualTo(1);
        }
    }

    record Simulated(double cold, double spill) {
    }

    /** The system above, {@code arrivals} of them after as many again to reach the steady state. */
    static Simulated simulate(double lambdaPerSecond, double meanMs, double keepAliveMs, int c, int arrivals, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double lambda = lambdaPerSecond / 1000; // per ms
        PriorityQueue<double[]> ends = new PriorityQueue<>((x, y) -> Double.compare(x[0], y[0])); // {time, provisioned?}
        ArrayDeque<Double> idle = new ArrayDeque<>(); // on-demand environments' free times, most recent first
        int busyProvisioned = 0;
        double t = 0;
        long cold = 0;
        long spilled = 0;
        for (int i = -arrivals; i < arrivals; i++) {
            t += -Math.log(1 - random.nextDouble()) / lambda;
            while (!ends.isEmpty() && ends.peek()[0] <= t) {
                double[] end = ends.poll();
                if (end[1] > 0) {
                    busyProvisioned--;
                } else {
                    idle.push(end[0]);
                }
            }
            double duration = -Math.log(1 - random.nextDouble()) * meanMs;
            if (busyProvisioned < c) {
                busyProvisioned++;
                ends.add(new double[] {t + duration, 1});
                continue;
            }
            boolean warm = !idle.isEmpty() && t - idle.peek() <= keepAliveMs;
            if (warm) {
                idle.pop();
            } else {
                idle.clear(); // the most recently freed one is recycled: every older one too
            }
            ends.add(new double[] {t + duration, 0});
            if (i >= 0) {
                spilled++;
                if (!warm) {
                    cold++;
                }
            }
        }
        return new Simulated((double) cold / arrivals, (double) spilled / arrivals);
    }
}
