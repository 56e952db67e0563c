// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParetoServiceTest {

    @TempDir
    Path tmp;

    @Test
    void theFrontierRunsFromTheFastestToTheCheapestPlanEachWrittenAsAFile() {
        ParetoService.Result result = Services.pareto().pareto(new ParetoService.Request(Fixture.WORKFLOW, null, null,
                Fixture.SEARCH, Fixture.DRAWS, 4, tmp));
        assertThat(result.percentile()).isEqualTo(95);
        assertThat(result.frontier()).hasSizeBetween(2, 4);
        for (int i = 1; i < result.frontier().size(); i++) {
            EvaluatedPlan faster = result.frontier().get(i - 1);
            EvaluatedPlan slower = result.frontier().get(i);
            assertThat(slower.evaluation().predicted().percentileMs(95))
                    .isGreaterThanOrEqualTo(faster.evaluation().predicted().percentileMs(95));
            assertThat(slower.evaluation().predicted().meanCostUsd())
                    .isLessThanOrEqualTo(faster.evaluation().predicted().meanCostUsd());
        }
        assertThat(ModelFiles.readPlan(tmp.resolve("point-01.json"), result.context().workflow()).groups())
                .isEqualTo(result.frontier().get(0).plan().groups());
    }

    @Test
    void anotherPercentileIsAmongTheModelsAndTwoPointsAtLeastAreAsked() {
        ParetoService.Result result = Services.pareto().pareto(new ParetoService.Request(Fixture.WORKFLOW, null, 99.0,
                Fixture.SEARCH, Fixture.DRAWS, 2, null));
        assertThat(result.percentile()).isEqualTo(99);
        assertThat(result.context().options().percentiles()).contains(99.0);
        assertThatThrownBy(() -> new ParetoService.Request(Fixture.WORKFLOW, null, null, Fixture.SEARCH, Fixture.DRAWS,
                1, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
