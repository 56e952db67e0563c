package dev.dagfuse.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.aws.internal.Layout;
import dev.dagfuse.aws.runtime.GroupRuntime;
import dev.dagfuse.aws.runtime.Payloads;
import dev.dagfuse.executor.LocalExecutor;
import dev.dagfuse.executor.RunOptions;
import dev.dagfuse.executor.RunReport;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.HandlerLoader;
import dev.dagfuse.model.handler.OutputSerialization;
import dev.dagfuse.model.handler.RequestInputs;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AslExportTest {

    static final List<String> SAMPLES = List.of("video-analytics", "ml-pipeline", "chatbot");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Workflow sample(String name) {
        return ModelFiles.readWorkflow(Path.of("..", "samples", name, "workflow.yaml"));
    }

    static String arn(String groupId) {
        return "arn:aws:lambda:us-east-1:123456789012:function:" + name(groupId);
    }

    static String name(String groupId) {
        return "fn-" + groupId.replace('+', '-');
    }

    /** Every sample under every Map form the plan format has, Standard and Express: asl-validator 4.0.0 accepts them. */
    @Test
    void everySamplesDefinitionIsValidAsl() throws Exception {
        NodeTools.assumeNode();
        List<Path> files = new ArrayList<>();
        for (String sample : SAMPLES) {
            Workflow w = sample(sample);
            Plan base = SamplePlans.fusedAndBundled(w, 2048);
            List<Plan> plans = List.of(
                    SamplePlans.withMaps(base, MapForm.INLINE, Orchestration.STANDARD),
                    SamplePlans.withMaps(base, MapForm.INLINE, Orchestration.EXPRESS),
                    SamplePlans.withMaps(base, MapForm.DISTRIBUTED_STANDARD, Orchestration.STANDARD),
                    SamplePlans.withMaps(base, MapForm.DISTRIBUTED_EXPRESS, Orchestration.STANDARD));
            for (int i = 0; i < plans.size(); i++) {
                Path f = tmp.resolve(sample + "-" + i + ".asl.json");
                Files.writeString(f, AwsExport.stateMachine(w, plans.get(i), ExportOptions.defaults(), AslExportTest::arn));
                files.add(f);
            }
            // the bare export with the account placeholder, as `export --format asl` writes it
            AwsExport.Exported e = AwsExport.export(null, w, base, ExportFormat.ASL, ExportOptions.defaults(), null);
            Path f = tmp.resolve(sample + "-export.asl.json");
            Files.write(f, e.files().get(0).content());
            files.add(f);
        }
        NodeTools.Result r = NodeTools.validateAsl(files);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("✓");
    }

    @Test
    void aFanOutGroupIsAPassThatListsItsBranchesAndAMapOfItsBundles() throws Exception {
        Workflow w = sample("video-analytics");
        Plan plan = SamplePlans.fusedAndBundled(w, 2048); // split | extract+classify, 3 invocations of 10 | merge
        JsonNode inline = JSON.readTree(AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn));
        JsonNode states = inline.get("States");
        assertThat(inline.get("StartAt").asText()).isEqualTo("split");
        assertThat(states.at("/split/Next").asText()).isEqualTo("extract+classify branches");
        assertThat(states.at("/extract+classify branches/Parameters/items.$").asText())
                .isEqualTo("States.ArrayPartition(States.ArrayRange(0, 29, 1), 10)");
        JsonNode map = states.get("extract+classify map");
        assertThat(map.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("INLINE");
        assertThat(map.at("/MaxConcurrency").asInt()).isEqualTo(3);
        assertThat(map.at("/ItemSelector/inputs/split.$").asText()).isEqualTo("$.results.g0");
        assertThat(map.at("/ItemSelector/dagfuse/functions/1/name").asText()).isEqualTo("classify");
        assertThat(states.at("/merge/Parameters/inputs/classify.$").asText()).isEqualTo("$.results.g1");
        assertThat(states.at("/merge/End").asBoolean()).isTrue();

        JsonNode task = map.at("/ItemProcessor/States/extract+classify");
        assertThat(task.at("/Resource").asText()).isEqualTo(arn("extract+classify"));
        assertThat(task.at("/Retry/0/ErrorEquals")).extracting(JsonNode::asText).containsExactly(
                "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException",
                "Lambda.TooManyRequestsException");
        assertThat(task.at("/Retry/0/BackoffRate").asDouble()).isEqualTo(2.0);
        for (String s : List.of("split", "extract+classify map", "merge")) {
            assertThat(states.at("/" + s + "/Catch/0/Next").asText()).isEqualTo("Failed");
        }
        assertThat(states.at("/Failed/ErrorPath").asText()).isEqualTo("$.error.Error");

        Plan distributed = SamplePlans.withMaps(plan, MapForm.DISTRIBUTED_EXPRESS, Orchestration.STANDARD);
        JsonNode d = JSON.readTree(AwsExport.stateMachine(w, distributed, ExportOptions.defaults(), AslExportTest::arn))
                .at("/States/extract+classify map");
        assertThat(d.at("/ItemProcessor/ProcessorConfig/Mode").asText()).isEqualTo("DISTRIBUTED");
        assertThat(d.at("/ItemProcessor/ProcessorConfig/ExecutionType").asText()).isEqualTo("EXPRESS");
        assertThat(d.at("/ItemBatcher/MaxItemsPerBatch").asInt()).isEqualTo(10);
        assertThat(d.at("/ItemBatcher/BatchInput/inputs/split.$").asText()).isEqualTo("$.results.g0");
        assertThat(d.at("/MaxConcurrency").asInt()).isEqualTo(3);
    }

    @Test
    void aDistributedMapUnderAnExpressWorkflowIsRefused() {
        Workflow w = sample("chatbot");
        Plan plan = SamplePlans.withMaps(SamplePlans.fusedAndBundled(w, 2048), MapForm.DISTRIBUTED_STANDARD,
                Orchestration.EXPRESS);
        assertThatThrownBy(() -> AwsExport.stateMachine(w, plan, ExportOptions.defaults().withPlanLabel("chat.json"),
                AslExportTest::arn))
                .isInstanceOf(InputException.class)
                .hasMessage("chat.json: groups[1].map: The plan (chat.json) runs a Distributed Map (distributed-standard) "
                        + "for the group (train) under an Express workflow; Step Functions runs Distributed Map states "
                        + "only in Standard workflows. Maybe orchestration: standard, or map: inline for this group.");
    }

    /** A join of two branches: both run before it, whatever the plan's order, and it reads both results. */
    @Test
    void aJoinRunsAfterEveryPredecessorAndReadsEachOnesResult() throws Exception {
        Workflow w = diamond();
        Plan plan = new Plan("diamond", null, List.of(PlanGroup.of(List.of("a"), 1024, 1, 1),
                PlanGroup.of(List.of("c"), 1024, 2, 1), PlanGroup.of(List.of("b"), 1024, 1, 1),
                PlanGroup.of(List.of("d"), 1024, 1, 1)), null, null);
        JsonNode states = JSON.readTree(AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn))
                .get("States");
        assertThat(states.at("/a/Next").asText()).isEqualTo("c branches");
        assertThat(states.at("/c map/Next").asText()).isEqualTo("b");
        assertThat(states.at("/b/Next").asText()).isEqualTo("d");
        assertThat(states.at("/d/Parameters/inputs/b.$").asText()).isEqualTo("$.results.g2");
        assertThat(states.at("/d/Parameters/inputs/c.$").asText()).isEqualTo("$.results.g1");
    }

    /**
     * Each sample's exported state machine, run by aws-local-stepfunctions 3.0.0 with its Lambda Tasks sent to the
     * fake's invoke endpoint (the runtime behind it, values over the plan's inline limit through the store), ends
     * with the local executor's output, byte for byte. Inline Maps only: the interpreter ignores ItemBatcher
     * (the batch shape is tested on the runtime directly).
     */
    @Test
    void theSamplesStateMachinesRunLocallyToTheLocalExecutorsOutput() throws Exception {
        NodeTools.assumeNode();
        for (String sample : SAMPLES) {
            Workflow w = sample(sample);
            Plan plan = SamplePlans.fusedAndBundled(w, 3538);
            Map<String, Handler> handlers = HandlerLoader.resolve(w, Map.of(), getClass().getClassLoader());
            Object request = RequestInputs.defaultInput(w, handlers::get, 0);
            Object expected = localOutput(w, plan, sample);

            MemoryStore store = new MemoryStore();
            Layout layout = Layout.of(w, plan, ExportOptions.defaults());
            try (FakeAws aws = new FakeAws()) {
                for (PlanGroup g : plan.groups()) {
                    aws.runtimes.put(name(g.id()), new GroupRuntime(w, g, handlers, store, layout.keyPrefix(),
                            layout.inlineLimitBytes(), AwsLambdaPlatform.defaults().coresHeld(g.memoryMB()),
                            getClass().getClassLoader()));
                }
                JsonNode result = runLocally(aws, AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn),
                        Payloads.executionInput("exec-" + sample, request, store, layout.keyPrefix(), layout.inlineLimitBytes()),
                        "exec-" + sample);
                assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
                Object remote = Payloads.outputs(result.get("output").toString(), "g" + (plan.groups().size() - 1), store,
                        getClass().getClassLoader()).get(0);
                assertThat(OutputSerialization.serialize(remote)).as(sample).isEqualTo(OutputSerialization.serialize(expected));
                assertThat(aws.invocations.get()).isEqualTo(plan.groups().stream().mapToInt(PlanGroup::invocations).sum());
            }
        }
    }

    /** A group that fails after its retries ends the execution in the Fail state, which keeps the runtime's error. */
    @Test
    void aFailingGroupEndsTheExecutionWithItsError() throws Exception {
        NodeTools.assumeNode();
        Workflow w = diamond();
        Map<String, Handler> handlers = new HashMap<>(diamondHandlers());
        handlers.put("c", inv -> {
            if (inv.branch() == 1) {
                throw new IllegalStateException("no frames in chunk");
            }
            return "c" + inv.branch();
        });
        Plan plan = SamplePlans.fusedAndBundled(w, 1024);
        MemoryStore store = new MemoryStore();
        try (FakeAws aws = new FakeAws()) {
            for (PlanGroup g : plan.groups()) {
                aws.runtimes.put(name(g.id()), new GroupRuntime(w, g, handlers, store, "p", 4096, 1, null));
            }
            JsonNode result = runLocally(aws, AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn),
                    Payloads.executionInput("e", "x", store, "p", 4096), "e");
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("FAILED");
            assertThat(result.path("error").asText()).isEqualTo("dev.dagfuse.aws.runtime.InvocationFailedException");
            // the interpreter's cause is "TYPE: MESSAGE" (Lambda's is the error JSON): either way it holds the message
            assertThat(result.path("cause").asText()).contains("The group (c) failed: function (c) branch 1 failed "
                    + "after 1 attempt: IllegalStateException: no frames in chunk");
        }
    }

    /** The diamond with its handlers runs locally too: the join gets both branches' outputs. */
    @Test
    void aJoinRunsLocally() throws Exception {
        NodeTools.assumeNode();
        Workflow w = diamond();
        Plan plan = SamplePlans.fusedAndBundled(w, 1024);
        MemoryStore store = new MemoryStore();
        try (FakeAws aws = new FakeAws()) {
            for (PlanGroup g : plan.groups()) {
                aws.runtimes.put(name(g.id()), new GroupRuntime(w, g, diamondHandlers(), store, "p", 4096, 1, null));
            }
            JsonNode result = runLocally(aws, AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn),
                    Payloads.executionInput("e", "x", store, "p", 4096), "e");
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
            int d = Layout.of(w, plan, ExportOptions.defaults()).groupEndingWith("d").index();
            assertThat(Payloads.outputs(result.get("output").toString(), "g" + d, store, null))
                    .containsEntry(0, "d(b(a(x)),[c0(a(x)), c1(a(x))])");
        }
    }

    static Workflow diamond() {
        return Workflow.of("diamond", AwsLambdaPlatform.defaults(), List.of(fn("a", 1), fn("b", 1, "a"), fn("c", 2, "a"),
                fn("d", 1, "b", "c")));
    }

    static Map<String, Handler> diamondHandlers() {
        return Map.of("a", inv -> "a(" + inv.requestInput() + ")", "b", inv -> "b(" + inv.input("a") + ")",
                "c", inv -> "c" + inv.branch() + "(" + inv.input("a") + ")",
                "d", inv -> "d(" + inv.input("b") + "," + inv.inputs("c") + ")");
    }

    static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, new Retry(1, 0),
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }

    /** Runs a definition with aws-local-stepfunctions, its Lambda calls going to the fake. */
    static JsonNode runLocally(FakeAws aws, String definition, String input, String execution) throws Exception {
        Path dir = Files.createTempDirectory("dagfuse-sfn");
        Path def = dir.resolve("definition.json");
        Path in = dir.resolve("input.json");
        Files.writeString(def, definition, StandardCharsets.UTF_8);
        Files.writeString(in, input, StandardCharsets.UTF_8);
        NodeTools.Result r = NodeTools.node(List.of("run-state-machine.mjs", def.toString(), in.toString(), execution),
                Map.of("AWS_ENDPOINT_URL_LAMBDA", aws.endpoint().toString(), "AWS_REGION", "us-east-1",
                        "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                        "NODE_OPTIONS", "--require " + NodeTools.DIR.resolve("polyfill.cjs")), 300);
        assertThat(r.exit()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    /** The exit function's output of one local-executor request (request 0, the same default input). */
    static Object localOutput(Workflow w, Plan plan, String label) throws Exception {
        Path dir = Files.createTempDirectory("dagfuse-local-" + label);
        RunReport report = new LocalExecutor().run(w, plan, RunOptions.of(1, dir).withWarmup(0).withKeepOutputs(true).withCores(2));
        assertThat(report.requests()).allMatch(r -> r.status() == RunReport.RequestStatus.OK);
        String exit = w.exits().get(0);
        try (Stream<Path> files = Files.walk(dir)) {
            Path p = files.filter(f -> f.endsWith(Path.of("r000000", exit, "0"))).findFirst().orElseThrow();
            return OutputSerialization.deserialize(Files.readAllBytes(p), AslExportTest.class.getClassLoader());
        }
    }
}
