// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Loops ({@code iterations:}): a request runs the function N times, N drawn from the listed counts; the iterations run
 * one after another and are independent. Checked against closed forms: the values and shares of a constant function's
 * time, the mean and variance of a sum of independent draws, the cost times E[N].
 */
class LoopsModelTest {

    private static final AwsLambdaPlatform LAMBDA = AwsLambdaPlatform.defaults();

    private static FunctionSpec fn(String name, List<Integer> iterations, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), 1, Retry.DEFAULT, 900_000, null, Map.of(),
                null, null, iterations);
    }

    private static PlanEvaluator model(Workflow w, FunctionProfile b) {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(100, 1, Map.of(1024, List.of(100.0))));
        fps.put("b", b);
        return Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(fps),
                ModelOptions.defaults());
    }

    @Test
    void aLoopRunsItsIterationsOneAfterAnotherAndPaysForEach() {
        FunctionProfile constant = profile(100, 1, Map.of(1024, List.of(100.0)));
        Workflow once = Fixtures.workflow(LAMBDA, fn("a", List.of()), fn("b", List.of(), "a"));
        Workflow loop = Fixtures.workflow(LAMBDA, fn("a", List.of()), fn("b", List.of(1, 3), "a"));
        assertThat(PlanValidator.isFusible(loop, "a", "b")).isFalse();
        assertThat(PlanValidator.isFusible(once, "a", "b")).isTrue();
        double[] draws = model(loop, constant).groupModel().latencyDraws(List.of("b"), 1024, 1);
        TreeMap<Double, Integer> counts = new TreeMap<>();
        Arrays.stream(draws).forEach(x -> counts.merge(x, 1, Integer::sum));
        // each iteration: its state's hand-off (25), the work (100) and reading a's 100 bytes inline (1.3 µs)
        assertThat(counts).hasSize(2);
        assertThat(counts.firstKey()).isCloseTo(125, within(0.01));
        assertThat(counts.lastKey()).isCloseTo(3 * counts.firstKey(), within(1e-9));
        assertThat(counts.firstEntry().getValue() / (double) draws.length).isCloseTo(0.5, within(0.015));
        double costOnce = model(once, constant).groupModel().meanCostUsd(List.of("b"), 1024, 1);
        double costLoop = model(loop, constant).groupModel().meanCostUsd(List.of("b"), 1024, 1);
        assertThat(costLoop).isCloseTo(2 * costOnce, within(1e-15));
    }

    @Test
    void theIterationsAreIndependentDraws() {
        FunctionProfile varied = profile(100, 1, Map.of(1024, lognormal(3, 400, 200, 0.5)));
        Workflow once = Fixtures.workflow(LAMBDA, fn("a", List.of()), fn("b", List.of(), "a"));
        Workflow four = Fixtures.workflow(LAMBDA, fn("a", List.of()), fn("b", List.of(4), "a"));
        double[] one = model(once, varied).groupModel().latencyDraws(List.of("b"), 1024, 1);
        double[] sum = model(four, varied).groupModel().latencyDraws(List.of("b"), 1024, 1);
        double m1 = Arrays.stream(one).average().orElseThrow();
        double m4 = Arrays.stream(sum).average().orElseThrow();
        double v1 = Arrays.stream(one).map(x -> (x - m1) * (x - m1)).average().orElseThrow();
        double v4 = Arrays.stream(sum).map(x -> (x - m4) * (x - m4)).average().orElseThrow();
        assertThat(m4 / m1).isCloseTo(4, within(0.02));
        // independent: Var = 4 Var(one); the same draw four times would give 16 Var(one)
        assertThat(v4 / v1).isBetween(3.6, 4.4);
    }
}
