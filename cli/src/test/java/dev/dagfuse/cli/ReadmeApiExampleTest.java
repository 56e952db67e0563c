package dev.dagfuse.cli;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's Java API snippet, kept compiling and true. */
class ReadmeApiExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeSnippetPlansTheVideoSample() {
        Inputs.Loaded in = Inputs.loadForModel(ValidateCommandTest.SAMPLES.resolve("video-analytics/workflow.yaml"), null);
        PlanEvaluator model = Models.monteCarlo(in.workflow(), in.profile(), ModelOptions.defaults());
        PlanResult result = Planners.byName("cp-sat").plan(in.workflow(), model, PlanRequest.of(new Objective.Latency(95, 3000)));
        assertThat(result).isInstanceOf(PlanResult.Planned.class);
        PlanResult.Planned planned = (PlanResult.Planned) result;
        ModelFiles.writePlan(planned.plan(), dir.resolve("plan.json"));
        assertThat(planned.evaluation().predicted().percentileMs(95)).isLessThanOrEqualTo(3000);
        assertThat(ModelFiles.readPlan(dir.resolve("plan.json"), in.workflow()).groups()).isEqualTo(planned.plan().groups());
    }
}
