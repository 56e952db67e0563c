// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import dev.dagfuse.aws.runtime.SamplePlans;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.ServiceTask;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AslImportTest {

    @TempDir
    Path tmp;

    /** Export a plan to ASL, import it back: the same functions, handlers, edges and fan-outs, whatever the plan. */
    @Test
    void anExportedPlanImportsBackToTheSameGraph() throws Exception {
        for (String sample : AslExportTest.SAMPLES) {
            Workflow w = AslExportTest.sample(sample);
            Plan fused = SamplePlans.fusedAndBundled(w, 2048);
            for (Plan plan : List.of(DeployTest.unfused(w, 1024), fused,
                    SamplePlans.withMaps(fused, MapForm.DISTRIBUTED_EXPRESS, Orchestration.STANDARD))) {
                assertSameGraph(w, roundTrip(w, plan));
            }
        }
        Workflow diamond = AslExportTest.diamond();
        assertSameGraph(diamond, roundTrip(diamond, SamplePlans.fusedAndBundled(diamond, 1024)));
    }

    /** The same with Parallel states: nested, around a Map and a chain, with barriers, wide. */
    @Test
    void anExportedPlanWithParallelBranchesImportsBackToTheSameGraph() throws Exception {
        for (Workflow w : List.of(AslExportTest.nested(), AslExportTest.notSeriesParallel(), AslExportTest.wide(12))) {
            Plan fused = SamplePlans.fusedAndBundled(w, 2048);
            for (Plan plan : List.of(DeployTest.unfused(w, 1024), fused,
                    SamplePlans.withMaps(fused, MapForm.DISTRIBUTED_EXPRESS, Orchestration.STANDARD))) {
                assertSameGraph(w, roundTrip(w, plan));
            }
        }
    }

    /** Partial reads (a window with bytes, a partition, all between equal fan-outs) survive the round trip. */
    @Test
    void readsImportBack() throws Exception {
        Workflow w = Workflow.of("reads", AwsLambdaPlatform.defaults(), List.of(
                fn("fan", 6, Map.of()),
                fn("pairs", 5, Map.of("fan", Reads.window(2, 1).withBytes(4_000L)), "fan"),
                fn("blocks", 2, Map.of("fan", Reads.partition()), "fan"),
                fn("shuffle", 2, Map.of("blocks", Reads.ALL), "blocks"),
                fn("join", 1, Map.of(), "pairs", "shuffle")));
        for (Plan plan : List.of(DeployTest.unfused(w, 1024), SamplePlans.fusedAndBundled(w, 2048))) {
            assertSameGraph(w, roundTrip(w, plan));
        }
    }

    private static FunctionSpec fn(String name, int fanOut, Map<String, Reads> reads, String... after) {
        return new FunctionSpec(name, "dev.example." + name, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null, reads);
    }

    private Workflow roundTrip(Workflow w, Plan plan) throws Exception {
        Path asl = tmp.resolve(w.name() + ".asl.json");
        Files.writeString(asl, AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn));
        Path out = tmp.resolve("imported-" + w.name() + ".yaml");
        AslImport.Imported imported = AslImport.write(asl, null, out);
        assertThat(imported.name()).isEqualTo(w.name());
        return ModelFiles.readWorkflow(out);
    }

    private static void assertSameGraph(Workflow expected, Workflow actual) {
        assertThat(actual.functions().keySet()).containsExactlyInAnyOrderElementsOf(expected.functions().keySet());
        for (FunctionSpec f : expected.functions().values()) {
            FunctionSpec g = actual.function(f.name());
            assertThat(g.after()).as(f.name()).containsExactlyElementsOf(f.after());
            assertThat(g.fanOut()).as(f.name()).isEqualTo(f.fanOut());
            assertThat(g.handler()).as(f.name()).isEqualTo(f.handler());
            assertThat(g.reads()).as(f.name()).isEqualTo(f.reads());
        }
        assertThat(actual.edges()).containsExactlyInAnyOrderElementsOf(expected.edges());
    }

    /** A hand-written definition: each construct, the notes it gets, memory and architecture from configurations. */
    @Test
    void aHandWrittenDefinitionBecomesAWorkflow() throws Exception {
        Path asl = tmp.resolve("orders.asl.json");
        Files.writeString(asl, """
                {
                  "StartAt": "Validate",
                  "States": {
                    "Validate": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:validate", "Next": "Route"},
                    "Route": {"Type": "Choice", "Choices": [{"Variable": "$.big", "BooleanEquals": true, "Next": "Split"}],
                              "Default": "Small"},
                    "Small": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                              "Parameters": {"FunctionName": "arn:aws:lambda:eu-west-1:111122223333:function:small:$LATEST", "Payload.$": "$"},
                              "Next": "Join"},
                    "Split": {"Type": "Parallel", "Next": "Join", "Branches": [
                      {"StartAt": "Resize", "States": {"Resize": {"Type": "Map", "ItemsPath": "$.images", "End": true,
                         "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "Thumb",
                           "States": {"Thumb": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:thumb", "End": true}}}}}},
                      {"StartAt": "Pause", "States": {"Pause": {"Type": "Wait", "Seconds": 2, "Next": "Scan"},
                         "Scan": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:listObjectsV2", "Parameters": {"Bucket": "b"}},
                           "ItemBatcher": {"MaxItemsPerBatch": 50}, "End": true,
                           "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Check",
                             "States": {"Check": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:check", "End": true}}}}}}
                    ]},
                    "Join": {"Type": "Pass", "Next": "Report"},
                    "Report": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:report", "End": true}
                  }
                }
                """);
        Path configs = Files.createDirectories(tmp.resolve("configs"));
        Files.writeString(configs.resolve("thumb.json"), "{\"FunctionName\": \"thumb\", \"MemorySize\": 2048, \"Architectures\": [\"arm64\"]}");
        Files.writeString(configs.resolve("report.json"), "{\"Configuration\": {\"FunctionName\": \"report\", \"MemorySize\": 512, \"Architectures\": [\"arm64\"]}}");
        Path out = tmp.resolve("orders.yaml");
        AslImport.Imported imported = AslImport.write(asl, configs, out);
        Workflow w = ModelFiles.readWorkflow(out);
        assertThat(w.name()).isEqualTo("orders");
        assertThat(w.functions().keySet()).containsExactlyInAnyOrder("Validate", "Small", "Thumb", "Pause", "Check",
                "Report");
        assertThat(w.function("Small").after()).containsExactly("Validate");
        assertThat(w.function("Thumb").after()).containsExactly("Validate");
        assertThat(w.function("Thumb").fanOut()).isEqualTo(AslImport.DEFAULT_FAN_OUT);
        assertThat(w.function("Thumb").memoryMB()).isEqualTo(2048);
        // the Wait of 2 s is a step of its own, the first of its branch
        assertThat(w.function("Pause").service()).isEqualTo(ServiceTask.waitFor(2000));
        assertThat(w.function("Pause").after()).containsExactly("Validate");
        assertThat(w.function("Check").after()).containsExactly("Pause");
        assertThat(w.function("Report").after()).containsExactlyInAnyOrder("Small", "Thumb", "Check");
        assertThat(w.function("Report").memoryMB()).isEqualTo(512);
        // the Choice's branches are its options: Split's first functions (in a Map, after a Wait) start one together
        assertThat(w.choices()).containsExactly(Map.entry("Route", List.of("Split", "Small")));
        assertThat(List.of("Thumb", "Pause")).allSatisfy(f -> assertThat(w.option(f)).isEqualTo("Split"));
        assertThat(w.option("Small")).isEqualTo("Small");
        assertThat(w.optionProbability("Route", "Split")).isEqualTo(0.5);
        assertThat(w.function("Check").when()).isNull();
        assertThat(w.function("Report").when()).isNull();
        assertThat(((AwsLambdaPlatform) w.platform()).architecture()).isEqualTo("arm64");
        assertThat(imported.notes()).contains("Choice (Route): each of its 2 branches taken by 0.5 of requests (assumed: "
                        + "edit functions.*.when.probability from your execution histories)",
                "Map (Scan): Distributed, its item count is known only when it runs; fanOut 10 assumed (edit functions.*.fanOut); "
                        + "its ItemBatcher (50 items per batch) is what dagfuse plans as a bundle, so it is not imported");
    }

    /** A Choice whose Default goes straight to where its branches meet: that branch runs no function (none). */
    @Test
    void aChoiceBranchThatSkipsToTheJoinIsTheRemainder() throws Exception {
        Path asl = tmp.resolve("skip.asl.json");
        Files.writeString(asl, """
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:a", "Next": "Maybe"},
                  "Maybe": {"Type": "Choice", "Choices": [{"Variable": "$.x", "BooleanEquals": true, "Next": "Extra"}],
                            "Default": "Last"},
                  "Extra": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:extra", "Next": "Last"},
                  "Last": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:last", "End": true}}}
                """);
        Path out = tmp.resolve("skip.yaml");
        AslImport.Imported imported = AslImport.write(asl, null, out);
        Workflow w = ModelFiles.readWorkflow(out);
        assertThat(w.choices()).containsExactly(Map.entry("Maybe", List.of("Extra")));
        assertThat(w.function("Last").when()).isNull();
        assertThat(w.function("Last").after()).containsExactlyInAnyOrder("A", "Extra");
        assertThat(imported.notes()).anySatisfy(n -> assertThat(n).contains("1 of them run no function of their own"));
    }

    /** A Task that calls another service (DynamoDB) is a service task whose latency and price are the user's to give. */
    @Test
    void aTaskThatIsNotALambdaFunctionIsAServiceTask() throws Exception {
        Path asl = tmp.resolve("save.asl.json");
        Files.writeString(asl, """
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:a", "Next": "Save"},
                  "Save": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "End": true}}}
                """);
        Path out = tmp.resolve("save.yaml");
        AslImport.Imported imported = AslImport.write(asl, null, out);
        Workflow w = ModelFiles.readWorkflow(out);
        assertThat(w.function("Save").service()).isEqualTo(new ServiceTask(Platform.Lognormal.constant(0), 0, false));
        assertThat(w.function("Save").after()).containsExactly("A");
        assertThat(imported.notes()).contains("Task (Save) calls (arn:aws:states:::dynamodb:putItem), not a Lambda "
                + "function: a service task whose latency and price per call are not in the definition, 0 assumed (edit "
                + "functions.Save.service)");
    }

    @Test
    void aLoopIsRefused() throws Exception {
        Path asl = tmp.resolve("loop.asl.json");
        Files.writeString(asl, """
                {"StartAt": "A", "States": {
                  "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:111122223333:function:a", "Next": "Again"},
                  "Again": {"Type": "Choice", "Choices": [{"Variable": "$.more", "BooleanEquals": true, "Next": "A"}], "Default": "Done"},
                  "Done": {"Type": "Succeed"}}}
                """);
        assertThatThrownBy(() -> AslImport.importAsl(asl, null))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is on a loop; dagfuse plans workflows without cycles (a DAG). Maybe unroll the loop.");
    }
}
