// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 15: SnapStart as a per-group choice (docs/model.md, "SnapStart"). a → b, each waiting 800 ms (400 ms for b)
 * on I/O with a 1.5 s init (0.9 s for b); the workflow gives a 200 ms restore time.
 */
class SnapStartPlanningTest {

    private static final double RESTORE_MS = 200;
    private static final double RARE = 21.0 / 3600;

    private static Workflow workflow(double restoreMs) {
        AwsLambdaPlatform lambda = AwsLambdaPlatform.defaults().withSnapStartRestore(restoreMs);
        return Fixtures.workflow(lambda, fn("a", 1), fn("b", 1, "a"));
    }

    private static Profile profile() {
        return Fixtures.profiles(Map.of(
                "a", new FunctionProfile(1000, 0, 1, List.of(1500.0), Map.of(128, lognormal(1, 50, 800, 0.05),
                        1769, lognormal(2, 50, 800, 0.05))),
                "b", new FunctionProfile(1000, 0, 1, List.of(900.0), Map.of(128, lognormal(3, 50, 400, 0.05),
                        1769, lognormal(4, 50, 400, 0.05)))));
    }

    @Test
    void aColdSnapStartInvocationPaysTheRestoreInPlaceOfItsFunctionsInitsOncePerGroup() {
        PlanEvaluator model = Models.monteCarlo(workflow(RESTORE_MS), profile(), ModelOptions.defaults().withRate(RARE));
        GroupModel groups = model.groupModel();
        for (List<String> chain : List.of(List.of("a"), List.of("a", "b"))) {
            double init = chain.size() == 1 ? 1500 : 2400;
            double[] onDemand = groups.latencyDraws(chain, 512, 1, new GroupModel.Variant(null, null));
            double[] snap = groups.latencyDraws(chain, 512, 1, new GroupModel.Variant(null, null, null, true));
            int cold = 0;
            for (int i = 0; i < onDemand.length; i++) {
                double saved = onDemand[i] - snap[i];
                // common random numbers: the same invocations are cold, and each saves its inits less the restore
                if (saved != 0) {
                    assertThat(saved).as("draw %d", i).isCloseTo(init - RESTORE_MS, within(1e-6));
                    cold++;
                }
            }
            assertThat(cold).as(chain.toString()).isPositive();
            // the cold share is the group's P(cold) at this rate (λT = 3.5: a few percent), as an evaluation reports it
            List<PlanGroup> plan = chain.size() == 2 ? List.of(PlanGroup.of(chain, 512, 1, 1))
                    : List.of(PlanGroup.of(chain, 512, 1, 1), PlanGroup.of(List.of("b"), 512, 1, 1));
            double p = model.evaluate(new Plan("test", null, plan, null, null)).groups().get(0).coldStartProbability();
            assertThat((double) cold / onDemand.length).isCloseTo(p, within(0.006)).isBetween(0.02, 0.06);
            // Java SnapStart costs nothing extra; billed duration is the shorter restore
            assertThat(groups.meanCostUsd(chain, 512, 1, new GroupModel.Variant(null, null, null, true)))
                    .isLessThan(groups.meanCostUsd(chain, 512, 1, new GroupModel.Variant(null, null)));
        }
    }

    @Test
    void atALowRateThePlannersPickSnapStartWhereItMeetsATargetOnDemandCannotMoreCheaplyThanProvisioning() {
        Objective p99 = new Objective.Latency(99, 2200);
        PlanResult.Planned exhaustive = plan("exhaustive", p99);
        PlanResult.Planned cpSat = plan("cp-sat", p99);
        assertThat(cpSat.plan().groups()).isEqualTo(exhaustive.plan().groups());
        assertThat(exhaustive.plan().groups()).anySatisfy(g -> assertThat(g.snapStart()).isTrue());
        assertThat(exhaustive.plan().groups()).allSatisfy(g -> assertThat(g.provisioned()).isNull());
        assertThat(exhaustive.evaluation().predicted().percentileMs(99)).isLessThanOrEqualTo(2200);
        assertThat(exhaustive.evaluation().groups()).anySatisfy(g -> assertThat(g.snapStart()).isTrue());
        // evaluate reproduces it from the plan's snapStart flags
        Evaluation again = Models.monteCarlo(workflow(RESTORE_MS), profile(), ModelOptions.defaults().withRate(RARE))
                .evaluate(exhaustive.plan());
        assertThat(again.predicted()).isEqualTo(exhaustive.evaluation().predicted());
        // without a restore time, SnapStart is not offered, and only provisioning meets the target, at a higher cost
        PlanEvaluator without = Models.monteCarlo(workflow(0), profile(), ModelOptions.defaults().withRate(RARE));
        assertThat(without.groupModel().variants(List.of("a"))).noneMatch(GroupModel.Variant::snapStart);
        PlanResult r = Planners.byName("exhaustive").plan(workflow(0), without, PlanRequest.of(p99));
        assertThat(r).isInstanceOf(PlanResult.Planned.class);
        PlanResult.Planned provisioned = (PlanResult.Planned) r;
        assertThat(provisioned.plan().groups()).anySatisfy(g -> assertThat(g.provisioned()).isNotNull());
        assertThat(provisioned.evaluation().predicted().meanCostUsd())
                .isGreaterThan(exhaustive.evaluation().predicted().meanCostUsd());
    }

    @Test
    void withoutColdStartsSnapStartIsNotOfferedAndAPlanWithItNeedsTheRestoreTime() {
        PlanEvaluator noRate = Models.monteCarlo(workflow(RESTORE_MS), profile(), ModelOptions.defaults());
        assertThat(noRate.groupModel().variants(List.of("a"))).noneMatch(GroupModel.Variant::snapStart);
        Plan snap = new Plan("test", null, List.of(PlanGroup.of(List.of("a", "b"), 512, 1, 1).withSnapStart(true)),
                null, null);
        PlanEvaluator noRestore = Models.monteCarlo(workflow(0), profile(), ModelOptions.defaults().withRate(RARE));
        assertThatThrownBy(() -> noRestore.evaluate(snap)).hasMessageContaining("groups[0].snapStart")
                .hasMessageContaining("platform.snapStartRestore");
        assertThatThrownBy(() -> PlanGroup.of(List.of("a"), 512, 1, 1).withProvisioned(2).withSnapStart(true))
                .hasMessageContaining("both SnapStart and provisioned");
    }

    private static PlanResult.Planned plan(String planner, Objective objective) {
        PlanEvaluator model = Models.monteCarlo(workflow(RESTORE_MS), profile(), ModelOptions.defaults().withRate(RARE));
        PlanResult r = Planners.byName(planner).plan(workflow(RESTORE_MS), model, PlanRequest.of(objective));
        assertThat(r).as(planner).isInstanceOf(PlanResult.Planned.class);
        return (PlanResult.Planned) r;
    }
}
