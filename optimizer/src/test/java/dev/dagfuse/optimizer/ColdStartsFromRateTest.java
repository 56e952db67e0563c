// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Load;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Issue 15: an arrival rate gives each group its cold-start probability, and fusion pays one init per group. */
class ColdStartsFromRateTest {

    /**
     * a (100 ms at 1 vCPU, scales with CPU) → b (800 ms at any size: waits on I/O), each with a 1.5 s init. Without
     * cold starts the cheapest plan keeps them apart (b at 128 MB; fused, b would pay a's memory). At 21 requests an
     * hour against a 10-minute keep-alive (λT = 3.5) each group is cold about 3.5% of the time: apart, at least one
     * of the two is cold in 6.5% of the requests, more than the 5% a P95 of 1.5 s allows; fused, 3.5%.
     */
    private static final double RARE = 21.0 / 3600;

    private static Workflow workflow() {
        return Fixtures.workflow(AwsLambdaPlatform.defaults(), fn("a", 1), fn("b", 1, "a"));
    }

    private static Profile profile() {
        List<Double> init = List.of(1500.0);
        return Fixtures.profiles(Map.of(
                "a", new FunctionProfile(1000, 0, 1, init, Map.of(1769, lognormal(1, 50, 100, 0.05))),
                "b", new FunctionProfile(1000, 0, 1, init, Map.of(128, lognormal(2, 50, 800, 0.05),
                        1769, lognormal(3, 50, 800, 0.05)))));
    }

    private static PlanResult.Planned plan(Workflow w, ModelOptions options) {
        PlanEvaluator model = Models.monteCarlo(w, profile(), options);
        PlanResult r = Planners.byName("exhaustive").plan(w, model, PlanRequest.of(new Objective.Latency(95, 1500)));
        assertThat(r).isInstanceOf(PlanResult.Planned.class);
        return (PlanResult.Planned) r;
    }

    private static double coldStartsPerRequest(Plan plan, Evaluation e) {
        double n = 0;
        for (int g = 0; g < plan.groups().size(); g++) {
            n += plan.groups().get(g).invocations() * e.groups().get(g).coldStartProbability();
        }
        return n;
    }

    @Test
    void atALowRateTheColdStartsDecideAndThePlannerFuses() {
        PlanResult.Planned warm = plan(workflow(), ModelOptions.defaults());
        assertThat(warm.plan().groups()).as("without a rate").hasSize(2);
        assertThat(warm.evaluation().groups()).allSatisfy(g -> assertThat(g.coldStartProbability()).isZero());

        PlanResult.Planned rare = plan(workflow(), ModelOptions.defaults().withRate(RARE));
        assertThat(rare.plan().groups()).as("at 21 requests an hour").hasSize(1);
        assertThat(rare.plan().groups().get(0).functions()).containsExactly("a", "b");
        assertThat(rare.plan().predicted().model().ratePerSecond()).isEqualTo(RARE);

        // the same split plan, evaluated at that rate: two chances of a cold start per request instead of one
        Evaluation apart = Models.monteCarlo(workflow(), profile(), ModelOptions.defaults().withRate(RARE))
                .evaluate(warm.plan());
        double fused = coldStartsPerRequest(rare.plan(), rare.evaluation());
        assertThat(coldStartsPerRequest(warm.plan(), apart)).isGreaterThan(1.8 * fused);
        assertThat(fused).isCloseTo(0.035, within(0.01));
        assertThat(apart.predicted().percentileMs(95)).isGreaterThan(1500);
    }

