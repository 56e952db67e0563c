// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.Draws;
import dev.dagfuse.app.ObjectiveChoice;
import dev.dagfuse.app.PlanService;
import dev.dagfuse.app.Search;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Format;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Java API snippet, kept compiling and true. */
class ReadmeApiExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeSnippetPlansTheVideoSample() {
        PlanService.Result result = Services.plan().plan(new PlanService.Request(
                ValidateCommandTest.SAMPLES.resolve("video-analytics/workflow.yaml"), null,
                new ObjectiveChoice.Latency(95.0, 3000), Search.of("cp-sat", Duration.ofSeconds(10)),
                Draws.RECORDED_OR_DEFAULT, dir.resolve("plan.json")));
        assertThat(Renderers.plan(Format.TEXT).render(result))
                .startsWith("Plan for video-analytics on aws-lambda x86_64, Step Functions express (orchestration: auto): P95 ≤ 3.00s");
        assertThat(result).isInstanceOf(PlanService.Planned.class);
        PlanService.Planned planned = (PlanService.Planned) result;
        assertThat(planned.plan().evaluation().predicted().percentileMs(95)).isLessThanOrEqualTo(3000);
        assertThat(ModelFiles.readPlan(dir.resolve("plan.json"), planned.context().workflow()).groups())
                .isEqualTo(planned.plan().plan().groups());
    }
}
