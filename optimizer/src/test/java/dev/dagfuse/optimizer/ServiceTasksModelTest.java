// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.ServiceTask;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.apache.commons.math3.distribution.LogNormalDistribution;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Service tasks and Wait states ({@code service:}, {@code wait:}): steps that are not Lambda functions. Checked
 * against closed forms: a Wait adds its duration, a service's fan-out takes the longest of its calls (the maximum of n
 * lognormals), and it costs its price per call plus its state transitions; it is never fused, bundled or sized.
 */
class ServiceTasksModelTest {

    private static final AwsLambdaPlatform LAMBDA = AwsLambdaPlatform.defaults();

    private static FunctionSpec lambda(String name, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), 1, Retry.DEFAULT, 900_000, null);
    }

    private static FunctionSpec service(String name, int fanOut, ServiceTask task, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT, 900_000,
                task.profile(), Map.of(), null, task);
    }

    private static PlanEvaluator model(Workflow w) {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        for (FunctionSpec f : w.functions().values()) {
            fps.put(f.name(), f.service() != null ? f.service().profile() : profile(100, 1, Map.of(1024, List.of(100.0))));
        }
        return Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(fps),
                ModelOptions.defaults());
    }

    @Test
    void aWaitAddsItsDurationAndCostsOnlyItsTransition() {
        Workflow w = Fixtures.workflow(LAMBDA, lambda("a"), service("pause", 1, ServiceTask.waitFor(5000), "a"));
        PlanEvaluator m = model(w);
        double[] draws = m.groupModel(Orchestration.STANDARD).latencyDraws(List.of("pause"), 1024, 1);
        assertThat(Arrays.stream(draws).distinct().toArray()).containsExactly(25 + 5000.0);
        double cost = m.groupModel(Orchestration.STANDARD).meanCostUsd(List.of("pause"), 1024, 1);
        assertThat(cost).isCloseTo(LAMBDA.groupOrchestrationCost(Orchestration.STANDARD, null, 1, 1, 0), within(1e-15));
        assertThat(cost).isCloseTo(LAMBDA.prices().stateTransitionUsd(), within(1e-15));
    }

    @Test
    void aFannedOutServiceTakesTheLongestOfItsCallsAndCostsItsPricePerCall() {
        int n = 5;
        ServiceTask dynamo = new ServiceTask(new Platform.Lognormal(12, 0.5), 0.00000025, false);
        Workflow w = Fixtures.workflow(LAMBDA, lambda("a"), service("lookup", n, dynamo, "a"));
        PlanEvaluator m = model(w);
        double[] draws = m.groupModel(Orchestration.STANDARD).latencyDraws(List.of("lookup"), 1024, 1);
        // the Map state's and each iteration's hand-offs (25 each), then the longest of n calls
        double[] calls = Arrays.stream(draws).map(x -> x - 50).sorted().toArray();
        LogNormalDistribution one = new LogNormalDistribution(Math.log(12), 0.5);
        for (double q : new double[] {0.1, 0.5, 0.9}) {
            double expected = one.inverseCumulativeProbability(Math.pow(q, 1.0 / n));
            double actual = calls[(int) (q * calls.length)];
            // F_max(x) = F(x)^n; 10,000 draws put the empirical quantile within about 0.01 in probability
            assertThat(Math.pow(one.cumulativeProbability(actual), n)).as("q " + q).isCloseTo(q, within(0.015));
            assertThat(actual).isCloseTo(expected, within(expected * 0.05));
        }
        double cost = m.groupModel(Orchestration.STANDARD).meanCostUsd(List.of("lookup"), 1024, 1);
        assertThat(cost).isCloseTo(n * 0.00000025 + LAMBDA.groupOrchestrationCost(Orchestration.STANDARD,
                LAMBDA.mapForms(Orchestration.STANDARD).get(0), n, n, 0), within(1e-15));
    }

    @Test
    void aServiceTaskIsNeverFusedBundledOrSized() {
        ServiceTask sqs = new ServiceTask(new Platform.Lognormal(20, 0.3), 0.0000004, false);
        Workflow w = Fixtures.workflow(LAMBDA, lambda("a"), service("send", 4, sqs, "a"), lambda("b", "send"));
        assertThat(PlanValidator.isFusible(w, "a", "send")).isFalse();
        PlanEvaluator m = model(w);
        assertThat(m.groupModel().memoryOptions(List.of("send"))).containsExactly(1024);
        assertThat(m.groupModel().isFeasible(List.of("send"), 1024, 2)).isFalse();
        for (String name : List.of("cp-sat", "exhaustive", "greedy")) {
            PlanResult r = Planners.byName(name).plan(w, m, PlanRequest.of(new Objective.Latency(95, 1e12)));
            assertThat(r).as(name).isInstanceOf(PlanResult.Planned.class);
            Plan plan = ((PlanResult.Planned) r).plan();
            assertThat(plan.groupOf("send")).get().satisfies(g -> {
                assertThat(g.functions()).containsExactly("send");
                assertThat(g.bundleSize()).isEqualTo(1);
                assertThat(g.memoryMB()).isEqualTo(1024);
            });
        }
    }
}
