// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.io;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class PlanFilesTest {

    @TempDir
    Path dir;
    Workflow workflow;

    @BeforeEach
    void readWorkflow() throws IOException {
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, WorkflowReadingTest.VIDEO);
        workflow = ModelFiles.readWorkflow(file);
    }

    private static Plan plan(PlanGroup... groups) {
        return new Plan("video-analytics", new Objective.Latency(95, 3000), List.of(groups),
                new Predicted(Map.of(50.0, 1200.0, 95.0, 2500.5, 99.0, 2900.0), 0.00012),
                new SolverInfo("cp-sat", "OPTIMAL", 12, 2, 0));
    }

    private static Plan fused() {
        return plan(PlanGroup.of(List.of("split"), 1024, 1, 1),
                PlanGroup.of(List.of("extract", "classify"), 3538, 30, 3),
                PlanGroup.of(List.of("merge"), 512, 1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan.json", "plan.yaml"})
    void roundTrips(String name) {
        Path file = dir.resolve(name);
        ModelFiles.writePlan(fused(), file);
        Plan back = ModelFiles.readPlan(file, workflow);
        assertThat(back).isEqualTo(fused());
        assertThat(back.groups().get(1).invocations()).isEqualTo(10);
        assertThat(back.groups().get(1).id()).isEqualTo("extract+classify");
    }

    @Test
    void jsonHasTheDocumentedKeys() throws IOException {
        Path file = dir.resolve("plan.json");
        ModelFiles.writePlan(fused(), file);
        String json = Files.readString(file);
        assertThat(json).contains("\"apiVersion\" : \"dagfuse/v1\"", "\"kind\" : \"Plan\"", "\"targetMs\" : 3000.0",
                "\"p95Ms\" : 2500.5", "\"p50Ms\"", "\"p99Ms\"", "\"meanCostUsd\"", "\"costPerMillionUsd\" : 120.0",
                "\"bundleSize\" : 3", "\"invocations\" : 10", "\"status\" : \"OPTIMAL\"");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain(".plan.json.tmp")
                    .noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan.json", "plan.yaml"})
    void orchestrationArchitectureAndMapFormRoundTrip(String name) {
        Plan p = fused().withOrchestration(Orchestration.STANDARD);
        p = new Plan(p.workflow(), p.objective(), List.of(p.groups().get(0).deployedAs(Architecture.ARM64, null),
                p.groups().get(1).deployedAs(Architecture.X86_64, MapForm.DISTRIBUTED_EXPRESS), p.groups().get(2)),
                p.predicted(), p.solver(), p.orchestration());
        Path file = dir.resolve(name);
        ModelFiles.writePlan(p, file);
        assertThat(ModelFiles.readPlan(file, workflow)).isEqualTo(p);
        // a plan without them (the platform's defaults) writes none of the keys
        assertThat(ModelFiles.planToJson(fused())).doesNotContain("orchestration", "architecture", "\"map\"");
    }

    @Test
    void unknownDeploymentValuesAreNamedWithTheirPath() throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                apiVersion: dagfuse/v1
                kind: Plan
                workflow: video-analytics
                orchestration: fast
                groups:
                  - { functions: [split], memoryMB: 1024, architecture: sparc, map: inline }
                  - { functions: [extract, classify], memoryMB: 2048, fanOut: 30, bundleSize: 3, map: scatter }
                  - { functions: [merge], memoryMB: 512 }
                """);
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readPlan(file, workflow));
        assertThat(e.errors()).extracting(InputError::path).containsExactlyInAnyOrder("orchestration",
                "groups[0].architecture", "groups[0].map", "groups[1].map");
        assertThat(e.getMessage()).contains("(fast)", "standard, express", "(sparc)", "x86_64, arm64", "no fan-out",
                "(scatter)", "distributed-standard");
    }

    @Test
    void budgetObjectiveIsWrittenAsBudgetUsd() {
        Plan p = new Plan("video-analytics", new Objective.Budget(0.00025, 95), fused().groups(), null, SolverInfo.manual());
        assertThat(ModelFiles.planToJson(p)).contains("\"budgetUsd\" : 2.5E-4").doesNotContain("targetMs");
    }

    @Test
    void aHandWrittenPlanIsValidated() throws IOException {
        Path file = dir.resolve("bad-plan.yaml");
        Files.writeString(file, """
                apiVersion: dagfuse/v1
                kind: Plan
                workflow: video-analytics
                groups:
                  - { functions: [split, extract], memoryMB: 1024, fanOut: 1 }
                  - { functions: [classify], memoryMB: 20000, fanOut: 30, bundleSize: 31 }
                  - { functions: [extract], memoryMB: 1024, fanOut: 30 }
                """);
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readPlan(file, workflow));
        assertThat(e.errors()).extracting(InputError::path).contains("groups[1].bundleSize");
        Files.writeString(file, """
                apiVersion: dagfuse/v1
                kind: Plan
                workflow: video-analytics
                groups:
                  - { functions: [split, extract], memoryMB: 1024, fanOut: 1 }
                  - { functions: [classify], memoryMB: 20000, fanOut: 30, bundleSize: 3 }
                  - { functions: [extract], memoryMB: 1024, fanOut: 30 }
                """);
        e = catchThrowableOfType(InputException.class, () -> ModelFiles.readPlan(file, workflow));
        assertThat(e.errors()).extracting(InputError::toString).anySatisfy(s -> assertThat(s)
                        .contains("groups[0].functions").contains("not a fusible chain"))
                .anySatisfy(s -> assertThat(s).contains("groups[0].fanOut").contains("differs"))
                .anySatisfy(s -> assertThat(s).contains("groups[1].memoryMB").contains("(20000 MB)"))
                .anySatisfy(s -> assertThat(s).contains("(extract) is in group (split+extract) and in group (extract)"))
                .anySatisfy(s -> assertThat(s).contains("(merge) is in no group"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan.json", "plan.yaml"})
    void theModelSettingsOfThePredictedNumbersRoundTrip(String name) {
        Path file = dir.resolve(name);
        Plan plan = fused().withPredicted(new Predicted(Map.of(95.0, 2500.5), 0.00012, new Predicted.Model(3000, 7, "2")));
        ModelFiles.writePlan(plan, file);
        Plan back = ModelFiles.readPlan(file, workflow);
        assertThat(back.predicted().model()).isEqualTo(new Predicted.Model(3000, 7, "2"));
        assertThat(back).isEqualTo(plan);
    }

    @Test
    void aModelBlockNeedsSamplesAndPredictedNumbers() throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, """
                apiVersion: dagfuse/v1
                kind: Plan
                workflow: video-analytics
                groups: [{ functions: [split], memoryMB: 1024 }]
                predicted: { p95Ms: 900, meanCostUsd: 0.0001 }
                model: { samples: 0, seed: 42, version: "2" }
                """);
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readPlan(file, null));
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.path()).isEqualTo("model.samples");
            assertThat(err.toString()).contains("(0)").contains("within 1..1000000");
        });
        Files.writeString(file, """
                apiVersion: dagfuse/v1
                kind: Plan
                workflow: video-analytics
                groups: [{ functions: [split], memoryMB: 1024 }]
                model: { samples: 10000, seed: 42 }
                """);
        e = catchThrowableOfType(InputException.class, () -> ModelFiles.readPlan(file, null));
        assertThat(e.errors()).singleElement().extracting(InputError::path).isEqualTo("model");
    }

    @Test
    void invocationsMustMatchTheBundle() throws IOException {
        Path file = dir.resolve("p.json");
        Files.writeString(file, """
                {"apiVersion": "dagfuse/v1", "kind": "Plan", "workflow": "video-analytics",
                 "groups": [{"functions": ["split"], "memoryMB": 1024, "fanOut": 1, "bundleSize": 1, "invocations": 2}]}
                """);
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readPlan(file, null));
        assertThat(e.errors()).singleElement().extracting(InputError::path).isEqualTo("groups[0].invocations");
    }

    @Test
    void numberLikeStringsSurviveAYamlRoundTrip() {
        Path file = dir.resolve("profile.yaml");
        var profile = new dev.dagfuse.model.Profile("local-jvm", Map.of("localInvokeOverheadMs", "0.0090", "cores", "2"), Map.of());
        ModelFiles.writeProfile(profile, file);
        assertThat(ModelFiles.readProfile(file, null).machine()).isEqualTo(profile.machine());
    }
}
