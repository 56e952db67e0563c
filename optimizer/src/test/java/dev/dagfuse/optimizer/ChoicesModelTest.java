// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.When;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Choices ({@code when:}): each request takes one option of a choice with its probability; the model draws the path
 * and the planner never fuses an option into what comes before it. Checked against closed forms: the latency's two
 * values and their shares, the cost as the options' costs weighted by their probabilities, and the probability that a
 * function runs against the product of the probabilities on its path.
 */
class ChoicesModelTest {

    private static final AwsLambdaPlatform LAMBDA = AwsLambdaPlatform.defaults();

    private static FunctionSpec fn(String name, When when, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), 1, Retry.DEFAULT, 900_000, null, Map.of(),
                when);
    }

    private static PlanEvaluator model(Workflow w, Map<String, Double> latencyMs) {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        latencyMs.forEach((f, ms) -> fps.put(f, profile(100, 1, Map.of(1024, List.of(ms)))));
        return Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(fps),
                ModelOptions.defaults());
    }

    private static final Map<String, Double> WORK = Map.of("a", 100.0, "b", 200.0, "c", 50.0, "d", 10.0);

    /** a, then b (70 %) or c (30 %), then d. */
    private static Workflow route(When b, When c) {
        return Fixtures.workflow(LAMBDA, fn("a", null), fn("b", b, "a"), fn("c", c, "a"), fn("d", null, "b", "c"));
    }

    @Test
    void eachRequestTakesOneOptionWithItsProbability() {
        Workflow both = route(null, null);
        Workflow choice = route(new When("route", 0.7), new When("route", 0.3));
        double[] always = model(both, WORK).latencyDraws(Plans.asDeployed(both));
        double[] drawn = model(choice, WORK).latencyDraws(Plans.asDeployed(choice));
        // without the choice every request waits for b (the longer); with it, 30 % take c, 150 ms shorter
        assertThat(Arrays.stream(always).distinct().count()).isEqualTo(1);
        TreeMap<Double, Integer> counts = new TreeMap<>();
        Arrays.stream(drawn).forEach(x -> counts.merge(x, 1, Integer::sum));
        assertThat(counts).hasSize(2);
        assertThat(counts.lastKey()).isCloseTo(always[0], within(1e-9));
        assertThat(counts.lastKey() - counts.firstKey()).isCloseTo(150, within(1e-9));
        // 10,000 draws: the share's standard error is 0.0046
        assertThat(counts.firstEntry().getValue() / (double) drawn.length).isCloseTo(0.3, within(0.015));
    }

    @Test
    void aRequestPaysForTheOptionsItTakesWeightedByTheirProbability() {
        Workflow both = route(null, null);
        Workflow choice = route(new When("route", 0.7), new When("route", 0.3));
        PlanEvaluator all = model(both, WORK);
        double costB = all.groupModel().meanCostUsd(List.of("b"), 1024, 1);
        double costC = all.groupModel().meanCostUsd(List.of("c"), 1024, 1);
        double always = all.evaluate(Plans.asDeployed(both)).predicted().meanCostUsd();
        double drawn = model(choice, WORK).evaluate(Plans.asDeployed(choice)).predicted().meanCostUsd();
        // exact (not sampled): b is paid on 70 % of requests, c on 30 %
        assertThat(always - drawn).isCloseTo(0.3 * costB + 0.7 * costC, within(1e-15));
    }

    /** Shares learnt from execution histories (the profile's choices:) replace the workflow's probabilities. */
    @Test
    void aProfilesLearntSharesReplaceTheWorkflowsProbabilities() {
        Workflow both = route(null, null);
        Workflow choice = route(new When("route", 0.7), new When("route", 0.3));
        PlanEvaluator all = model(both, WORK);
        double costB = all.groupModel().meanCostUsd(List.of("b"), 1024, 1);
        double costC = all.groupModel().meanCostUsd(List.of("c"), 1024, 1);
        double always = all.evaluate(Plans.asDeployed(both)).predicted().meanCostUsd();
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        WORK.forEach((f, ms) -> fps.put(f, profile(100, 1, Map.of(1024, List.of(ms)))));
        Profile learnt = new Profile("trace-import", Map.of(), fps, Map.of("route", Map.of("b", 0.9, "c", 0.1)));
        double drawn = Models.monteCarlo(Fixtures.with(choice, Fixtures.constantOverhead(25)), learnt,
                ModelOptions.defaults()).evaluate(Plans.asDeployed(choice)).predicted().meanCostUsd();
        assertThat(always - drawn).isCloseTo(0.1 * costB + 0.9 * costC, within(1e-15));
    }

    /** An option started by two functions (a branch that begins with a Parallel): both run on the same requests. */
    @Test
    void functionsThatStartOneOptionRunTogether() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", null), fn("x", new When("route", "big", 0.6), "a"),
                fn("y", new When("route", "big", 0.6), "a"), fn("z", new When("route", "small", 0.4), "a"),
                fn("d", null, "x", "y", "z"));
        assertThat(w.choices()).containsExactly(Map.entry("route", List.of("big", "small")));
        Map<String, Double> work = Map.of("a", 10.0, "x", 20.0, "y", 30.0, "z", 40.0, "d", 10.0);
        PlanEvaluator m = model(w, work);
        double[] x = m.groupModel().latencyDraws(List.of("x"), 1024, 1);
        double[] y = m.groupModel().latencyDraws(List.of("y"), 1024, 1);
        double[] z = m.groupModel().latencyDraws(List.of("z"), 1024, 1);
        int together = 0;
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i] > 0).isEqualTo(y[i] > 0);
            assertThat(x[i] > 0).isNotEqualTo(z[i] > 0); // the options cover every request here
            together += x[i] > 0 ? 1 : 0;
        }
        assertThat(together / (double) x.length).isCloseTo(0.6, within(0.015));
    }

    /**
     * Nested choices and joins: the probability that each function runs, as the model prices it, equals the sum over
     * the choices' combinations computed here independently, and the share of draws it runs in is within sampling error.
     */
    @RepeatedTest(20)
    void theProbabilityThatAFunctionRunsIsThatOfItsPaths(RepetitionInfo info) {
        Random random = new Random(31L * info.getCurrentRepetition());
        List<FunctionSpec> fns = new ArrayList<>();
        fns.add(fn("f0", null));
        Map<String, Double> work = new LinkedHashMap<>();
        work.put("f0", 10.0);
        int choices = 0;
        for (int i = 1; i < 9; i++) {
            String name = "f" + i;
            String pred = "f" + random.nextInt(i);
            if (random.nextBoolean() && i < 8) {
                // a choice with two options after pred
                String choice = "c" + choices++;
                double p = Math.round(random.nextDouble() * 100) / 100.0;
                double q = Math.round(random.nextDouble() * (1 - p) * 100) / 100.0;
                fns.add(fn(name, new When(choice, p), pred));
                fns.add(fn("f" + (i + 1), new When(choice, q), pred));
                work.put(name, 10.0 * i);
                work.put("f" + (i + 1), 10.0 * (i + 1));
                i++;
            } else {
                String other = "f" + random.nextInt(i);
                fns.add(other.equals(pred) ? fn(name, null, pred) : fn(name, null, pred, other));
                work.put(name, 10.0 * i);
            }
        }
        Workflow w = Fixtures.workflow(LAMBDA, fns.toArray(FunctionSpec[]::new));
        Workflow always = Fixtures.workflow(LAMBDA, fns.stream().map(f -> fn(f.name(), null,
                f.after().toArray(String[]::new))).toArray(FunctionSpec[]::new));
        PlanEvaluator drawn = model(w, work);
        PlanEvaluator every = model(always, work);
        Map<String, Double> exact = ChoicePaths.runProbabilities(w);
        for (FunctionSpec f : fns) {
            double p = exact.get(f.name());
            double cost = drawn.groupModel().meanCostUsd(List.of(f.name()), 1024, 1);
            double full = every.groupModel().meanCostUsd(List.of(f.name()), 1024, 1);
            assertThat(cost).as(f.name()).isCloseTo(p * full, within(1e-15));
            double[] draws = drawn.groupModel().latencyDraws(List.of(f.name()), 1024, 1);
            double share = Arrays.stream(draws).filter(x -> x > 0).count() / (double) draws.length;
            assertThat(share).as(f.name()).isCloseTo(p, within(0.02));
        }
    }

    @Test
    void noPlannerFusesAnOptionIntoWhatComesBeforeIt() {
        // one option only: a → b is the only edge out of a and into b, but a Choice state sits between them
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", null), fn("b", new When("maybe", 0.5), "a"));
        assertThat(PlanValidator.isFusible(w, "a", "b")).isFalse();
        Map<String, Double> work = Map.of("a", 100.0, "b", 100.0);
        PlanEvaluator m = model(w, work);
        for (String name : List.of("cp-sat", "exhaustive", "greedy")) {
            PlanResult r = Planners.byName(name).plan(w, m,
                    PlanRequest.of(new Objective.Latency(95, 1e12)).withMemoryOptionsMB(List.of(1024)));
            assertThat(r).as(name).isInstanceOf(PlanResult.Planned.class);
            Plan plan = ((PlanResult.Planned) r).plan();
            assertThat(plan.groups()).as(name).allSatisfy(g -> assertThat(g.functions()).hasSize(1));
        }
    }
}
