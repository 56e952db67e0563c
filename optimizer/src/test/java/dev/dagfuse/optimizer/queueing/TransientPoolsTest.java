// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/**
 * {@link TransientPools}: exact waits worked by hand for constant service (a chain, a diamond, a fan-out larger than
 * the pool) and for invocations sharing fewer cores, the Lindley recursion for one container, the Pollaczek–Khinchine
 * mean once a long run has left its empty start behind, how far below it a short run from empty stays, and the
 * stretch of pools sharing 2 cores against {@link CoreSharing}.
 */
class TransientPoolsTest {

    private static Pools.Pool constant(String group, double serviceMs, int invocations) {
        return new Pools.Pool(group, 1, serviceMs, invocations, 1, 0);
    }

    @Test
    void aChainOfTwoPoolsWaitsAsWorkedByHand() {
        // A (100 ms) then B (150 ms), one container each; arrivals at 0, 10, 20 ms.
        // A: 0–100, 100–200 (waits 90), 200–300 (waits 180). B: 100–250, 250–400 (waits 50), 400–550 (waits 100).
        TransientPools.Waits w = TransientPools.simulate(List.of(constant("A", 100, 1), constant("B", 150, 1)),
                List.of(List.of(), List.of(0)), new int[] {1, 1}, new double[] {0, 10, 20}, 3, 1);
        for (double[] replicate : w.requestWaitMs()) {
            assertThat(replicate).containsExactly(new double[] {0, 140, 280}, within(1e-9));
        }
        assertThat(w.meanInvocationWaitMs()).containsExactly(new double[] {90, 50}, within(1e-9));
        assertThat(w.meanRequestWaitMs()).isCloseTo(140, within(1e-9));
    }

    @Test
    void aGroupAfterTwoBranchesStartsWhenTheLaterEnds() {
        // A (50) → B (100) and C (300) → D (10); two requests at 0 and 100 ms, one container per pool.
        // Request 0: A 0–50, B 50–150, C 50–350, D 350–360. Request 1: A 100–150, B 150–250, C ready 150, starts 350
        // (waits 200), ends 650; D 650–660. The request's wait is the groups' waits summed: 200.
        TransientPools.Waits w = TransientPools.simulate(
                List.of(constant("A", 50, 1), constant("B", 100, 1), constant("C", 300, 1), constant("D", 10, 1)),
                List.of(List.of(), List.of(0), List.of(0), List.of(1, 2)), new int[] {1, 1, 1, 1},
                new double[] {0, 100}, 1, 1);
        assertThat(w.requestWaitMs().get(0)).containsExactly(new double[] {0, 200}, within(1e-9));
        assertThat(w.meanInvocationWaitMs()).containsExactly(new double[] {0, 0, 100, 0}, within(1e-9));
    }

