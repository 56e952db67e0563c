// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.Plan;
import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluateServiceTest {

    @TempDir
    Path tmp;

    private static EvaluateService.Result evaluate(Path plan, Draws draws) {
        return Services.evaluate().evaluate(new EvaluateService.Request(Fixture.WORKFLOW, null, plan, draws));
    }

    @Test
    void aPlanFileIsDrawnAsItRecordsUnlessTheRequestSaysOtherwise() {
        Path file = tmp.resolve("plan.json");
        PlanService.Planned planned = (PlanService.Planned) Services.plan().plan(new PlanService.Request(Fixture.WORKFLOW,
                null, ObjectiveChoice.declared(), Fixture.SEARCH, Fixture.DRAWS, file));

        EvaluateService.Result recorded = evaluate(file, Draws.RECORDED_OR_DEFAULT);
        assertThat(recorded.context().options().samples()).isEqualTo(2_000);
        assertThat(recorded.context().options().seed()).isEqualTo(7);
        // the same draws give the same numbers
        assertThat(recorded.evaluated().evaluation().predicted().latencyMs())
                .isEqualTo(planned.plan().evaluation().predicted().latencyMs());
        assertThat(recorded.evaluated().plan().predicted()).isNotNull();

        EvaluateService.Result other = evaluate(file, new Draws(null, 8L));
        assertThat(other.context().options().samples()).isEqualTo(2_000);
        assertThat(other.context().options().seed()).isEqualTo(8);
    }

    @Test
    void aPlanWithoutARecordIsDrawnWithTheDefaults() {
        EvaluateService.Result result = evaluate(Fixture.FUSED, Draws.RECORDED_OR_DEFAULT);
        Plan plan = result.evaluated().plan();
        assertThat(plan.predicted()).isNull();
        assertThat(plan.groups()).isEqualTo(ModelFiles.readPlan(Fixture.FUSED, null).groups());
        assertThat(result.context().options().samples()).isEqualTo(10_000);
        assertThat(result.context().options().seed()).isEqualTo(42);
        assertThat(result.context().profileFile()).isEqualTo(Fixture.PROFILE);
        assertThat(result.evaluated().evaluation().groups()).hasSize(3);
    }
}
