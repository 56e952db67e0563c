// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.render;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.EvaluateService;
import dev.dagfuse.app.EvaluatedPlan;
import dev.dagfuse.app.ModelContext;
import dev.dagfuse.app.PlanService;
import dev.dagfuse.check.Fixtures;
import dev.dagfuse.check.Snapshot;
import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenderersTest {

    @ParameterizedTest
    @EnumSource(value = Format.class, names = {"CSV", "JUNIT", "HTML", "DOT", "MERMAID"})
    void aFormatAResultDoesNotHaveIsRefused(Format format) {
        assertThatThrownBy(() -> Renderers.plan(format)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The format (" + format.id() + ") is not one of a plan's.");
    }

    @Test
    void eachResultHasItsFormats() {
        for (Format f : List.of(Format.TEXT, Format.MARKDOWN, Format.JSON, Format.YAML)) {
            assertThat(Renderers.plan(f)).isNotNull();
            assertThat(Renderers.evaluation(f)).isNotNull();
            assertThat(Renderers.comparison(f)).isNotNull();
        }
        for (Format f : List.of(Format.TEXT, Format.JSON, Format.CSV)) {
            assertThat(Renderers.frontier(f)).isNotNull();
        }
        for (Format f : List.of(Format.TEXT, Format.MARKDOWN, Format.JSON, Format.JUNIT)) {
            assertThat(Renderers.check(f)).isNotNull();
        }
        assertThat(Renderers.graph(Format.DOT)).isNotNull();
        assertThat(Renderers.graph(Format.MERMAID)).isNotNull();
        assertThat(Renderers.run(Format.JSON)).isNotNull();
        assertThatThrownBy(() -> Renderers.check(Format.YAML)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Renderers.graph(Format.TEXT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWrittenBaselineIsDescribedInItsCostUnit() {
        Snapshot s = Fixtures.snapshot(Fixtures.fused());
        String usd = Renderers.baselineWritten().render(new CheckService.Written(Path.of("b.json"), s, CostUnit.USD,
                List.of()));
        assertThat(usd).isEqualTo("wrote b.json: plan of 3 groups (split 1024 MB, extract+classify 2048 MB, merge 512 MB), "
                + "P50 1.45s, P95 2.18s, $433.00 per 1M requests");
        String local = Renderers.baselineWritten().render(new CheckService.Written(Path.of("b.json"), s,
                CostUnit.CORE_SECONDS, List.of()));
        assertThat(local).endsWith(", P95 2.18s, 433.0 core-s per 1M requests");
    }

    @Test
    void aPlanWithoutANearestPlanRendersAsNothing() {
        Workflow w = ModelFiles.readWorkflow(Path.of("src/test/resources/video/workflow.yaml"));
        ModelContext context = new ModelContext(w, new Profile("synthetic", Map.of(), Map.of()), null,
                ModelOptions.defaults());
        PlanService.Infeasible none = new PlanService.Infeasible(context, w.objective(), "No plan exists.", null, null, null);
        for (Format f : List.of(Format.TEXT, Format.MARKDOWN, Format.JSON, Format.YAML)) {
            assertThat(Renderers.plan(f).render(none)).isEmpty();
        }
    }

    @Test
    void anEvaluationOnTheLocalPlatformIsInCoreSeconds() {
        Path dir = Path.of("src/test/resources/video");
        Workflow fixture = ModelFiles.readWorkflow(dir.resolve("workflow.yaml"));
        Workflow local = new Workflow(fixture.name(), fixture.description(), new Objective.Latency(95, 8000),
                LocalPlatform.of(2), fixture.functions(), null);
        Profile profile = ModelFiles.readProfile(dir.resolve("profile.yaml"), local);
        ModelOptions options = new ModelOptions(1_000, 1, ModelOptions.defaults().percentiles());
        Plan plan = ModelFiles.readPlan(dir.resolve("plan-fused.json"), local);
        Evaluation evaluation = Models.monteCarlo(local, profile, options).evaluate(plan);
        String text = Renderers.evaluation(Format.TEXT).render(new EvaluateService.Result(
                new ModelContext(local, profile, null, options), new EvaluatedPlan(plan, evaluation)));
        assertThat(text).startsWith("Plan for video on local (2 cores)\n").contains("core-s/req")
                .contains(" core-seconds per request").doesNotContain("$");
    }
}