    @Test
    void theWorkflowsLoadIsTheRateAndTheOptionsOverrideIt() {
        Workflow loaded = workflow().withLoad(new Load(RARE));
        PlanEvaluator byLoad = Models.monteCarlo(loaded, profile(), ModelOptions.defaults());
        PlanEvaluator byOption = Models.monteCarlo(workflow(), profile(), ModelOptions.defaults().withRate(RARE));
        Plan plan = plan(workflow(), ModelOptions.defaults()).plan();
        Evaluation a = byLoad.evaluate(plan);
        Evaluation b = byOption.evaluate(plan);
        assertThat(a.predicted()).isEqualTo(b.predicted());
        assertThat(a.predicted().model().ratePerSecond()).isEqualTo(RARE);
        // an option's rate wins over the workflow's
        Evaluation busy = Models.monteCarlo(loaded, profile(), ModelOptions.defaults().withRate(100)).evaluate(plan);
        assertThat(busy.predicted().model().ratePerSecond()).isEqualTo(100);
        assertThat(busy.groups()).allSatisfy(g -> assertThat(g.coldStartProbability()).isLessThan(1e-3));
    }

    @Test
    void withoutARateTheNumbersAreThoseOfBeforeAndTheLocalPlatformHasNoColdStartsFromARate() {
        Plan plan = plan(workflow(), ModelOptions.defaults()).plan();
        Evaluation none = Models.monteCarlo(workflow(), profile(), ModelOptions.defaults()).evaluate(plan);
        assertThat(none.predicted().model().ratePerSecond()).isZero();
        // a rate so high that no invocation is cold gives the numbers of no rate, to the bit
        Evaluation saturated = Models.monteCarlo(workflow(), profile(), ModelOptions.defaults().withRate(1_000_000))
                .evaluate(plan);
        assertThat(saturated.predicted().latencyMs()).isEqualTo(none.predicted().latencyMs());
        assertThat(saturated.predicted().meanCostUsd()).isEqualTo(none.predicted().meanCostUsd());

        Workflow local = workflow().withPlatform(LocalPlatform.of(2));
        Plan localPlan = new Plan("test", null, List.of(new dev.dagfuse.model.PlanGroup("a", List.of("a"), 1769, 1, 1, 1),
                new dev.dagfuse.model.PlanGroup("b", List.of("b"), 1769, 1, 1, 1)), null, null);
        Evaluation localNone = Models.monteCarlo(local, profile(), ModelOptions.defaults()).evaluate(localPlan);
        Evaluation localRare = Models.monteCarlo(local, profile(), ModelOptions.defaults().withRate(RARE))
                .evaluate(localPlan);
        assertThat(localRare.predicted().latencyMs()).isEqualTo(localNone.predicted().latencyMs());
        assertThat(localRare.groups()).allSatisfy(g -> assertThat(g.coldStartProbability()).isZero());
    }
    /** a → b: b with the given {@code when} and {@code iterations} (null: none), each function at 1,024 MB with an init. */
    private static Workflow withB(dev.dagfuse.model.When when, List<Integer> iterations) {
        return Fixtures.workflow(AwsLambdaPlatform.defaults(),
                new dev.dagfuse.model.FunctionSpec("a", null, 1024, List.of(), List.of(), 1,
                        dev.dagfuse.model.Retry.DEFAULT, 900_000, null),
                new dev.dagfuse.model.FunctionSpec("b", null, 1024, List.of(), List.of("a"), 1,
                        dev.dagfuse.model.Retry.DEFAULT, 900_000, null, Map.of(), when, null,
                        iterations == null ? List.of() : iterations));
    }

    private static double coldB(Workflow w, double rate) {
        Profile profile = Fixtures.profiles(Map.of(
                "a", new FunctionProfile(1000, 0, 1, List.of(900.0), Map.of(1024, lognormal(4, 50, 100, 0.05))),
                "b", new FunctionProfile(1000, 0, 1, List.of(1500.0), Map.of(1024, lognormal(5, 50, 300, 0.05)))));
        Plan plan = Plans.asDeployed(w);
        Evaluation e = Models.monteCarlo(w, profile, ModelOptions.defaults().withRate(rate)).evaluate(plan);
        return e.groups().stream().filter(g -> g.groupId().contains("b")).findFirst().orElseThrow()
                .coldStartProbability();
    }

