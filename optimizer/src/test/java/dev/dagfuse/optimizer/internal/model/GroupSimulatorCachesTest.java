// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator keeps what a group's invocations bill (across orchestrations and Map forms) and a bundle's sorted
 * works (across memory sizes): with the caches or without, in whatever order groups are asked for, every number is
 * the same to the bit.
 */
class GroupSimulatorCachesTest {

    private static final int SAMPLES = 2000;

    private static FunctionModel function(Random random, String name, int fanOut, int parallelism, boolean s3) {
        FunctionSpec spec = new FunctionSpec(name, null, 1024, List.of(), List.of(), fanOut, Retry.DEFAULT, 900_000, null);
        double lo = 20 + random.nextDouble() * 200;
        FunctionProfile p = new FunctionProfile(1000, 0, parallelism, List.of(100.0, 300.0),
                Map.of(512, List.of(lo * 2, lo * 3, lo * 5), 1769, List.of(lo, lo * 1.5, lo * 2.5)));
        List<FunctionModel.Input> inputs = s3 ? List.of(new FunctionModel.Input("up", 1, fanOut, Reads.ALL, 500_000, true))
                : List.of();
        return new FunctionModel(spec, p, inputs, s3, random.nextLong());
    }

    private record Ask(List<FunctionModel> chain, int memoryMB, int k, Orchestration orchestration, MapForm map) {
    }

