// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.stats;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QuantilesTest {

    /** Agrees with commons-math3's R_7 estimate on random data: sizes 1..200, ties, every percentile. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void isRType7(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Percentile r7 = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(200);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.nextBoolean() ? r.nextInt(20) : Math.exp(3 + r.nextGaussian());
            }
            double p = new double[] {50, 90, 95, 99, 99.9, 100, 1 + r.nextDouble() * 98}[r.nextInt(7)];
            double expected = r7.evaluate(values, p);
            assertThat(Quantiles.percentile(values, p)).as("P%s of n=%d", p, n)
                    .isCloseTo(expected, within(1e-9 * Math.max(1, Math.abs(expected))));
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            assertThat(Quantiles.ofSorted(sorted, p / 100)).isEqualTo(Quantiles.percentile(values, p));
        }
    }

    /** The counting comparisons agree with the quantile, including limits equal to a value. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void countingAgreesWithTheQuantile(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.nextInt(20); // ties on purpose
            }
            double q = new double[] {0.5, 0.9, 0.95, 0.99, 0.999, 0.01 + r.nextDouble() * 0.98}[r.nextInt(6)];
            double actual = Quantiles.of(values, q);
            double limit = r.nextBoolean() ? values[r.nextInt(n)] : actual + (r.nextBoolean() ? 0 : r.nextDouble() - 0.5);
            assertThat(Quantiles.atMost(values, limit, q)).as("q%s of n=%d ≤ %s (is %s)", q, n, limit, actual)
                    .isEqualTo(actual <= limit);
            assertThat(Quantiles.below(values, limit, q)).as("q%s of n=%d < %s (is %s)", q, n, limit, actual)
                    .isEqualTo(actual < limit);
        }
    }

    @Test
    void edges() {
        assertThat(Quantiles.ofSorted(new double[0], 0.5)).isNaN();
        assertThat(Quantiles.median(List.of())).isNaN();
        assertThat(Quantiles.ofSorted(new double[] {7}, 0.99)).isEqualTo(7);
        double[] sorted = {1, 2, 4, 8};
        assertThat(Quantiles.ofSorted(sorted, 0)).isEqualTo(1);
        assertThat(Quantiles.ofSorted(sorted, -0.5)).isEqualTo(1);
        assertThat(Quantiles.ofSorted(sorted, 1)).isEqualTo(8);
        assertThat(Quantiles.ofSorted(sorted, 1.5)).isEqualTo(8);
        // h = 3 × 0.5 = 1.5: halfway between 2 and 4
        assertThat(Quantiles.ofSorted(sorted, 0.5)).isEqualTo(3);
        assertThat(Quantiles.median(List.of(8, 1, 4, 2))).isEqualTo(3);
        // the array is read in place, never sorted by the ofSorted forms
        double[] unsorted = {3, 1, 2};
        Quantiles.percentile(unsorted, 50);
        assertThat(unsorted).containsExactly(3, 1, 2);
    }
}
