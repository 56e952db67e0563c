// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ParetoTargetsTest {

    @ParameterizedTest
    @CsvSource({"100, 30000, 20", "500, 600, 5", "1, 1000000, 100", "2000, 8000, 2"})
    void targetsRunFromTheFastestPlanBelowTheCheapestOneByAConstantFactor(double lo, double hi, int points) {
        double[] t = ParetoSweep.targets(lo, hi, points);
        assertThat(t).hasSize(points - 1);
        assertThat(t[0]).isEqualTo(lo);
        assertThat(Arrays.stream(t).max().orElseThrow()).isLessThan(hi);
        double factor = Math.pow(hi / lo, 1.0 / (points - 1));
        for (int i = 1; i < t.length; i++) {
            assertThat(t[i] / t[i - 1]).isCloseTo(factor, within(1e-9));
        }
    }

    @Test
    void onAWideRangeHalfTheTargetsLieBelowTheGeometricMean() {
        // fastest 100 ms, cheapest 30 s: even steps would put 2 of 19 targets below 1.7 s, where cost changes fastest
        double[] t = ParetoSweep.targets(100, 30_000, 20);
        double middle = Math.sqrt(100 * 30_000.0);
        assertThat(Arrays.stream(t).filter(x -> x < middle).count()).isEqualTo(10);
        assertThat(Arrays.stream(t).filter(x -> x < 1_700).count()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void noTargetsWhenTheFastestPlanIsAlsoTheCheapest() {
        assertThat(ParetoSweep.targets(500, 500, 20)).isEmpty();
        assertThat(ParetoSweep.targets(500, 400, 20)).isEmpty();
    }
}