    private static List<Ask> asks(Random random) {
        List<Ask> asks = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            int fanOut = 1 + random.nextInt(40);
            int length = 1 + random.nextInt(3);
            boolean oneSpeed = random.nextBoolean();
            List<FunctionModel> chain = new ArrayList<>();
            for (int f = 0; f < length; f++) {
                chain.add(function(random, "f" + c + "_" + f, fanOut, oneSpeed ? 1 : 1 + random.nextInt(3),
                        random.nextBoolean()));
            }
            for (int m : new int[] {512, 1769, 3008}) {
                for (int k : new int[] {1, Math.max(1, fanOut / 3), fanOut}) {
                    for (Orchestration o : Orchestration.values()) {
                        List<MapForm> forms = fanOut > 1 ? AwsLambdaPlatform.defaults().mapForms(o)
                                : java.util.Collections.<MapForm>singletonList(null);
                        for (MapForm form : forms) {
                            asks.add(new Ask(chain, m, k, o, form));
                        }
                    }
                }
            }
        }
        return asks;
    }

    /**
     * With an arrival rate each group's cold-start probability follows from its warm draws (drawn first, then made
     * cold): kept or not, in any order, the numbers and the probability are the same to the bit, and they differ
     * from the ones without a rate only by the cold starts.
     */
    @ParameterizedTest
    @ValueSource(longs = {6, 7, 8})
    void withARateCachedAndUncachedDrawsAreIdenticalToo(long seed) {
        Random random = new Random(seed);
        List<Ask> asks = asks(random);
        Platform lambda = AwsLambdaPlatform.defaults().withKeepAlive(60_000);
        double rate = 0.02; // one request every 50 s against a minute's keep-alive: many cold starts
        GroupSimulator uncached = new GroupSimulator(SAMPLES, lambda, 0, rate);
        GroupSimulator cached = new GroupSimulator(SAMPLES, lambda, rate);
        GroupSimulator tight = new GroupSimulator(SAMPLES, lambda, 3L << 20, rate);
        GroupSimulator warm = new GroupSimulator(SAMPLES, lambda);
        List<Ask> shuffled = new ArrayList<>(asks);
        java.util.Collections.shuffle(shuffled, random);
        boolean someCold = false;
        for (Ask a : shuffled) {
            GroupResult expected = uncached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map());
            assertSame(cached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map()), expected, a);
            assertSame(tight.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map()), expected, a);
            GroupResult noRate = warm.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map());
            assertThat(noRate.coldStartProbability()).isZero();
            assertThat(expected.coldStartProbability()).isBetween(0.0, 1.0);
            assertThat(expected.computeUsd()).isGreaterThanOrEqualTo(noRate.computeUsd());
            someCold |= expected.computeUsd() > noRate.computeUsd();
        }
        assertThat(someCold).isTrue();
        // the local platform draws no cold starts from a rate: the same numbers as without one
        GroupSimulator local = new GroupSimulator(SAMPLES, LocalPlatform.of(2), rate);
        GroupSimulator localWithout = new GroupSimulator(SAMPLES, LocalPlatform.of(2));
        for (Ask a : shuffled.subList(0, 20)) {
            assertSame(local.simulate(a.chain(), a.memoryMB(), a.k(), null, null, null),
                    localWithout.simulate(a.chain(), a.memoryMB(), a.k(), null, null, null), a);
        }
    }

    /**
     * Provisioned concurrency and SnapStart share the group's warm draws (kept once for all its provisionings):
     * kept or not, in any order, their numbers are the same to the bit; and where no on-demand draw is cold,
     * {@code withoutColdDraws} gives what a full simulation gives, without drawing again.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13})
    void provisionedAndSnapStartDrawsAreIdenticalCachedOrNotAndWithoutColdDrawsAsSimulated(long seed) {
        Random random = new Random(seed);
        List<Ask> asks = asks(random).subList(0, 36);
        AwsLambdaPlatform lambda = AwsLambdaPlatform.defaults().withKeepAlive(60_000).withSnapStartRestore(50);
        int shortcuts = 0;
        for (double rate : new double[] {0.02, 5000}) {
            GroupSimulator uncached = new GroupSimulator(SAMPLES, lambda, 0, rate);
            GroupSimulator cached = new GroupSimulator(SAMPLES, lambda, rate);
            List<Ask> shuffled = new ArrayList<>(asks);
            java.util.Collections.shuffle(shuffled, random);
            for (Ask a : shuffled) {
                GroupResult onDemand = cached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map());
                for (int c : new int[] {1, 3}) {
                    dev.dagfuse.optimizer.GroupModel.Provisioning p = dev.dagfuse.optimizer.GroupModel.Provisioning.of(c);
                    GroupResult expected = uncached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null,
                            a.map(), p, false);
                    assertSame(cached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map(), p,
                            false), expected, a);
                    assertThat(expected.provisioned()).isEqualTo(c);
                    assertThat(expected.coldStartProbability()).isLessThanOrEqualTo(onDemand.coldStartProbability());
                    GroupResult derived = cached.withoutColdDraws(onDemand, a.chain().get(0), a.memoryMB(), null, p);
                    if (derived != null) {
                        shortcuts++;
                        assertSame(derived, expected, a);
                        assertThat(derived.provisioned()).isEqualTo(c);
                        assertThat(derived.spill()).isEqualTo(expected.spill());
                    }
                }
                GroupResult snap = uncached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map(),
                        null, true);
                assertSame(cached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map(), null, true),
                        snap, a);
                assertThat(snap.coldStartProbability()).isEqualTo(onDemand.coldStartProbability());
            }
        }
        assertThat(shortcuts).as("groups without a cold draw on demand").isPositive();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void cachedAndUncachedDrawsAreIdenticalWhateverTheOrder(long seed) {
        Random random = new Random(seed);
        List<Ask> asks = asks(random);
        Platform lambda = AwsLambdaPlatform.defaults();
        GroupSimulator uncached = new GroupSimulator(SAMPLES, lambda, 0);
        GroupSimulator cached = new GroupSimulator(SAMPLES, lambda);
        GroupSimulator tight = new GroupSimulator(SAMPLES, lambda, 3L << 20); // evicts as it goes
        List<Ask> shuffled = new ArrayList<>(asks);
        java.util.Collections.shuffle(shuffled, random);
        for (Ask a : shuffled) {
            GroupResult expected = uncached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map());
            assertSame(cached.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map()), expected, a);
            assertSame(tight.simulate(a.chain(), a.memoryMB(), a.k(), a.orchestration(), null, a.map()), expected, a);
        }
        // and where invocations share cores (no billed cache; sorted works still kept)
        GroupSimulator local = new GroupSimulator(SAMPLES, LocalPlatform.of(2));
        GroupSimulator localUncached = new GroupSimulator(SAMPLES, LocalPlatform.of(2), 0);
        for (Ask a : shuffled.subList(0, 40)) {
            assertSame(local.simulate(a.chain(), a.memoryMB(), a.k(), null, null, null),
                    localUncached.simulate(a.chain(), a.memoryMB(), a.k(), null, null, null), a);
        }
    }

    private static void assertSame(GroupResult actual, GroupResult expected, Ask a) {
        String what = a.chain().size() + " functions ×" + a.chain().get(0).fanOut + " at " + a.memoryMB() + " MB, k "
                + a.k() + ", " + a.orchestration() + " " + a.map();
        assertThat(actual.latencyMs()).as(what).containsExactly(expected.latencyMs());
        assertThat(actual.computeUsd()).as(what).isEqualTo(expected.computeUsd());
        assertThat(actual.s3Usd()).as(what).isEqualTo(expected.s3Usd());
        assertThat(actual.transitionsUsd()).as(what).isEqualTo(expected.transitionsUsd());
        assertThat(actual.longestInvocationMs()).as(what).isEqualTo(expected.longestInvocationMs());
        assertThat(actual.coldStartProbability()).as(what).isEqualTo(expected.coldStartProbability());
        if (expected.invocationMs() != null) {
            assertThat(actual.invocationMs()).as(what).isDeepEqualTo(expected.invocationMs());
        }
    }
}
