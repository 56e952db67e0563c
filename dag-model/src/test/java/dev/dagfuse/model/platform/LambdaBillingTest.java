// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.platform;

import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lambda bills whole milliseconds, at least one: the hand-written ceiling agrees with Math.ceil bit for bit. And the
 * inline limit the billing of S3 transfers follows.
 */
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

    /**
     * The state keeps every output; a Parallel state's result repeats what precedes it once per branch. Here: the
     * request and split (2 outputs) in each of 3 branches, then the branches' 3 + 10 + 1 outputs: 20 &gt; 1 + 16.
     */
    @Test
    void aParallelStatesResultSharesTheStateWithWhatPrecedesItOncePerBranch() {
        Workflow chain = Workflow.of("c", LAMBDA, List.of(fn("a", 1), fn("b", 10, "a"), fn("c", 1, "b")));
        assertThat(LAMBDA.inlineOutputBytes(chain)).isEqualTo(128 * 1024 / 13);
        Workflow wide = Workflow.of("w", LAMBDA, List.of(fn("split", 1), fn("x", 3, "split"), fn("y", 10, "split"),
                fn("z", 1, "split"), fn("join", 1, "x", "y", "z")));
        assertThat(wide.seriesParallel().parallels()).hasSize(1);
        assertThat(LAMBDA.inlineOutputBytes(wide)).isEqualTo(128 * 1024 / 20);
    }

    private static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }

    @Test
    void edgeCasesAreMathCeils() {
        for (double ms : new double[] {0, -0.0, -5, 1, 1e-300, 0.999999999, 1e15, 1e300, Double.POSITIVE_INFINITY}) {
            assertThat(LAMBDA.billedMs(ms)).as("billedMs(%s)", ms).isEqualTo(Math.max(1, Math.ceil(ms)));
        }
        assertThat(LAMBDA.billedMs(Double.NaN)).isNaN();
    }
}
