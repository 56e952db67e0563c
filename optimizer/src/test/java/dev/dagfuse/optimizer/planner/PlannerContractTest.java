// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** What every planner must do; each implementation's test class extends this one. */
abstract class PlannerContractTest {

    /** Sizes that keep the exhaustive reference small. */
    static final List<Integer> SIZES = List.of(512, 1024, 1769, 3008);

    abstract Planner planner();

    static Workflow pipeline() {
        return RealModels.pipeline();
    }

    /** The real Monte Carlo model, 2,000 draws. */
    static PlanEvaluator model(Workflow w) {
        return RealModels.model(w, RealModels.pipelineProfile(150), 2000);
    }

    static PlanRequest request(Objective objective) {
        return PlanRequest.of(objective).withMemoryOptionsMB(SIZES);
    }

    static double p95(PlanResult.Planned p) {
        return p.evaluation().predicted().percentileMs(95);
    }

    static double cost(PlanResult.Planned p) {
        return p.evaluation().predicted().meanCostUsd();
    }

    /** A target between the fastest and the cheapest plan's P95 (found by exhaustive search). */
    static double midTarget(Workflow w, PlanEvaluator model, double u) {
        PlanResult fastest = new dev.dagfuse.optimizer.internal.planner.ExhaustivePlanner().plan(w, model,
                request(new Objective.Budget(1e9, 95)));
        PlanResult cheapest = new dev.dagfuse.optimizer.internal.planner.ExhaustivePlanner().plan(w, model,
                request(new Objective.Latency(95, 1e12)));
        double lo = p95((PlanResult.Planned) fastest);
        double hi = p95((PlanResult.Planned) cheapest);
        return lo + u * (hi - lo);
    }

    private PlanResult.Planned planned(Workflow w, PlanEvaluator model, PlanRequest request) {
        PlanResult r = planner().plan(w, model, request);
        assertThat(r).isInstanceOf(PlanResult.Planned.class);
        PlanResult.Planned p = (PlanResult.Planned) r;
        assertValid(w, model, p);
        return p;
    }

