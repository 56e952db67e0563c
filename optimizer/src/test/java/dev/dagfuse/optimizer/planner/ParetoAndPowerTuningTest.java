// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planners;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParetoAndPowerTuningTest {

    private final Workflow w = RealModels.pipeline();
    private final PlanEvaluator model = RealModels.model(w, RealModels.pipelineProfile(150), 2000);

    @Test
    void paretoIsAFrontierFromTheFastestToTheCheapestPlan() {
        PlanRequest request = PlannerContractTest.request(new Objective.Latency(95, 1000));
        List<PlanResult.Planned> frontier = Planners.pareto(Planners.byName("cp-sat"), w, model, request, 8);
        assertThat(frontier).hasSizeBetween(2, 8);
        for (int i = 1; i < frontier.size(); i++) {
            assertThat(p95(frontier.get(i))).isGreaterThan(p95(frontier.get(i - 1)));
            assertThat(cost(frontier.get(i))).isLessThan(cost(frontier.get(i - 1)));
        }
        for (PlanResult.Planned p : frontier) {
            Objective.Latency target = (Objective.Latency) p.plan().objective();
            assertThat(p95(p)).isLessThanOrEqualTo(target.targetMs());
        }
        PlanResult.Planned fastest = (PlanResult.Planned) Planners.byName("exhaustive").plan(w, model,
                request.withObjective(new Objective.Budget(1, 95)));
        PlanResult.Planned cheapest = (PlanResult.Planned) Planners.byName("exhaustive").plan(w, model,
                request.withObjective(new Objective.Latency(95, 1e9)));
        assertThat(p95(frontier.get(0))).isEqualTo(p95(fastest));
        assertThat(cost(frontier.get(frontier.size() - 1))).isLessThanOrEqualTo(cost(cheapest) * 1.01);
    }

    @Test
    void powerTuningPicksEachFunctionsCheapestSizeWithin10PercentOfItsFastest() {
        PlanRequest request = PlannerContractTest.request(new Objective.Latency(95, 1000));
        PlanResult.Planned p = (PlanResult.Planned) Planners.powerTuned(w, model, request);
        assertThat(p.plan().solver().name()).isEqualTo("power-tuning");
        assertThat(p.plan().objective()).isEqualTo(request.objective());
        GroupModel g = model.groupModel();
        for (PlanGroup group : p.plan().groups()) {
            assertThat(group.functions()).hasSize(1);
            assertThat(group.bundleSize()).isEqualTo(1);
            List<String> f = group.functions();
            double fastest = PlannerContractTest.SIZES.stream().filter(m -> g.isFeasible(f, m, 1))
                    .mapToDouble(m -> mean(g.latencyDraws(f, m, 1))).min().orElseThrow();
            double chosenCost = g.meanCostUsd(f, group.memoryMB(), 1);
            assertThat(mean(g.latencyDraws(f, group.memoryMB(), 1))).isLessThanOrEqualTo(fastest * 1.1);
            for (int m : PlannerContractTest.SIZES) {
                if (g.isFeasible(f, m, 1) && mean(g.latencyDraws(f, m, 1)) <= fastest * 1.1) {
                    assertThat(g.meanCostUsd(f, m, 1)).isGreaterThanOrEqualTo(chosenCost);
                }
            }
        }
    }

    private static double mean(double[] d) {
        return Arrays.stream(d).average().orElseThrow();
    }

    private static double p95(PlanResult.Planned p) {
        return p.evaluation().predicted().percentileMs(95);
    }

    private static double cost(PlanResult.Planned p) {
        return p.evaluation().predicted().meanCostUsd();
    }
}
