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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: exhaustive search ignored --time-limit (517 s under 10 s). It now stops when its time is up and returns
 * its best plan so far as FEASIBLE, or "out of time" when it has none. The clock is replaced by a count of the
 * search's checks, so what is tested does not depend on the machine's speed.
 */
class ExhaustiveTimeLimitTest {

    @TempDir
    Path dir;

    private Inputs.Loaded in;
    private PlanEvaluator model;

    @BeforeEach
    void load() {
        Synthetic.Generated g = Synthetic.generate(6, 6, 3);
        ModelFiles.writeAtomically(dir.resolve("workflow.yaml"), g.workflowYaml());
        ModelFiles.writeProfile(g.profile(), dir.resolve("profile.yaml"));
        in = Inputs.loadForModel(dir.resolve("workflow.yaml"), null);
        model = Models.monteCarlo(in.workflow(), in.profile(), new ModelOptions(1000, 42, List.of(95.0)));
    }

    @Test
    void stoppedPartWayItReturnsItsBestSoFarAsFeasibleNeverCheaperThanTheOptimum() {
        PlanRequest cheapest = PlanRequest.of(new Objective.Latency(95, 1e9));
        PlanResult.Planned full = (PlanResult.Planned) new ExhaustivePlanner(deadline -> () -> false)
                .plan(in.workflow(), model, cheapest);
        assertThat(full.plan().solver().status()).isEqualTo("OPTIMAL");
        AtomicInteger checks = new AtomicInteger();
        // the search checks its time once per node: a few hundred nodes reach a first plan, not the end
        PlanResult cut = new ExhaustivePlanner(deadline -> () -> checks.incrementAndGet() > 300)
                .plan(in.workflow(), model, cheapest);
        assertThat(cut).isInstanceOf(PlanResult.Planned.class);
        PlanResult.Planned partial = (PlanResult.Planned) cut;
        assertThat(partial.plan().solver().status()).isEqualTo("FEASIBLE");
        assertThat(partial.plan().solver().gap()).isNaN();
        assertThat(partial.evaluation().predicted().meanCostUsd())
                .isGreaterThanOrEqualTo(full.evaluation().predicted().meanCostUsd());
    }

    @Test
    void withNoPlanWhenTimeIsUpItSaysOutOfTimeNotInfeasible() {
        PlanResult r = new ExhaustivePlanner(deadline -> () -> true)
                .plan(in.workflow(), model, PlanRequest.of(new Objective.Latency(95, 1e9)));
        assertThat(r).isInstanceOf(PlanResult.Infeasible.class);
        PlanResult.Infeasible late = (PlanResult.Infeasible) r;
        assertThat(late.outOfTime()).isTrue();
        assertThat(late.reason()).contains("within the time limit").contains("Raise --time-limit");
    }
}
