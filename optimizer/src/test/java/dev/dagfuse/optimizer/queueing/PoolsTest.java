// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/** Pools: the waits drawn are Erlang C's for exponential service, the percentile falls with containers, and the sizing uses the fewest cores. */
class PoolsTest {

    private static double[] draws(Random random, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = 200 * Math.exp(0.2 * random.nextGaussian());
        }
        return d;
    }

    private static List<Pools.Pool> pools(Random random) {
        List<Pools.Pool> pools = new ArrayList<>();
        int n = 2 + random.nextInt(2);
        for (int g = 0; g < n; g++) {
            double service = 20 + random.nextInt(300);
            double erlangs = 0.1 + 3 * random.nextDouble();
            pools.add(new Pools.Pool("g" + g, erlangs * 1000 / service, service, 1, 1 + random.nextInt(2)));
        }
        return pools;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void theSizingUsesTheFewestCoresThatMeetTheTarget(long seed) {
        Random random = new Random(seed);
        Pools model = new Pools(draws(random, 2_000), pools(random), seed);
        int n = model.pools().size();
        double target = model.unqueuedPercentile(95) + 50 + random.nextInt(500);
        int[] sized = model.size(95, target, 1_000);
        assertThat(sized).isNotNull();
        double[] full = new double[n];
        Arrays.fill(full, 1);
        assertThat(model.latencyPercentile(sized, full, 95)).isLessThanOrEqualTo(target);
        // brute force over every allocation up to 8 containers above the stable ones
        int[] base = new int[n];
        for (int g = 0; g < n; g++) {
            base[g] = model.pools().get(g).stableContainers(1);
        }
        int best = Integer.MAX_VALUE;
        int[] c = new int[n];
        int combos = (int) Math.pow(9, n);
        for (int k = 0; k < combos; k++) {
            int cores = 0;
            for (int g = 0, rest = k; g < n; g++, rest /= 9) {
                c[g] = base[g] + rest % 9;
                cores += c[g] * model.pools().get(g).coresPerContainer();
            }
            if (cores < best && model.latencyPercentile(c, full, 95) <= target) {
                best = cores;
            }
        }
        assertThat(cores(model, sized)).isEqualTo(best);
    }

    @Test
    void thePercentileFallsWithEveryContainerAndIsTheUnqueuedOneInTheLimit() {
        Random random = new Random(3);
        Pools model = new Pools(draws(random, 4_000), pools(random), 9);
        int n = model.pools().size();
        double[] full = new double[n];
        Arrays.fill(full, 1);
        int[] c = new int[n];
        for (int g = 0; g < n; g++) {
            c[g] = model.pools().get(g).stableContainers(1);
        }
        double previous = model.latencyPercentile(c, full, 95);
        for (int step = 0; step < 30; step++) {
            c[step % n]++;
            double now = model.latencyPercentile(c, full, 95);
            assertThat(now).isLessThanOrEqualTo(previous);
            previous = now;
        }
        assertThat(previous).isCloseTo(model.unqueuedPercentile(95), within(1e-6));
    }

    @Test
    void aSinglePoolsWaitsAreErlangCs() {
        double[] zeros = new double[20_000];
        Pools.Pool pool = new Pools.Pool("g", 8, 200, 1, 1); // 1.6 erlangs
        Pools model = new Pools(zeros, List.of(pool), 5);
        for (int c = 2; c <= 5; c++) {
            double[] w = model.latencyDraws(new int[] {c}, new double[] {1});
            double mean = Arrays.stream(w).average().orElseThrow();
            double expected = 1000 * ErlangC.meanWait(c, 8, 5);
            // exponential service (c_s 1): the simulated queue is M/M/c, within its simulation error
            assertThat(mean).as("%d containers", c).isCloseTo(expected, withinPercentage(6));
            long waiting = Arrays.stream(w).filter(x -> x > 0).count();
            double p = ErlangC.waitProbability(c, 1.6);
            assertThat(waiting / (double) w.length).isCloseTo(p, within(0.02));
            assertThat(model.queue(0, c, 1, 95).waitPercentileMs()).isCloseTo(
                    1000 * ErlangC.waitPercentile(c, 8, 5, 0.95), withinPercentage(6));
        }
        assertThat(model.latencyDraws(new int[] {1}, new double[] {1})).as("1.6 erlangs on 1 container").isNull();
        // deflated to half its CPU, 3.2 erlangs: 4 containers keep up, and every request is 200 ms slower in it
        double[] half = model.latencyDraws(new int[] {4}, new double[] {0.5});
        assertThat(Arrays.stream(half).min().orElseThrow()).isCloseTo(200, within(1e-9));
        assertThat(model.queue(0, 4, 0.5, 95).utilisation()).isCloseTo(0.8, within(1e-12));
    }

    private static int cores(Pools model, int[] c) {
        int cores = 0;
        for (int g = 0; g < c.length; g++) {
            cores += c[g] * model.pools().get(g).coresPerContainer();
        }
        return cores;
    }
}
