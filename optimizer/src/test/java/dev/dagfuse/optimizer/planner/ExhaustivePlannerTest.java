// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExhaustivePlannerTest extends PlannerContractTest {
    @Override
    Planner planner() {
        return Planners.byName("exhaustive");
    }

    @Test
    void refusesLargeWorkflowsClearly() {
        Workflow w = RandomWorkflows.generate(5, 30, new int[] {1, 10});
        List<Integer> sizes = List.of(128, 256, 512, 1024, 1536, 2048, 3008, 4096, 6144, 10240);
        assertThatThrownBy(() -> planner().plan(w, new FakeModel(w, 1, 10, sizes),
                PlanRequest.of(new Objective.Latency(95, 3000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refuses workflow (random-5)")
                .hasMessageContaining("--solver cp-sat");
    }
}
