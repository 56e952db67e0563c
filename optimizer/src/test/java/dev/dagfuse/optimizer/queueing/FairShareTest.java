// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import dev.dagfuse.optimizer.queueing.FairShare.Claim;
import dev.dagfuse.optimizer.queueing.FairShare.Share;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link FairShare}: worked cases, no starvation, and the max-min characterisation on random demands. */
class FairShareTest {

    @Test
    void workedCases() {
        // 10 for {2, 4, 10}: 2 and 4 fit under the level 10/3, the rest (4) goes to the third.
        assertThat(allocations(10, claim(2, 1), claim(4, 1), claim(10, 1))).containsExactly(2.0, 4.0, 4.0);
        // Weights 1 and 2 share 12 as 4 and 8 when both ask for more.
        assertThat(allocations(12, claim(10, 1), claim(10, 2))).containsExactly(4.0, 8.0);
        // Ties: equal claims get equal shares.
        assertThat(allocations(9, claim(5, 1), claim(5, 1), claim(5, 1))).containsExactly(3.0, 3.0, 3.0);
        // Zero demand gets nothing and is satisfied; zero capacity gives nothing.
        List<Share> shares = FairShare.allocate(4, List.of(claim(0, 1), claim(10, 1)));
        assertThat(shares.get(0).allocation()).isZero();
        assertThat(shares.get(0).satisfied()).isTrue();
        assertThat(shares.get(1).allocation()).isEqualTo(4.0);
        assertThat(shares.get(1).satisfied()).isFalse();
        assertThat(allocations(0, claim(3, 1), claim(1, 2))).containsExactly(0.0, 0.0);
        assertThat(FairShare.allocate(5, List.of())).isEmpty();
    }

    @Test
    void enoughCapacityServesEveryDemand() {
        List<Share> shares = FairShare.allocate(100, List.of(claim(30, 1), claim(0, 3), claim(70, 0.5)));
        assertThat(shares).allMatch(Share::satisfied).extracting(Share::allocation).containsExactly(30.0, 0.0, 70.0);
    }

    /** The bar of issue 15: a heavy workflow cannot starve a light one whose demand is within its weighted share. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void aHeavyWorkflowCannotStarveALightOne(long seed) {
        Random random = new Random(seed);
        double capacity = 1 + random.nextDouble() * 1000;
        double lightWeight = 0.1 + random.nextDouble() * 5;
        double heavyWeight = 0.1 + random.nextDouble() * 5;
        List<Claim> claims = new ArrayList<>();
        claims.add(new Claim("heavy", capacity * (10 + random.nextDouble() * 1e6), heavyWeight));
        int others = random.nextInt(5);
        double totalWeight = lightWeight + heavyWeight;
        for (int i = 0; i < others; i++) {
            double w = 0.1 + random.nextDouble() * 5;
            totalWeight += w;
            claims.add(new Claim("other" + i, random.nextDouble() * 2 * capacity, w));
        }
        double fairShare = capacity * lightWeight / totalWeight;
        claims.add(new Claim("light", fairShare * random.nextDouble(), lightWeight));
        Share light = FairShare.allocate(capacity, claims).get(claims.size() - 1);
        assertThat(light.satisfied()).isTrue();
        assertThat(light.allocation()).isEqualTo(light.demand());
        // A light workflow asking for more than its share still gets at least that share.
        claims.set(claims.size() - 1, new Claim("light", fairShare * (1 + random.nextDouble()), lightWeight));
        Share more = FairShare.allocate(capacity, claims).get(claims.size() - 1);
        assertThat(more.allocation()).isGreaterThanOrEqualTo(fairShare * (1 - 1e-12));
    }

    /**
     * Weighted max-min fairness characterised (the bottleneck property): allocations fit under demands and capacity;
     * when someone is short the capacity is used up; everyone short is at the same level x/w, the highest of all.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void isMaxMinFairOnRandomDemands(long seed) {
        Random random = new Random(seed);
        int n = 1 + random.nextInt(12);
        List<Claim> claims = new ArrayList<>();
        double total = 0;
        for (int i = 0; i < n; i++) {
            double demand = random.nextInt(4) == 0 ? 0 : random.nextDouble() * 100;
            // Some ties: repeat the previous claim now and then.
            if (i > 0 && random.nextInt(5) == 0) {
                claims.add(new Claim("c" + i, claims.get(i - 1).demand(), claims.get(i - 1).weight()));
            } else {
                claims.add(new Claim("c" + i, demand, 0.1 + random.nextDouble() * 4));
            }
            total += claims.get(i).demand();
        }
        double capacity = total * random.nextDouble() * 1.3;
        List<Share> shares = FairShare.allocate(capacity, claims);
        double sum = 0;
        double level = -1;
        double highest = 0;
        for (Share share : shares) {
            assertThat(share.allocation()).isBetween(0.0, share.demand());
            assertThat(share.satisfied()).isEqualTo(share.allocation() >= share.demand());
            sum += share.allocation();
            highest = Math.max(highest, share.allocation() / share.weight());
            if (!share.satisfied()) {
                if (level < 0) {
                    level = share.allocation() / share.weight();
                }
                assertThat(share.allocation() / share.weight()).isCloseTo(level, within(level * 1e-12 + 1e-15));
            }
        }
        assertThat(sum).isLessThanOrEqualTo(capacity * (1 + 1e-12));
        if (level >= 0) {
            assertThat(sum).isCloseTo(capacity, within(capacity * 1e-12));
            assertThat(level).isCloseTo(highest, within(highest * 1e-12));
        } else {
            assertThat(capacity).isGreaterThanOrEqualTo(total * (1 - 1e-12));
        }
        // Idempotent: asking again for exactly what one got, with the same capacity, gives the same.
        List<Claim> again = new ArrayList<>();
        for (Share share : shares) {
            again.add(new Claim(share.name(), share.allocation(), share.weight()));
        }
        List<Share> twice = FairShare.allocate(capacity, again);
        for (int i = 0; i < n; i++) {
            assertThat(twice.get(i).allocation()).isEqualTo(shares.get(i).allocation());
            assertThat(twice.get(i).satisfied()).isTrue();
        }
        // The order of the claims does not matter.
        List<Claim> reversed = new ArrayList<>(claims);
        Collections.reverse(reversed);
        List<Share> back = FairShare.allocate(capacity, reversed);
        for (int i = 0; i < n; i++) {
            assertThat(back.get(n - 1 - i).allocation()).isCloseTo(shares.get(i).allocation(),
                    within(1e-12 * Math.max(1, capacity)));
        }
    }

    @Test
    void weightsScaleTheShares() {
        List<Share> shares = FairShare.allocate(60, List.of(claim(1000, 1), claim(1000, 2), claim(1000, 3)));
        assertThat(shares).extracting(Share::allocation).containsExactly(10.0, 20.0, 30.0);
    }

    @Test
    void badClaimsSayWhatIsValid() {
        assertThatThrownBy(() -> new Claim("w", -1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("demand of w (-1.0) must be finite and ≥ 0");
        assertThatThrownBy(() -> new Claim("w", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight of w (0.0) must be finite and > 0");
        assertThatThrownBy(() -> FairShare.allocate(Double.NaN, List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity (NaN)");
    }

    private static Claim claim(double demand, double weight) {
        return new Claim("w" + demand + "/" + weight, demand, weight);
    }

    private static List<Double> allocations(double capacity, Claim... claims) {
        return FairShare.allocate(capacity, List.of(claims)).stream().map(Share::allocation).toList();
    }
}
