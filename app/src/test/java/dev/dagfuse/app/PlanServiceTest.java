// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlanServiceTest {

    @TempDir
    Path tmp;

    private static PlanService.Result plan(Path workflow, ObjectiveChoice objective, Path planFile) {
        return Services.plan().plan(new PlanService.Request(workflow, null, objective, Fixture.SEARCH, Fixture.DRAWS,
                planFile));
    }

    @Test
    void thePlanMeetsTheDeclaredObjectiveNextToTheAsDeployedPlanAndIsWritten() {
        Path file = tmp.resolve("plan.json");
        PlanService.Result result = plan(Fixture.WORKFLOW, ObjectiveChoice.declared(), file);
        assertThat(result).isInstanceOf(PlanService.Planned.class);
        PlanService.Planned planned = (PlanService.Planned) result;
        assertThat(planned.objective()).isEqualTo(new Objective.Latency(95, 2500));
        assertThat(planned.plan().evaluation().predicted().percentileMs(95)).isLessThanOrEqualTo(2500);
        assertThat(planned.asDeployed().plan().groups()).hasSize(4);
        assertThat(planned.asDeployed().plan().objective()).isEqualTo(planned.objective());
        // the model drew as asked, with the objective's percentile among the defaults
        assertThat(planned.context().options().samples()).isEqualTo(2_000);
        assertThat(planned.context().options().seed()).isEqualTo(7);
        assertThat(planned.context().options().percentiles()).containsExactly(50.0, 90.0, 95.0, 99.0);
        assertThat(planned.planFile()).isEqualTo(file);
        assertThat(ModelFiles.readPlan(file, planned.context().workflow()).groups())
                .isEqualTo(planned.plan().plan().groups());
    }

    @Test
    void aTargetOutOfReachGivesTheNearestPlanAndWritesNothing() {
        Path file = tmp.resolve("plan.json");
        PlanService.Result result = plan(Fixture.WORKFLOW, new ObjectiveChoice.Latency(null, 10), file);
        assertThat(result).isInstanceOfSatisfying(PlanService.Infeasible.class, infeasible -> {
            assertThat(infeasible.objective()).isEqualTo(new Objective.Latency(95, 10));
            assertThat(infeasible.reason()).contains("P95");
            assertThat(infeasible.nearest()).isNotNull();
        });
        assertThat(file).doesNotExist();
    }

    @Test
    void aPercentileOrBudgetResolvesAgainstTheWorkflow() {
        PlanService.Result p99 = plan(Fixture.WORKFLOW, new ObjectiveChoice.Latency(99.0, 4000), null);
        assertThat(p99.objective()).isEqualTo(new Objective.Latency(99, 4000));
        assertThat(p99.context().options().percentiles()).contains(99.0);
        PlanService.Result budget = plan(Fixture.WORKFLOW, new ObjectiveChoice.Budget(null, 0.001), null);
        assertThat(budget.objective()).isEqualTo(new Objective.Budget(0.001, 95));
    }

    @Test
    void noPlanAtAllHasNoNearestPlan() throws Exception {
        PlanService.Result result = plan(Fixture.noPlan(tmp), ObjectiveChoice.declared(), null);
        assertThat(result).isInstanceOfSatisfying(PlanService.Infeasible.class, infeasible -> {
            assertThat(infeasible.nearest()).isNull();
            assertThat(infeasible.reason()).startsWith("No plan exists: the function (merge) fits none");
        });
    }

    @Test
    void requestsThatCannotBeServedSayWhatToGive() throws Exception {
        Path noObjective = Fixture.workflow(tmp, "objective:\n  latency: { percentile: 95, target: 2.5s }\n", "");
        assertThatThrownBy(() -> plan(noObjective, ObjectiveChoice.declared(), null))
                .isInstanceOf(RequestException.class).hasMessageStartingWith("The workflow (video) declares no objective");
        assertThatThrownBy(() -> plan(Fixture.WORKFLOW, new ObjectiveChoice.Declared(99.0), null))
                .isInstanceOf(RequestException.class)
                .hasMessage("--percentile 99.0 needs --target or --budget (the workflow's objective is about P95.0).");
        assertThatThrownBy(() -> Services.plan().plan(new PlanService.Request(Fixture.WORKFLOW, null,
                ObjectiveChoice.declared(), Search.of("simplex", Duration.ofSeconds(1)), Fixture.DRAWS, null)))
                .isInstanceOf(RequestException.class).hasMessageContaining("The solver (simplex) is not known");
        Search noSizes = new Search("cp-sat", Duration.ofSeconds(1), true, true, List.of(0), 1, 0);
        assertThatThrownBy(() -> Services.plan().plan(new PlanService.Request(Fixture.WORKFLOW, null,
                ObjectiveChoice.declared(), noSizes, Fixture.DRAWS, null)))
                .isInstanceOf(RequestException.class).hasMessageContaining("The memory option (0 MB) must be ≥ 1 MB");
    }

    @Test
    void aLocalWorkflowsContextCarriesItsCostUnit() throws Exception {
        PlanService.Result result = plan(Fixture.local(tmp), ObjectiveChoice.declared(), null);
        assertThat(result).isInstanceOf(PlanService.Planned.class);
        assertThat(result.context().workflow().platform().costUnit()).isEqualTo(CostUnit.CORE_SECONDS);
        // one scheduler, so no second baseline
        assertThat(result.asDeployedOtherOrchestration()).isNull();
        // nor orchestration or architecture moves
        assertThat(((PlanService.Planned) result).waterfall()).extracting(PlanService.Move::move)
                .containsExactly("as deployed", "fusion", "bundling", "sizing");
    }

    @Test
    void theWaterfallRunsFromTheAsDeployedPlanToThePlanAndTheOtherOrchestrationIsASecondBaseline() {
        PlanService.Planned planned = (PlanService.Planned) plan(Fixture.WORKFLOW, ObjectiveChoice.declared(), null);
        List<PlanService.Move> moves = planned.waterfall();
        assertThat(moves).extracting(PlanService.Move::move)
                .containsExactly("as deployed", "orchestration", "fusion", "bundling", "sizing", "architecture");
        // the ends are the two plans the output compares, numbers and all
        assertThat(moves.get(0).plan().plan().groups()).isEqualTo(planned.asDeployed().plan().groups());
        assertThat(moves.get(0).plan().evaluation().predicted())
                .isEqualTo(planned.asDeployed().evaluation().predicted());
        PlanService.Move last = moves.get(moves.size() - 1);
        assertThat(last.plan().plan().groups()).isEqualTo(planned.plan().plan().groups());
        assertThat(last.plan().plan().orchestration()).isEqualTo(planned.plan().plan().orchestration());
        assertThat(last.plan().evaluation().predicted()).isEqualTo(planned.plan().evaluation().predicted());
        // fusion takes the plan's groups; bundling its bundles
        assertThat(moves.get(2).plan().plan().groups()).extracting(g -> g.functions())
                .isEqualTo(planned.plan().plan().groups().stream().map(g -> g.functions()).toList());
        assertThat(moves.get(2).plan().plan().groups()).allSatisfy(g -> assertThat(g.bundleSize()).isEqualTo(1));
        assertThat(moves.get(3).plan().plan().groups()).extracting(g -> g.bundleSize())
                .isEqualTo(planned.plan().plan().groups().stream().map(g -> g.bundleSize()).toList());
        // the workflow lets the planner choose its orchestration: the same deployment under the other one
        EvaluatedPlan other = planned.asDeployedOtherOrchestration();
        assertThat(other).isNotNull();
        assertThat(other.plan().orchestration()).isEqualTo(Orchestration.EXPRESS);
        assertThat(other.plan().groups()).isEqualTo(planned.asDeployed().plan().groups());
        assertThat(other.evaluation().predicted().meanCostUsd())
                .isNotEqualTo(planned.asDeployed().evaluation().predicted().meanCostUsd());
    }
}