    private void assertValid(Workflow w, PlanEvaluator model, PlanResult.Planned p) {
        Plan plan = p.plan();
        PlanValidator.validate(plan, w, "plan");
        assertThat(plan.workflow()).isEqualTo(w.name());
        assertThat(plan.solver().name()).isEqualTo(planner().name());
        assertThat(plan.predicted()).isEqualTo(p.evaluation().predicted());
        // evaluate reproduces the plan's numbers exactly
        assertThat(model.evaluate(plan).predicted()).isEqualTo(plan.predicted());
        Set<String> seen = new HashSet<>();
        for (PlanGroup g : plan.groups()) {
            assertThat(g.functions()).allSatisfy(f -> assertThat(seen.add(f)).isTrue());
            assertThat(g.invocations()).isEqualTo(PlanGroup.invocations(g.fanOut(), g.bundleSize()));
        }
        assertThat(seen).isEqualTo(w.functions().keySet());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.9})
    void meetsALatencyTarget(double u) {
        Workflow w = pipeline();
        PlanEvaluator model = model(w);
        double target = midTarget(w, model, u);
        PlanResult.Planned p = planned(w, model, request(new Objective.Latency(95, target)));
        assertThat(p95(p)).isLessThanOrEqualTo(target);
        assertThat(p.plan().objective()).isEqualTo(new Objective.Latency(95, target));
    }

    @Test
    void meetsATargetOnTheLocalPlatformWhereInvocationsQueueForCores() {
        // Locally the whole-plan model queues invocations for 2 cores: group draws alone under-estimate it.
        Workflow w = RealModels.pipeline(dev.dagfuse.model.platform.LocalPlatform.of(2));
        PlanEvaluator model = RealModels.model(w, RealModels.pipelineProfile(150), 300);
        PlanRequest base = PlanRequest.of(new Objective.Latency(95, 1e12)).withMemoryOptionsMB(List.of(1024, 3008));
        Planner exhaustive = new dev.dagfuse.optimizer.internal.planner.ExhaustivePlanner();
        double lo = p95((PlanResult.Planned) exhaustive.plan(w, model, base.withObjective(new Objective.Budget(1e9, 95))));
        double hi = p95((PlanResult.Planned) exhaustive.plan(w, model, base));
        double target = (lo + hi) / 2;
        PlanResult.Planned p = planned(w, model, base.withObjective(new Objective.Latency(95, target)));
        assertThat(p95(p)).isLessThanOrEqualTo(target);
    }

    @Test
    void meetsABudget() {
        Workflow w = pipeline();
        PlanEvaluator model = model(w);
        PlanResult.Planned cheapest = (PlanResult.Planned) new dev.dagfuse.optimizer.internal.planner.ExhaustivePlanner()
                .plan(w, model, request(new Objective.Latency(95, 1e12)));
        double budget = cost(cheapest) * 1.5;
        PlanResult.Planned p = planned(w, model, request(new Objective.Budget(budget, 95)));
        assertThat(cost(p)).isLessThanOrEqualTo(budget);
        assertThat(p95(p)).isLessThanOrEqualTo(p95(cheapest));
    }

    @Test
    void anUnreachableTargetIsInfeasibleWithTheFastestPlan() {
        Workflow w = pipeline();
        PlanEvaluator model = model(w);
        PlanResult r = planner().plan(w, model, request(new Objective.Latency(95, 50)));
        assertThat(r).isInstanceOf(PlanResult.Infeasible.class);
        PlanResult.Infeasible inf = (PlanResult.Infeasible) r;
        assertThat(inf.reason()).contains("P95 ≤ 50ms").contains("fastest plan").contains("reaches P95").contains("$");
        assertThat(inf.nearest()).isNotNull();
        assertThat(inf.nearestEvaluation().predicted().percentileMs(95)).isGreaterThan(50);
        PlanValidator.validate(inf.nearest(), w, "nearest");
    }

    @Test
    void anUnreachableBudgetIsInfeasibleWithTheCheapestPlan() {
        Workflow w = pipeline();
        PlanEvaluator model = model(w);
        PlanResult r = planner().plan(w, model, request(new Objective.Budget(1e-9, 95)));
        assertThat(r).isInstanceOf(PlanResult.Infeasible.class);
        PlanResult.Infeasible inf = (PlanResult.Infeasible) r;
        assertThat(inf.reason()).contains("cheapest plan").contains("costs $");
        assertThat(inf.nearestEvaluation().predicted().meanCostUsd()).isGreaterThan(1e-9);
    }

    @Test
    void aFunctionThatFitsNoSizeMeansNoPlan() {
        Workflow w = pipeline();
        PlanEvaluator model = RealModels.model(w, RealModels.pipelineProfile(20_000), 200);
        PlanResult r = planner().plan(w, model, PlanRequest.of(new Objective.Latency(95, 1e9)));
        assertThat(r).isInstanceOf(PlanResult.Infeasible.class);
        PlanResult.Infeasible inf = (PlanResult.Infeasible) r;
        assertThat(inf.reason()).contains("(classify) fits none of any memory size the platform allows");
        assertThat(inf.nearest()).isNull();
        FakeModel fake = new FakeModel(w, 7, 200, SIZES);
        fake.setPeakMB("classify", 5000);
        PlanResult r2 = planner().plan(w, fake, request(new Objective.Latency(95, 1e9)));
        assertThat(((PlanResult.Infeasible) r2).reason()).contains("(classify) fits none of the memory sizes [512, 1024, 1769, 3008] MB");
    }

    @Test
    void noFusionAndNoBundlingAreHonoured() {
        Workflow w = pipeline();
        PlanEvaluator model = model(w);
        double target = midTarget(w, model, 0.5);
        PlanRequest request = request(new Objective.Latency(95, target)).withFusion(false).withBundling(false);
        PlanResult r = planner().plan(w, model, request);
        if (r instanceof PlanResult.Planned p) {
            assertValid(w, model, p);
            assertThat(p.plan().groups()).allSatisfy(g -> {
                assertThat(g.functions()).hasSize(1);
                assertThat(g.bundleSize()).isEqualTo(1);
            });
        } else {
            assertThat(((PlanResult.Infeasible) r).nearest().groups()).allSatisfy(g -> assertThat(g.functions()).hasSize(1));
        }
    }

    @Test
    void memoryOptionsAreHonoured() {
        Workflow w = pipeline();
        PlanEvaluator model = model(w);
        PlanRequest request = request(new Objective.Latency(95, 1e9)).withMemoryOptionsMB(List.of(1024, 2048));
        PlanResult.Planned p = planned(w, model, request);
        assertThat(p.plan().groups()).allSatisfy(g -> assertThat(g.memoryMB()).isIn(1024, 2048));
        if (!planner().name().equals("exhaustive")) { // the model's whole grid is too much for it here
            PlanResult.Planned any = planned(w, model, PlanRequest.of(new Objective.Latency(95, 1e9)));
            assertThat(any.plan().groups()).allSatisfy(g -> assertThat(g.memoryMB()).isBetween(128, 10_240));
        }
    }

    @Test
    void fusesAndBundlesWhenItPays() {
        // A loose target: the cheapest plan fuses the per-branch chain (one invocation, no second overhead).
        Workflow w = pipeline();
        PlanEvaluator model = model(w);
        PlanResult.Planned p = planned(w, model, request(new Objective.Latency(95, 1e9)));
        assertThat(p.plan().groups()).anySatisfy(g -> assertThat(g.functions()).containsExactly("extract", "classify"));
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 11})
    void isDeterministic(long seed) {
        var loaded = RealModels.synthetic(6, 4, seed);
        Workflow w = loaded.workflow();
        double target = midTarget(w, RealModels.model(w, loaded.profile(), 500), 0.4);
        PlanRequest request = request(new Objective.Latency(95, target));
        PlanResult a = planner().plan(w, RealModels.model(w, loaded.profile(), 500), request);
        PlanResult b = planner().plan(w, RealModels.model(w, loaded.profile(), 500), request);
        assertThat(a.getClass()).isEqualTo(b.getClass());
        if (a instanceof PlanResult.Planned pa) {
            PlanResult.Planned pb = (PlanResult.Planned) b;
            assertThat(pa.plan().groups()).isEqualTo(pb.plan().groups());
            assertThat(pa.plan().predicted()).isEqualTo(pb.plan().predicted());
            assertThat(pa.plan().solver().status()).isEqualTo(pb.plan().solver().status());
        }
    }
}
