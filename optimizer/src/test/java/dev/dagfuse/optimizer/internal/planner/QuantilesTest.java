package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.optimizer.internal.model.Percentiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class QuantilesTest {

    /** The counting comparisons agree with the model's percentile, including limits equal to a draw. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void countingAgreesWithThePercentile(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = r.nextInt(20); // ties on purpose
            }
            double p = new double[] {50, 90, 95, 99, 99.9, 1 + r.nextDouble() * 98}[r.nextInt(6)];
            double actual = Percentiles.of(values, p);
            double limit = r.nextBoolean() ? values[r.nextInt(n)] : actual + (r.nextBoolean() ? 0 : r.nextDouble() - 0.5);
            assertThat(Quantiles.atMost(values, limit, p)).as("P%s of n=%d ≤ %s (is %s)", p, n, limit, actual)
                    .isEqualTo(actual <= limit);
            assertThat(Quantiles.below(values, limit, p)).as("P%s of n=%d < %s (is %s)", p, n, limit, actual)
                    .isEqualTo(actual < limit);
        }
    }
}
