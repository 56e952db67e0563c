// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.optimizer.queueing.ErlangB;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 15: provisioned concurrency as a per-group choice of the planners (docs/model.md, "Provisioned concurrency").
 * One function that waits 800 ms on I/O whatever its size and has a 1.5 s init: at a high steady rate its environments
 * are busy most of the time, and provisioned ones (their keep plus a lower duration price) cost less than on demand; at
 * a low rate they cost more, unless the target cannot be met on demand.
 */
class ProvisionedConcurrencyPlanningTest {

    private static Workflow workflow() {
        return Fixtures.workflow(AwsLambdaPlatform.defaults(), fn("f", 1));
    }

    private static Profile profile() {
        return Fixtures.profiles(Map.of("f", new FunctionProfile(1000, 0, 1, List.of(1500.0),
                Map.of(128, lognormal(1, 50, 800, 0.05), 1769, lognormal(2, 50, 800, 0.05)))));
    }

    private static PlanResult.Planned plan(String planner, double rate, Objective objective) {
        PlanEvaluator model = Models.monteCarlo(workflow(), profile(), ModelOptions.defaults().withRate(rate));
        PlanResult r = Planners.byName(planner).plan(workflow(), model, PlanRequest.of(objective));
        assertThat(r).as(planner).isInstanceOf(PlanResult.Planned.class);
        return (PlanResult.Planned) r;
    }

    /** Both planners, which must agree on the plan (provisioning included) and its cost. */
    private static PlanResult.Planned agreed(double rate, Objective objective) {
        PlanResult.Planned cpSat = plan("cp-sat", rate, objective);
        PlanResult.Planned exhaustive = plan("exhaustive", rate, objective);
        assertThat(cpSat.plan().groups()).isEqualTo(exhaustive.plan().groups());
        assertThat(cpSat.evaluation().predicted().meanCostUsd())
                .isCloseTo(exhaustive.evaluation().predicted().meanCostUsd(), within(1e-15));
        return exhaustive;
    }

    private static Evaluation evaluate(Plan plan, double rate) {
        return Models.monteCarlo(workflow(), profile(), ModelOptions.defaults().withRate(rate)).evaluate(plan);
    }

    private static Plan onDemand(Plan plan) {
        List<PlanGroup> groups = new ArrayList<>();
        plan.groups().forEach(g -> groups.add(g.withProvisioned(null)));
        return new Plan(plan.workflow(), plan.objective(), groups, null, null);
    }

    @Test
    void atAHighSteadyRateProvisionedEnvironmentsAreCheaperAndThePlannersBuyThem() {
        double rate = 100;
        PlanResult.Planned planned = agreed(rate, new Objective.Latency(95, 5000));
        PlanGroup g = planned.plan().groups().get(0);
        assertThat(g.provisioned()).as("provisioned environments").isNotNull().isGreaterThan(0);
        Evaluation.GroupEvaluation ge = planned.evaluation().groups().get(0);
        // the model's spill is Erlang B at the offered load of the group's warm duration (800 ms: about 80 erlangs)
        double erlangs = rate * 0.8;
        assertThat(ge.provisioned().spill()).isCloseTo(ErlangB.blocking(g.provisioned(), erlangs), within(0.02));
        // the keep: c × GB × $0.0000041667 per GB-s, per request at 100/s
        assertThat(ge.provisioned().keepCostUsd()).isCloseTo(
                g.provisioned() * g.memoryMB() / 1024.0 * 0.0000041667 / rate, within(1e-15));
        // the same plan on demand costs more, and is no faster
        Evaluation same = evaluate(onDemand(planned.plan()), rate);
        assertThat(planned.evaluation().predicted().meanCostUsd()).isLessThan(same.predicted().meanCostUsd());
        assertThat(planned.evaluation().predicted().percentileMs(95)).isLessThanOrEqualTo(same.predicted().percentileMs(95));
        // and evaluate reproduces the planner's numbers from the plan's provisioned count
        assertThat(evaluate(planned.plan(), rate).predicted()).isEqualTo(planned.evaluation().predicted());
    }

    @Test
    void atALowRateATargetOnDemandCannotMeetIsMetWithProvisionedConcurrency() {
        // 21 requests an hour against a 10-minute keep-alive: about 3% of the invocations are cold on demand, so a P99 of
        // 1.5 s (800 ms warm, 2.3 s cold) cannot be met at any size; one provisioned environment leaves 0.5% to spill
        double rate = 21.0 / 3600;
        Objective p99 = new Objective.Latency(99, 1500);
        PlanResult.Planned planned = agreed(rate, p99);
        PlanGroup g = planned.plan().groups().get(0);
        assertThat(g.provisioned()).isEqualTo(1);
        assertThat(planned.evaluation().predicted().percentileMs(99)).isLessThanOrEqualTo(1500);
        assertThat(planned.evaluation().groups().get(0).coldStartProbability()).isLessThan(0.01);
        Evaluation same = evaluate(onDemand(planned.plan()), rate);
        assertThat(same.groups().get(0).coldStartProbability()).isGreaterThan(0.02);
        assertThat(same.predicted().percentileMs(99)).isGreaterThan(1500);
        // on demand, no size meets it: every plan the exhaustive planner could make without provisioning misses
        for (int memory : List.of(128, 1769, 10_240)) {
            Plan other = new Plan("test", p99, List.of(PlanGroup.of(List.of("f"), memory, 1, 1)), null, null);
            assertThat(evaluate(other, rate).predicted().percentileMs(99)).as("%d MB", memory).isGreaterThan(1500);
        }
    }

    @Test
    void atALowOrModerateRateWithoutLatencyPressureThePlannersStayOnDemand() {
        for (double rate : new double[] {21.0 / 3600, 1}) {
            PlanResult.Planned planned = agreed(rate, new Objective.Latency(95, 5000));
            assertThat(planned.plan().groups()).as("at %s/s", rate).allSatisfy(g -> assertThat(g.provisioned()).isNull());
            assertThat(planned.evaluation().groups()).allSatisfy(g -> assertThat(g.provisioned()).isNull());
        }
    }

    @Test
    void withoutARateOrOnThePlatformWithoutItNoProvisioningIsOffered() {
        PlanEvaluator none = Models.monteCarlo(workflow(), profile(), ModelOptions.defaults());
        assertThat(none.groupModel().variants(List.of("f"))).allSatisfy(v -> assertThat(v.provisioning()).isNull());
        PlanEvaluator rated = Models.monteCarlo(workflow(), profile(), ModelOptions.defaults().withRate(100));
        assertThat(rated.groupModel().variants(List.of("f"))).anySatisfy(v -> assertThat(v.provisioning()).isNotNull());
        Workflow local = workflow().withPlatform(LocalPlatform.of(2));
        PlanEvaluator localRated = Models.monteCarlo(local, profile(), ModelOptions.defaults().withRate(100));
        assertThat(localRated.groupModel().variants(List.of("f"))).allSatisfy(v -> assertThat(v.provisioning()).isNull());
        // a plan that provisions a group on the local platform is refused, naming the field
        Plan provisioned = new Plan("test", null, List.of(PlanGroup.of(List.of("f"), 1769, 1, 1).withProvisioned(2)),
                null, null);
        assertThatThrownBy(() -> localRated.evaluate(provisioned)).hasMessageContaining("groups[0].provisioned")
                .hasMessageContaining("does not offer");
        // and on Lambda without a rate, its cost per request is undefined
        assertThatThrownBy(() -> none.evaluate(provisioned)).hasMessageContaining("groups[0].provisioned")
                .hasMessageContaining("arrival rate");
    }
}
