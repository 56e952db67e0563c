package dev.dagfuse.model.platform;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Lambda bills whole milliseconds, at least one: the hand-written ceiling agrees with Math.ceil bit for bit. */
class LambdaBillingTest {

    private static final AwsLambdaPlatform LAMBDA = AwsLambdaPlatform.defaults();

    @RepeatedTest(20)
    void billedMsIsTheCeilingOfTheDurationAndAtLeastOne(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        for (int i = 0; i < 10_000; i++) {
            // durations as the model draws them (fractions of a millisecond to minutes), and whole milliseconds
            double ms = switch (i % 4) {
                case 0 -> random.nextDouble() * 2;
                case 1 -> Math.exp(random.nextGaussian() * 3 + 5);
                case 2 -> Math.floor(random.nextDouble() * 900_000);
                default -> Math.nextUp(Math.floor(random.nextDouble() * 1000));
            };
            assertThat(Double.doubleToLongBits(LAMBDA.billedMs(ms)))
                    .as("billedMs(%s)", ms).isEqualTo(Double.doubleToLongBits(Math.max(1, Math.ceil(ms))));
        }
    }

    @Test
    void edgeCasesAreMathCeils() {
        for (double ms : new double[] {0, -0.0, -5, 1, 1e-300, 0.999999999, 1e15, 1e300, Double.POSITIVE_INFINITY}) {
            assertThat(LAMBDA.billedMs(ms)).as("billedMs(%s)", ms).isEqualTo(Math.max(1, Math.ceil(ms)));
        }
        assertThat(LAMBDA.billedMs(Double.NaN)).isNaN();
    }
}
