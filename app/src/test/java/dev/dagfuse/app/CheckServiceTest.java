// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.app.render.Format;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.check.BaselineFiles;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.GroupChange;
import dev.dagfuse.check.MetricCheck;
import dev.dagfuse.check.ModelVersion;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.InputException;
import dev.dagfuse.optimizer.ModelOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check service against the real model, on the hand-written fixture in src/test/resources/video. */
class CheckServiceTest {

    static final Path DIR = Fixture.DIR;
    static final Path WORKFLOW = Fixture.WORKFLOW;
    static final Path FUSED = Fixture.FUSED;
    /** Fewer draws than the default keep the tests quick; the baseline records them and the check reuses them. */
    static final Draws DRAWS = Fixture.DRAWS;
    static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Path baseline(Path workflow, Path plan, String solver) {
        Path file = tmp.resolve("baseline.json");
        CheckService.Result written = Services.check().check(new CheckService.Request(workflow, null, null, plan,
                Tolerances.DEFAULT, Search.of(solver, LIMIT), DRAWS, file));
        assertThat(written).isInstanceOfSatisfying(CheckService.Written.class, w -> {
            assertThat(w.file()).isEqualTo(file);
            assertThat(w.costUnit()).isEqualTo(CostUnit.USD);
            assertThat(BaselineFiles.read(file).plan().groups()).isEqualTo(w.snapshot().plan().groups());
        });
        return file;
    }

    private CheckResult check(Path workflow, Path profile, Path baseline, Path plan) {
        CheckService.Result result = Services.check().check(new CheckService.Request(workflow, profile, baseline, plan,
                Tolerances.DEFAULT, Search.of("cp-sat", LIMIT), Draws.RECORDED_OR_DEFAULT, null));
        assertThat(result).isInstanceOf(CheckService.Checked.class);
        return ((CheckService.Checked) result).result();
    }

    @Test
    void anUnchangedWorkflowAndPlanPassWithIdenticalNumbers() {
        Path baseline = baseline(WORKFLOW, FUSED, "cp-sat");
        CheckResult r = check(WORKFLOW, null, baseline, FUSED);
        assertThat(r.passed()).isTrue();
        assertThat(r.totals()).allSatisfy(m -> assertThat(m.change()).isZero());
        assertThat(r.changedGroups()).isEmpty();
        assertThat(r.reasons()).isEmpty();
        assertThat(r.current().model()).isEqualTo(new ModelOptions(2_000, 7, ModelOptions.defaults().percentiles()));
        assertThat(r.current().modelVersion()).isEqualTo(ModelVersion.current());
    }

    @Test
    void removingTheFusionFailsNamingTheGroup() {
        Path baseline = baseline(WORKFLOW, FUSED, "cp-sat");
        CheckResult r = check(WORKFLOW, null, baseline, DIR.resolve("plan-no-fusion.json"));
        assertThat(r.passed()).isFalse();
        assertThat(r.blamedGroups()).extracting(GroupChange::label).containsExactly("extract+classify → extract, classify");
        assertThat(r.blamedGroups().get(0).configChanges()).first().asString().startsWith("fusion removed");
        // extract's 1 MB output now goes through S3 and each branch pays a second invocation: dearer and slower
        assertThat(r.totals().get(0).regressed()).isTrue();
        assertThat(r.reasons()).singleElement().asString().contains("the plan's changes explain the regression");
    }

    @Test
    void lessMemoryInThePlanFailsNamingTheGroup() {
        Path baseline = baseline(WORKFLOW, FUSED, "cp-sat");
        CheckResult r = check(WORKFLOW, null, baseline, DIR.resolve("plan-less-memory.json"));
        assertThat(r.passed()).isFalse();
        assertThat(r.regressions()).extracting(MetricCheck::key).contains("p95Ms");
        assertThat(r.blamedGroups()).singleElement().satisfies(g -> {
            assertThat(g.label()).isEqualTo("extract+classify");
            assertThat(g.configChanges()).containsExactly("memory 2048 → 512 MB");
        });
    }

    @Test
    void aSlowerProfileIsNamedAsTheReason() {
        Path baseline = baseline(WORKFLOW, FUSED, "cp-sat");
        CheckResult r = check(WORKFLOW, DIR.resolve("profile-slower.yaml"), baseline, FUSED);
        assertThat(r.passed()).isFalse();
        assertThat(r.blamedGroups()).extracting(GroupChange::label).containsExactly("extract+classify");
        assertThat(r.reasons()).singleElement().asString().startsWith("The profile changed since the baseline")
                .endsWith("the regression comes from the new measurements.");
    }

