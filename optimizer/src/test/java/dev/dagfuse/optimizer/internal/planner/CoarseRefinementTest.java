// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Synthetic;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Large spaces start coarse and are refined around each plan: on the model's full 20-size grid, the refined plan
 * is within 1% of the plan CP-SAT proves optimal over every candidate (these spaces are small enough for both;
 * the coarse start is forced).
 */
class CoarseRefinementTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {2, 5, 9, 13})
    void refinedCoarsePlansAreWithinOnePercentOfTheFullSearch(long seed) {
        Synthetic.Generated g = Synthetic.generate(8, 8, seed);
        ModelFiles.writeAtomically(dir.resolve("workflow.yaml"), g.workflowYaml());
        ModelFiles.writeProfile(g.profile(), dir.resolve("profile.yaml"));
        Inputs.Loaded in = Inputs.loadForModel(dir.resolve("workflow.yaml"), null);
        PlanEvaluator model = Models.monteCarlo(in.workflow(), in.profile(), new ModelOptions(1000, 42, List.of(95.0)));
        CpSatPlanner planner = new CpSatPlanner();
        PlanRequest loose = PlanRequest.of(new Objective.Latency(95, 1e12));
        Space full = new Space(in.workflow(), model.groupModel(), loose, Space.Selection.FULL, Double.POSITIVE_INFINITY);
        Space coarse = new Space(in.workflow(), model.groupModel(), loose, Space.Selection.COARSE_ALWAYS, Double.POSITIVE_INFINITY);
        assertThat(coarse.coarse).as("%d candidates", full.options.size()).isTrue();
        assertThat(coarse.options.size()).isLessThan(full.options.size());
        // a target a third of the way from the fastest to the cheapest plan
        PlanResult.Planned fastest = (PlanResult.Planned) planner.plan(full, model,
                loose.withObjective(new Objective.Budget(1e9, 95)), Work.forSearch(dev.dagfuse.optimizer.TimeBudget.start(loose.timeLimit()), System.nanoTime()));
        PlanResult.Planned cheapest = (PlanResult.Planned) planner.plan(full, model, loose, Work.forSearch(dev.dagfuse.optimizer.TimeBudget.start(loose.timeLimit()), System.nanoTime()));
        double lo = fastest.evaluation().predicted().percentileMs(95);
        double hi = cheapest.evaluation().predicted().percentileMs(95);
        PlanRequest request = loose.withObjective(new Objective.Latency(95, lo + (hi - lo) / 3));
        PlanResult.Planned exact = (PlanResult.Planned) planner.plan(full, model, request, Work.forSearch(dev.dagfuse.optimizer.TimeBudget.start(loose.timeLimit()), System.nanoTime()));
        PlanResult.Planned refined = (PlanResult.Planned) planner.plan(coarse, model, request, Work.forSearch(dev.dagfuse.optimizer.TimeBudget.start(loose.timeLimit()), System.nanoTime()));
        assertThat(exact.plan().solver().status()).isEqualTo("OPTIMAL");
        assertThat(refined.plan().solver().status()).isEqualTo("FEASIBLE");
        assertThat(refined.evaluation().predicted().percentileMs(95)).isLessThanOrEqualTo(lo + (hi - lo) / 3);
        assertThat(refined.evaluation().predicted().meanCostUsd())
                .isLessThanOrEqualTo(exact.evaluation().predicted().meanCostUsd() * 1.01);
    }
}
