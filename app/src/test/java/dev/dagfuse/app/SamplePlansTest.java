// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.Orchestration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the three samples, as `dagfuse plan` runs them (10,000 draws, seed 42, orchestration auto): the plan meets the
 * objective and is never dearer than the workflow as deployed under either orchestration, the cheaper baseline a
 * user would otherwise switch to.
 */
class SamplePlansTest {

    @ParameterizedTest
    @ValueSource(strings = {"chatbot", "ml-pipeline", "video-analytics"})
    void thePlanIsNeverDearerThanEitherAsDeployedBaseline(String sample) {
        Path workflow = Path.of("../samples", sample, "workflow.yaml");
        PlanService.Result result = Services.plan().plan(new PlanService.Request(workflow, null,
                ObjectiveChoice.declared(), Search.of("cp-sat", Duration.ofSeconds(10)), Draws.RECORDED_OR_DEFAULT,
                null));
        assertThat(result).isInstanceOf(PlanService.Planned.class);
        PlanService.Planned planned = (PlanService.Planned) result;
        assertThat(planned.context().options().samples()).isEqualTo(10_000);
        double cost = planned.plan().evaluation().predicted().meanCostUsd();
        EvaluatedPlan standard = planned.asDeployed();
        EvaluatedPlan express = planned.asDeployedOtherOrchestration();
        assertThat(standard.plan().orchestration()).isNull(); // the platform's default: Standard
        assertThat(express.plan().orchestration()).isEqualTo(Orchestration.EXPRESS);
        assertThat(cost).isLessThanOrEqualTo(standard.evaluation().predicted().meanCostUsd())
                .isLessThanOrEqualTo(express.evaluation().predicted().meanCostUsd());
        // and it meets the target the baselines are compared at
        assertThat(planned.plan().evaluation().predicted().percentileMs(planned.objective().percentile()))
                .isLessThanOrEqualTo(((dev.dagfuse.model.Objective.Latency) planned.objective()).targetMs());
    }
}