    @Test
    void aFanOutLargerThanItsPoolWaitsForTheLongestOfItsInvocations() {
        // 3 invocations of 100 ms on 2 containers: the third waits 100 ms; the request waits the longest, 100 ms
        TransientPools.Waits w = TransientPools.simulate(List.of(constant("F", 100, 3)), List.of(List.of()),
                new int[] {2}, new double[] {0}, 1, 1);
        assertThat(w.requestWaitMs().get(0)).containsExactly(new double[] {100}, within(1e-9));
        assertThat(w.meanInvocationWaitMs()[0]).isCloseTo(100 / 3.0, within(1e-9));
    }

    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"40", "41", "42"})
    void oneContainerWithConstantServiceIsTheLindleyRecursion(long seed) {
        double[] arrivals = poisson(2.4, 400, seed);
        TransientPools.Waits w = TransientPools.simulate(List.of(constant("S", 250, 1)), List.of(List.of()),
                new int[] {1}, arrivals, 2, 7);
        double wait = 0;
        for (int i = 0; i < arrivals.length; i++) {
            if (i > 0) {
                // W(i) = max(0, W(i−1) + S − gap)
                wait = Math.max(0, wait + 250 - (arrivals[i] - arrivals[i - 1]));
            }
            assertThat(w.requestWaitMs().get(0)[i]).isCloseTo(wait, within(1e-6));
            assertThat(w.requestWaitMs().get(1)[i]).isCloseTo(wait, within(1e-6));
        }
    }

    @ParameterizedTest(name = "c_s {0}, ρ {1}")
    @CsvSource({"0.2, 0.6", "0.5, 0.7", "1.0, 0.5"})
    void aLongRunReachesThePollaczekKhinchineMean(double cv, double rho) {
        double serviceMs = 200;
        double rate = rho / serviceMs * 1000;
        TransientPools.Waits w = TransientPools.simulate(List.of(new Pools.Pool("S", rate, serviceMs, 1, 1, cv)),
                List.of(List.of()), new int[] {1}, poisson(rate, 400_000, 11), 1, 5);
        double pk = rho * serviceMs * (1 + cv * cv) / (2 * (1 - rho));
        assertThat(w.meanInvocationWaitMs()[0]).isCloseTo(pk, withinPercentage(5));
    }

    @Test
    void aShortRunFromEmptyPoolsWaitsLessThanTheSteadyStateAndItsReplicatesDiffer() {
        // M/G/1 at ρ 0.6, c_s 0.3: the first requests find the container idle, so 20 requests wait well below the
        // steady state's mean on average over many arrival sequences
        double serviceMs = 250;
        double rate = 2.4;
        Pools.Pool pool = new Pools.Pool("S", rate, serviceMs, 1, 1, 0.3);
        double pk = 0.6 * serviceMs * (1 + 0.09) / (2 * 0.4);
        double sum = 0;
        for (long seed = 0; seed < 200; seed++) {
            sum += TransientPools.simulate(List.of(pool), List.of(List.of()), new int[] {1}, poisson(rate, 20, seed),
                    5, seed).meanRequestWaitMs();
        }
        assertThat(sum / 200).isLessThan(0.8 * pk).isGreaterThan(0.2 * pk);
        TransientPools.Waits w = TransientPools.simulate(List.of(pool), List.of(List.of()), new int[] {1},
                poisson(rate, 400, 3), 2, 3);
        assertThat(w.requestWaitMs().get(0)).isNotEqualTo(w.requestWaitMs().get(1));
        assertThat(w.requestWaitMs().get(0)[0]).isZero();
        TransientPools.Waits again = TransientPools.simulate(List.of(pool), List.of(List.of()), new int[] {1},
                poisson(rate, 400, 3), 2, 3);
        assertThat(again.requestWaitMs().get(1)).containsExactly(w.requestWaitMs().get(1));
    }

    @Test
    void invocationsOnFewerCoresShareThemEqually() {
        // two workflows, one pool each (one container, 100 ms of work at full speed), on 1 core. Together at 0 ms:
        // both run at half speed and end at 200 ms. Staggered (0 and 50 ms): A runs alone to 50 ms (half its work),
        // both at half speed until A ends at 150 ms, B alone until 200 ms: each took 150 ms, 50 ms beyond its work.
        List<Pools.Pool> one = List.of(constant("A", 100, 1));
        for (double[] at : List.of(new double[] {0, 0, 100}, new double[] {0, 50, 50})) {
            List<TransientPools.Waits> w = TransientPools.simulate(List.of(
                    new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {at[0]}),
                    new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {at[1]})), 1, 1, 1);
            for (TransientPools.Waits flow : w) {
                assertThat(flow.requestWaitMs().get(0)).containsExactly(new double[] {0}, within(1e-9));
                assertThat(flow.requestExcessMs().get(0)).containsExactly(new double[] {at[2]}, within(1e-9));
                assertThat(flow.meanServiceMs()[0]).isCloseTo(100 + at[2], within(1e-9));
            }
        }
        // a container of 2 cores runs 2 threads: with a 1-core invocation on 2 cores, all three threads at 2/3 speed
        List<TransientPools.Waits> w = TransientPools.simulate(List.of(
                new TransientPools.Flow(List.of(new Pools.Pool("W", 1, 100, 1, 2, 0)), List.of(List.of()),
                        new int[] {1}, new double[] {0}),
                new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {0})), 2, 1, 1);
        assertThat(w.get(0).meanServiceMs()[0]).isCloseTo(150, within(1e-9));
        assertThat(w.get(1).meanServiceMs()[0]).isCloseTo(150, within(1e-9));
    }

    @Test
    void aSharedSpeedSlowsAnInvocationOnlyWhileOthersRunBesideIt() {
        // two workflows, one pool each (one container, 100 ms of work alone) on 2 cores, A's shared speed 0.5 and B's
        // 0.8. Staggered (0 and 50 ms): A alone to 50 ms (half its work); then both beside each other, A at 0.5 needs
        // 100 ms more and B at 0.8 does 80 ms of work by 150 ms, when A ends; B alone does its last 20 ms by 170 ms.
        List<Pools.Pool> one = List.of(constant("A", 100, 1));
        List<TransientPools.Waits> w = TransientPools.simulate(List.of(
                new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {0}, new double[] {0.5}),
                new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {50}, new double[] {0.8})),
                2, 1, 1);
        assertThat(w.get(0).meanServiceMs()[0]).isCloseTo(150, within(1e-9));
        assertThat(w.get(1).meanServiceMs()[0]).isCloseTo(120, within(1e-9));
        assertThat(w.get(1).requestExcessMs().get(0)).containsExactly(new double[] {20}, within(1e-9));
        // on 1 core together from 0 ms, both at 0.5 × 0.8 = 0.4 of their speed alone: 250 ms each
        List<TransientPools.Waits> oneCore = TransientPools.simulate(List.of(
                new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {0}, new double[] {0.8}),
                new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {0}, new double[] {0.8})),
                1, 1, 1);
        assertThat(oneCore.get(0).meanServiceMs()[0]).isCloseTo(250, within(1e-9));
        // a container of 2 cores alone on 2 cores runs at full speed: its own threads are in its speed alone
        List<TransientPools.Waits> own = TransientPools.simulate(List.of(new TransientPools.Flow(
                List.of(new Pools.Pool("W", 1, 100, 1, 2, 0)), List.of(List.of()), new int[] {1}, new double[] {0},
                new double[] {0.5})), 2, 1, 1);
        assertThat(own.get(0).meanServiceMs()[0]).isCloseTo(100, within(1e-9));
        // without cores to share (cores 0) nothing slows
        List<TransientPools.Waits> free = TransientPools.simulate(List.of(
                new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {0}, new double[] {0.5}),
                new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {0}, new double[] {0.5})),
                0, 1, 1);
        assertThat(free.get(0).meanServiceMs()[0]).isCloseTo(100, within(1e-9));
        assertThatThrownBy(() -> new TransientPools.Flow(one, List.of(List.of()), new int[] {1}, new double[] {0},
                new double[] {1.2})).hasMessageContaining("shared speed (1.2) of group A must be within (0, 1]");
    }

    /**
     * Single-container pools with Poisson arrivals on 2 cores, as in CoreSharingTest: the simulated mean time on a
     * container over the work against {@link CoreSharing}'s stretch (independent busy containers): within 5%.
     */
    @ParameterizedTest(name = "seed {0}")
    @CsvSource({"1", "2", "3", "4"})
    void theSharedCoresStretchAsCoreSharingPredicts(long seed) {
        Random random = new Random(seed);
        int n = 4 + random.nextInt(3);
        List<CoreSharing.Load> loads = new ArrayList<>();
        List<TransientPools.Flow> flows = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            double service = 20 + random.nextInt(250);
            double rho = q < 2 ? 0.35 + 0.2 * random.nextDouble() : 0.03 + 0.12 * random.nextDouble();
            double rate = rho * 1000 / service;
            loads.add(new CoreSharing.Load(1, 1, rate, service));
            flows.add(new TransientPools.Flow(List.of(new Pools.Pool("P" + q, rate, service, 1, 1, 0)),
                    List.of(List.of()), new int[] {1}, poisson(rate, (int) (rate * 2_000), seed * 100 + q)));
        }
        double[] predicted = CoreSharing.stretch(loads, 2);
        List<TransientPools.Waits> simulated = TransientPools.simulate(flows, 2, 1, seed);
        for (int q = 0; q < n; q++) {
            double stretch = simulated.get(q).meanServiceMs()[0] / loads.get(q).serviceMs();
            assertThat(stretch).as("pool %d of %s", q, loads).isCloseTo(predicted[q], withinPercentage(5));
        }
    }

    @Test
    void rejectsACycleAPoolWithoutContainersAndArrivalsOutOfOrder() {
        List<Pools.Pool> two = List.of(constant("A", 10, 1), constant("B", 10, 1));
        assertThatThrownBy(() -> TransientPools.simulate(two, List.of(List.of(1), List.of(0)), new int[] {1, 1},
                new double[] {0}, 1, 1)).hasMessageContaining("cycle");
        assertThatThrownBy(() -> TransientPools.simulate(two, List.of(List.of(), List.of(0)), new int[] {1, 0},
                new double[] {0}, 1, 1)).hasMessageContaining("group B needs at least one container");
        assertThatThrownBy(() -> TransientPools.simulate(two, List.of(List.of(), List.of(0)), new int[] {1, 1},
                new double[] {5, 1}, 1, 1)).hasMessageContaining("in time order");
        assertThatThrownBy(() -> TransientPools.simulate(two, List.of(List.of(), List.of(2)), new int[] {1, 1},
                new double[] {0}, 1, 1)).hasMessageContaining("there are 2 groups");
    }

    /** Arrival times in ms of a Poisson process at {@code rate}/s. */
    private static double[] poisson(double rate, int n, long seed) {
        Random random = new Random(seed);
        double[] at = new double[n];
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += -Math.log(1 - random.nextDouble()) / rate * 1000;
            at[i] = t;
        }
        return at;
    }
}
