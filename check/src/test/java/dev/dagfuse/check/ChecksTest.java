package dev.dagfuse.check;

import dev.dagfuse.model.InputException;
import dev.dagfuse.optimizer.ModelOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check against the real model, on the hand-written fixture in src/test/resources/video. */
class ChecksTest {

    static final Path DIR = Path.of("src/test/resources/video");
    static final Path WORKFLOW = DIR.resolve("workflow.yaml");
    static final Path FUSED = DIR.resolve("plan-fused.json");
    /** Fewer draws than the default keep the tests quick; the baseline records them and the check reuses them. */
    static final ModelOptions OPTIONS = new ModelOptions(2_000, 7, List.of(50.0, 95.0, 99.0));
    static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Path baseline(Path workflow, Path plan, String solver) {
        Checks.Current current = Checks.current(workflow, null, plan, solver, LIMIT, null, OPTIONS);
        Path file = tmp.resolve("baseline.json");
        BaselineFiles.write(current.snapshot(), file);
        return file;
    }

    private CheckResult check(Path workflow, Path profile, Path baseline, Path plan) {
        return Checks.check(new CheckRequest(workflow, profile, baseline, plan, Tolerances.DEFAULT, "cp-sat", LIMIT))
                .result();
    }

    @Test
    void anUnchangedWorkflowAndPlanPassWithIdenticalNumbers() {
        Path baseline = baseline(WORKFLOW, FUSED, "cp-sat");
        CheckResult r = check(WORKFLOW, null, baseline, FUSED);
        assertThat(r.passed()).isTrue();
        assertThat(r.totals()).allSatisfy(m -> assertThat(m.change()).isZero());
        assertThat(r.changedGroups()).isEmpty();
        assertThat(r.reasons()).isEmpty();
        assertThat(r.current().model()).isEqualTo(OPTIONS);
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
        assertThat(same.passed()).as(CheckFormat.text.render(same)).isTrue();
        assertThat(same.changedGroups()).isEmpty();

        CheckResult r = check(DIR.resolve("workflow-memory-forced-down.yaml"), null, baseline, null);
        assertThat(r.passed()).as(CheckFormat.text.render(r)).isFalse();
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
}