    /** The planner's path: the workflow re-planned with its memory forced down to 512 MB is slower; named. */
    @Test
    void replanningAfterMemoryIsForcedDownFailsNamingTheGroup() {
        Path baseline = baseline(WORKFLOW, null, "cp-sat");
        CheckResult same = check(WORKFLOW, null, baseline, null);
        assertThat(same.passed()).as(Renderers.check(Format.TEXT).render(same)).isTrue();
        assertThat(same.changedGroups()).isEmpty();

        CheckResult r = check(DIR.resolve("workflow-memory-forced-down.yaml"), null, baseline, null);
        assertThat(r.passed()).as(Renderers.check(Format.TEXT).render(r)).isFalse();
        assertThat(r.blamedGroups()).isNotEmpty();
        assertThat(r.blamedGroups()).anySatisfy(g -> assertThat(String.join(";", g.configChanges()))
                .contains("→ 512 MB"));
        assertThat(r.reasons()).anySatisfy(reason -> assertThat(reason).startsWith("The workflow changed"));
        // at 512 MB the 2.5 s target is out of reach: that alone fails the check, and the fastest plan is compared
        assertThat(r.failures()).singleElement().asString().startsWith("The objective P95 ≤ 2.50s can no longer be met (");
        assertThat(r.notes()).singleElement().asString().startsWith("The objective cannot be met: compared is the plan "
                + "nearest to it");
    }

    @Test
    void aBaselineOfAnotherWorkflowIsBadInput() throws Exception {
        Path baseline = baseline(WORKFLOW, FUSED, "cp-sat");
        Path other = tmp.resolve("other.yaml");
        Files.writeString(other, Files.readString(WORKFLOW).replace("name: video", "name: other"));
        Files.copy(DIR.resolve("profile.yaml"), tmp.resolve("profile.yaml"));
        assertThatThrownBy(() -> check(other, null, baseline, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("workflow: The baseline is for workflow (video), not for (other)");
    }

    @Test
    void aCheckCanWriteTheNumbersNowAsTheNextBaseline() {
        Path baseline = baseline(WORKFLOW, FUSED, "cp-sat");
        Path next = tmp.resolve("next.json");
        CheckService.Result result = Services.check().check(new CheckService.Request(WORKFLOW, null, baseline,
                DIR.resolve("plan-no-fusion.json"), Tolerances.DEFAULT, Search.of("cp-sat", LIMIT),
                Draws.RECORDED_OR_DEFAULT, next));
        assertThat(result).isInstanceOfSatisfying(CheckService.Checked.class, checked -> {
            assertThat(checked.result().passed()).isFalse();
            assertThat(checked.written().file()).isEqualTo(next);
            assertThat(checked.written().snapshot()).isEqualTo(checked.result().current());
        });
        // drawn as the baseline was
        assertThat(BaselineFiles.read(next).model().samples()).isEqualTo(2_000);
    }

    @Test
    void noPlanAtAllFailsWithoutNumbers() throws Exception {
        Path workflow = Fixture.noPlan(tmp);
        CheckService.Result result = Services.check().check(new CheckService.Request(workflow, null, null, null,
                Tolerances.DEFAULT, Search.of("cp-sat", LIMIT), DRAWS, tmp.resolve("b.json")));
        assertThat(result).isInstanceOfSatisfying(CheckService.NoPlan.class, noPlan -> assertThat(noPlan.message())
                .startsWith("The objective P95 ≤ 2.50s can no longer be met (No plan exists: "));
        assertThat(tmp.resolve("b.json")).doesNotExist();
    }

    @Test
    void aLocalWorkflowsBaselineIsInCoreSeconds() throws Exception {
        Path file = tmp.resolve("local.json");
        CheckService.Result result = Services.check().check(new CheckService.Request(Fixture.local(tmp), null, null, null,
                Tolerances.DEFAULT, Search.of("cp-sat", LIMIT), DRAWS, file));
        assertThat(result).isInstanceOfSatisfying(CheckService.Written.class, written -> {
            assertThat(written.costUnit()).isEqualTo(CostUnit.CORE_SECONDS);
            assertThat(Renderers.baselineWritten().render(written)).startsWith("wrote " + file + ": plan of ")
                    .endsWith(" core-s per 1M requests").doesNotContain("$");
        });
    }
}
