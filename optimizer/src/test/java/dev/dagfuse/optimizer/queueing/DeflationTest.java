// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import dev.dagfuse.optimizer.queueing.Deflation.Deflated;
import dev.dagfuse.optimizer.queueing.Deflation.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@link Deflation}: shrink to the floor first, remove whole containers only when every container is there. */
class DeflationTest {

    @Test
    void enoughCoresKeepEverythingWhole() {
        List<Deflated> fit = Deflation.fit(10, 1, 0.5, List.of(new Pool("a", 4, 1), new Pool("b", 6, 1)));
        assertThat(fit).allSatisfy(d -> {
            assertThat(d.kept()).isEqualTo(d.demanded());
            assertThat(d.cpuShare()).isEqualTo(1.0);
            assertThat(d.servedFraction()).isEqualTo(1.0);
        });
    }

    @Test
    void workedCases() {
        // 8 one-core containers on 6 cores: floors 2 + 2, the 2 cores above them split evenly: 0.75 each.
        List<Deflated> deflated = Deflation.fit(6, 1, 0.5, List.of(new Pool("a", 4, 1), new Pool("b", 4, 1)));
        assertThat(deflated).allSatisfy(d -> {
            assertThat(d.kept()).isEqualTo(4);
            assertThat(d.cpuShare()).isEqualTo(0.75);
            assertThat(d.servedCores()).isEqualTo(3.0);
        });
        // On 3 cores even the floors (4 cores) do not fit: 6 half containers, 3 each.
        List<Deflated> removed = Deflation.fit(3, 1, 0.5, List.of(new Pool("a", 4, 1), new Pool("b", 4, 1)));
        assertThat(removed).allSatisfy(d -> {
            assertThat(d.kept()).isEqualTo(3);
            assertThat(d.cpuShare()).isEqualTo(0.5);
            assertThat(d.servedFraction()).isEqualTo(0.375);
        });
        // Two-core containers, 2 and 10 of them, 16 cores: floors 2 + 10; of the 4 cores above, the small pool
        // lacks 2 and gets them (not deflated at all), the large one gets the other 2: 0.5 + 2/20 = 0.6.
        List<Deflated> uneven = Deflation.fit(16, 2, 0.5, List.of(new Pool("small", 2, 1), new Pool("large", 10, 1)));
        assertThat(uneven.get(0).cpuShare()).isEqualTo(1.0);
        assertThat(uneven.get(1).cpuShare()).isCloseTo(0.6, within(1e-15));
        assertThat(uneven).allMatch(d -> d.kept() == d.demanded());
        // No deflation allowed (floor 1), 3 × 3 containers on 7 cores: 7/3 each, rounded down to 2, and the one
        // whole container left over goes to the first of the tied remainders.
        List<Deflated> rounded = Deflation.fit(7, 1, 1.0,
                List.of(new Pool("a", 3, 1), new Pool("b", 3, 1), new Pool("c", 3, 1)));
        assertThat(rounded).extracting(Deflated::kept).containsExactly(3, 2, 2);
    }

    @Test
    void exactlyTheFloorsKeepsEveryContainerAtTheFloor() {
        List<Deflated> fit = Deflation.fit(5, 1, 0.5, List.of(new Pool("a", 4, 1), new Pool("b", 6, 3)));
        assertThat(fit).allSatisfy(d -> {
            assertThat(d.kept()).isEqualTo(d.demanded());
            assertThat(d.cpuShare()).isEqualTo(0.5);
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
            26, 27, 28, 29, 30})
    void floorFirstThenWholeContainersOnRandomPools(long seed) {
        Random random = new Random(seed);
        double coresPerContainer = List.of(0.25, 0.5, 1.0, 2.0, 1.5).get(random.nextInt(5));
        double floor = 0.1 + 0.9 * random.nextDouble();
        List<Pool> pools = new ArrayList<>();
        int n = 1 + random.nextInt(8);
        double demand = 0;
        double weights = 0;
        for (int i = 0; i < n; i++) {
            pools.add(new Pool("w" + i, random.nextInt(4) == 0 ? random.nextInt(2) : random.nextInt(60),
                    0.2 + random.nextDouble() * 3));
            demand += pools.get(i).containers() * coresPerContainer;
            weights += pools.get(i).weight();
        }
        double capacity = demand * random.nextDouble() * 1.2;
        List<Deflated> fit = Deflation.fit(capacity, coresPerContainer, floor, pools);

        boolean anyRemoved = false;
        double served = 0;
        for (int i = 0; i < n; i++) {
            Deflated d = fit.get(i);
            assertThat(d.name()).isEqualTo(pools.get(i).name());
            assertThat(d.kept()).isBetween(0, d.demanded());
            if (d.kept() > 0) {
                assertThat(d.cpuShare()).isBetween(floor, 1.0);
            }
            assertThat(d.servedCores()).isCloseTo(d.kept() * d.cpuShare() * coresPerContainer, within(1e-9));
            anyRemoved |= d.kept() < d.demanded();
            served += d.servedCores();
        }
        assertThat(served).isLessThanOrEqualTo(capacity * (1 + 1e-9) + 1e-9);
        if (anyRemoved) {
            // Containers go only once every container is at the floor, and less than one floor container idles.
            assertThat(fit).allMatch(d -> d.kept() == 0 || d.cpuShare() == floor);
            assertThat(capacity).isLessThan(floor * demand);
            assertThat(capacity - served).isLessThan(floor * coresPerContainer + 1e-9);
        } else if (capacity < demand) {
            // Deflation alone: every core is used.
            assertThat(served).isCloseTo(capacity, within(capacity * 1e-9 + 1e-12));
        }
        if (capacity >= floor * demand) {
            assertThat(anyRemoved).isFalse();
        }
        if (capacity >= demand) {
            assertThat(fit).allMatch(d -> d.kept() == 0 || d.cpuShare() == 1.0);
        }
        // No starvation: a pool asking for at most its weighted share of the cores keeps every container.
        for (int i = 0; i < n; i++) {
            Pool pool = pools.get(i);
            if (pool.containers() * coresPerContainer <= capacity * pool.weight() / weights) {
                assertThat(fit.get(i).kept()).as(pool.name()).isEqualTo(pool.containers());
            }
        }
    }

    @Test
    void badArgumentsSayWhatIsValid() {
        List<Pool> one = List.of(new Pool("a", 1, 1));
        assertThatThrownBy(() -> Deflation.fit(4, 1, 0, one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("floor CPU share (0.0) must be in (0, 1]");
        assertThatThrownBy(() -> Deflation.fit(4, 0, 0.5, one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cores per container (0.0)");
        assertThatThrownBy(() -> Deflation.fit(-1, 1, 0.5, one)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity (-1.0 cores)");
        assertThatThrownBy(() -> new Pool("a", -2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("containers of a (-2) must be ≥ 0");
    }
}
