// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GroupModel#saturationMB}: past it, more memory leaves every draw unchanged and only costs more (what lets the
 * planners drop those sizes without losing an optimum); just below it, the draws still change.
 */
class SaturationTest {

    private static final ModelOptions OPTIONS = new ModelOptions(400, ModelOptions.DEFAULT_SEED, ModelOptions.defaults().percentiles());

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void pastSaturationTheDrawsAreTheSameAndTheCostIsHigher(long seed) {
        Random random = new Random(seed);
        int fanOut = 1 + random.nextInt(8);
        Workflow w = Fixtures.workflow(AwsLambdaPlatform.defaults(), fn("a", fanOut), fn("b", fanOut, "a"));
        Map<String, FunctionProfile> profiles = new LinkedHashMap<>();
        for (String name : List.of("a", "b")) {
            profiles.put(name, randomProfile(random));
        }
        GroupModel model = Models.monteCarlo(w, Fixtures.profiles(profiles), OPTIONS).groupModel();
        int saturated = 0;
        int changedBelow = 0;
        for (List<String> chain : List.of(List.of("a"), List.of("b"), List.of("a", "b"))) {
            for (int k = 1; k <= fanOut; k++) {
                int from = model.saturationMB(chain, k);
                if (from > 10_240) {
                    continue;
                }
                saturated++;
                double[] at = model.latencyDraws(chain, from, k);
                double cost = model.meanCostUsd(chain, from, k);
                for (int m : new int[] {from + 1, from + 100, Math.max(from + 2, 10_240)}) {
                    if (m > 10_240) {
                        continue;
                    }
                    assertThat(model.latencyDraws(chain, m, k)).as("%s k=%d at %d MB vs %d MB", chain, k, m, from)
                            .containsExactly(at);
                    assertThat(model.meanCostUsd(chain, m, k)).isGreaterThan(cost);
                }
                if (from - 64 >= 128 && !java.util.Arrays.equals(model.latencyDraws(chain, from - 64, k), at)) {
                    changedBelow++;
                }
            }
        }
        assertThat(saturated).as("groups that saturate below 10,240 MB").isPositive();
        assertThat(changedBelow).as("groups whose draws still change 64 MB below saturation").isPositive();
    }

    @Test
    void locallyNothingIsClaimed() {
        Workflow w = Fixtures.workflow(LocalPlatform.of(2), fn("a", 1));
        GroupModel model = Models.monteCarlo(w, Fixtures.profiles(Map.of("a", Fixtures.profile(10, 1,
                Map.of(1769, Fixtures.lognormal(1, 20, 100, 0.2))))), OPTIONS).groupModel();
        assertThat(model.saturationMB(List.of("a"), 1)).isEqualTo(Integer.MAX_VALUE);
    }

    // One to three measured sizes among 512..7076 MB, parallelism 1..4: some saturate early, some late, some never.
    private static FunctionProfile randomProfile(Random random) {
        int[] sizes = {512, 1769, 3538, 5307, 7076};
        Map<Integer, List<Double>> latency = new TreeMap<>();
        double median = 50 + random.nextInt(400);
        int count = 1 + random.nextInt(3);
        List<Integer> pool = new ArrayList<>();
        for (int s : sizes) {
            pool.add(s);
        }
        java.util.Collections.shuffle(pool, random);
        for (int i = 0; i < count; i++) {
            int m = pool.get(i);
            latency.put(m, Fixtures.lognormal(random.nextLong(), 20, median * (0.3 + 0.7 * 1769.0 / m), 0.3));
        }
        return Fixtures.profile(1_000, 1 + random.nextInt(4), latency);
    }
}