    @Test
    void anOptionAndALoopBodyAreColdAtTheirOwnRateOfRuns() {
        double rate = 40.0 / 3600; // 40 requests an hour, 10-minute keep-alive
        double alone = coldB(withB(null, null), rate);
        // taken by 10% of the requests: it runs 4 times an hour, and is cold as a function invoked 4 times an hour
        double option = coldB(withB(new dev.dagfuse.model.When("route", "rare", 0.1), null), rate);
        assertThat(option).isCloseTo(coldB(withB(null, null), 0.1 * rate), within(1e-12));
        assertThat(option).as("rarer runs, colder").isGreaterThan(alone + 0.2);
        // run 1, 3 or 5 times a request (E[N] = 3): invoked 120 times an hour
        double loop = coldB(withB(null, List.of(1, 3, 5)), rate);
        assertThat(loop).isCloseTo(coldB(withB(null, null), 3 * rate), within(1e-12));
        // (not simply warmer: at 120 runs an hour its idle gaps are short, but it overlaps itself more often, and a
        // second environment is usually cold)
        assertThat(loop).isNotCloseTo(alone, within(1e-3));
    }
    /** b's evaluation in the as-deployed plan of {@code w}, b with {@code provisioned} environments. */
    private static Evaluation.GroupEvaluation provisionedB(Workflow w, double rate, int provisioned) {
        Profile profile = Fixtures.profiles(Map.of(
                "a", new FunctionProfile(1000, 0, 1, List.of(900.0), Map.of(1024, lognormal(4, 50, 100, 0.05))),
                "b", new FunctionProfile(1000, 0, 1, List.of(1500.0), Map.of(1024, lognormal(5, 50, 300, 0.05)))));
        Plan deployed = Plans.asDeployed(w);
        List<dev.dagfuse.model.PlanGroup> groups = new java.util.ArrayList<>();
        for (dev.dagfuse.model.PlanGroup g : deployed.groups()) {
            groups.add(!g.functions().contains("b") ? g : new dev.dagfuse.model.PlanGroup(g.id(), g.functions(),
                    g.memoryMB(), g.fanOut(), g.bundleSize(), g.invocations(), g.architecture(), g.map(), provisioned));
        }
        Plan plan = new Plan(deployed.workflow(), deployed.objective(), groups, deployed.predicted(), deployed.solver(),
                deployed.orchestration());
        Evaluation e = Models.monteCarlo(w, profile, ModelOptions.defaults().withRate(rate)).evaluate(plan);
        return e.groups().stream().filter(g -> g.groupId().contains("b")).findFirst().orElseThrow();
    }

    @Test
    void anOptionsProvisionedEnvironmentsSpillAtItsRateAndAreKeptPerRequest() {
        double rate = 20;
        Evaluation.GroupEvaluation option = provisionedB(withB(new dev.dagfuse.model.When("route", "rare", 0.1), null),
                rate, 1);
        Evaluation.GroupEvaluation alone = provisionedB(withB(null, null), rate, 1);
        Evaluation.GroupEvaluation aloneAtItsRate = provisionedB(withB(null, null), 0.1 * rate, 1);
        // invoked 2 times a second, not 20: one environment spills as Erlang B says at 2/s
        assertThat(option.provisioned().spill()).isCloseTo(aloneAtItsRate.provisioned().spill(), within(1e-12));
        assertThat(option.provisioned().spill()).isLessThan(alone.provisioned().spill() - 0.2);
        // keeping it costs the same per second, however often a request runs the group: per request, over 20/s
        assertThat(option.provisioned().keepCostUsd()).isCloseTo(alone.provisioned().keepCostUsd(), within(1e-15));
        assertThat(option.provisioned().keepCostUsd()).isCloseTo(
                1024 / 1024.0 * 0.0000041667 / rate, within(1e-15));
    }
}
