// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import dev.dagfuse.model.InputException;
import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.dagfuse.check.Fixtures.fused;
import static dev.dagfuse.check.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BaselineFilesTest {

    @TempDir
    Path dir;

    @Test
    void aSnapshotSurvivesWritingAndReading() {
        Snapshot s = snapshot(fused());
        for (String name : new String[] {"baseline.json", "baseline.yaml"}) {
            Path file = dir.resolve(name);
            BaselineFiles.write(s, file);
            assertThat(ModelFiles.kindOf(file)).isEqualTo(ModelFiles.Kind.Baseline);
            Snapshot read = BaselineFiles.read(file);
            assertThat(read).isEqualTo(s);
            assertThat(RegressionCheck.compare(read, s, Tolerances.DEFAULT).changedGroups()).isEmpty();
        }
    }

    @Test
    void aPlanFileWithPredictedNumbersIsABaseline() {
        Path file = dir.resolve("plan.json");
        ModelFiles.writePlan(snapshot(fused()).plan(), file);
        Snapshot read = BaselineFiles.read(file);
        assertThat(read.isPlanOnly()).isTrue();
        assertThat(read.groups()).isEmpty();
        assertThat(read.plan().groups()).hasSize(3);
        assertThat(read.predicted().latencyMs()).containsKeys(50.0, 95.0);
    }

    @Test
    void aPlanWithoutPredictedNumbersIsRejected() {
        Path file = dir.resolve("plan.json");
        ModelFiles.writePlan(snapshot(fused()).plan().withPredicted(null), file);
        assertThatThrownBy(() -> BaselineFiles.read(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("predicted: The plan has no predicted numbers");
    }

    @Test
    void aWorkflowIsNotABaseline() throws IOException {
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, "apiVersion: dagfuse/v1\nkind: Workflow\nname: w\nfunctions:\n  a: {}\n");
        assertThatThrownBy(() -> BaselineFiles.read(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("The kind (Workflow) is not a baseline");
    }

    @Test
    void badBaselinesNameEveryProblem() throws IOException {
        String good = BaselineFiles.toJson(snapshot(fused()));
        Path file = dir.resolve("bad.json");
        int last = good.lastIndexOf("\"id\" : \"merge\"");
        String bad = good.substring(0, last) + "\"id\" : \"mrge\"" + good.substring(last + "\"id\" : \"merge\"".length());
        Files.writeString(file, bad.replace("\"workflowHash\"", "\"workflowHsh\"")
                .replace("\"seed\" : 42", "\"seed\" : \"x\""));
        assertThatThrownBy(() -> BaselineFiles.read(file)).isInstanceOf(InputException.class)
                .satisfies(e -> assertThat(((InputException) e).errors()).extracting(err -> err.path())
                        .containsExactlyInAnyOrder("workflowHsh", "workflowHash", "model.seed", "groups[2].id"))
                .hasMessageContaining("The group (mrge) is not in the plan");
    }

    @Test
    void aBaselineNamingAnotherWorkflowThanItsPlanIsRejected() throws IOException {
        String good = BaselineFiles.toJson(snapshot(fused()));
        Path file = dir.resolve("bad.json");
        Files.writeString(file, good.replaceFirst("\"workflow\" : \"video-analytics\"", "\"workflow\" : \"other\""));
        assertThatThrownBy(() -> BaselineFiles.read(file)).hasMessageContaining(
                "plan.workflow: The plan is for workflow (video-analytics), the baseline for (other)");
    }
}
