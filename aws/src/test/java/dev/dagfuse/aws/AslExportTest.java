// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.aws.internal.Asl;
import dev.dagfuse.aws.internal.Layout;
import dev.dagfuse.aws.runtime.GroupRuntime;
import dev.dagfuse.aws.runtime.MemoryStore;
import dev.dagfuse.aws.runtime.Payloads;
import dev.dagfuse.aws.runtime.SamplePlans;
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
import static org.assertj.core.api.Assertions.tuple;

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

    /**
     * A diamond's branches are one Parallel state, whatever the plan's order: each branch reads what precedes it, fails
     * into its own Fail state, and the Parallel's ResultSelector makes one state of the branches' outputs again.
     */
    @Test
    void aDiamondsBranchesAreAParallelStateWhoseOutputIsOneStateAgain() throws Exception {
        Workflow w = diamond();
        Plan plan = new Plan("diamond", null, List.of(PlanGroup.of(List.of("a"), 1024, 1, 1),
                PlanGroup.of(List.of("c"), 1024, 2, 1), PlanGroup.of(List.of("b"), 1024, 1, 1),
                PlanGroup.of(List.of("d"), 1024, 1, 1)), null, null);
        JsonNode states = JSON.readTree(AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn))
                .get("States");
        assertThat(states.at("/a/Next").asText()).isEqualTo("Parallel b | c");
        JsonNode parallel = states.get("Parallel b | c");
        assertThat(parallel.get("Type").asText()).isEqualTo("Parallel");
        assertThat(parallel.get("Next").asText()).isEqualTo("d");
        assertThat(parallel.at("/Branches/0/StartAt").asText()).isEqualTo("b");
        assertThat(parallel.at("/Branches/1/StartAt").asText()).isEqualTo("c branches");
        assertThat(parallel.at("/Branches/1/States/c branches/Next").asText()).isEqualTo("c map");
        assertThat(parallel.at("/Branches/0/States/b/Parameters/inputs/a.$").asText()).isEqualTo("$.results.g0");
        assertThat(parallel.at("/Branches/1/States/c map/ItemSelector/inputs/a.$").asText()).isEqualTo("$.results.g0");
        assertThat(parallel.at("/Branches/0/States/b/End").asBoolean()).isTrue();
        assertThat(parallel.at("/Branches/0/States/b/Catch/0/Next").asText()).isEqualTo("Failed (Parallel b | c, branch 1)");
        assertThat(parallel.at("/Branches/1/States/c map/Catch/0/Next").asText())
                .isEqualTo("Failed (Parallel b | c, branch 2)");
        assertThat(parallel.at("/Branches/1/States/Failed (Parallel b | c, branch 2)/ErrorPath").asText())
                .isEqualTo("$.error.Error");
        assertThat(parallel.at("/Catch/0/Next").asText()).isEqualTo(Asl.FAIL_STATE);
        assertThat(parallel.at("/Catch/0/ResultPath").asText()).isEqualTo("$.error");
        JsonNode selector = parallel.get("ResultSelector");
        assertThat(selector.get("request.$").asText()).isEqualTo("$[0].request");
        assertThat(selector.get("results").properties()).extracting(Map.Entry::getKey, e -> e.getValue().asText())
                .containsExactly(tuple("g0.$", "$[0].results.g0"), tuple("g2.$", "$[0].results.g2"),
                        tuple("g1.$", "$[1].results.g1"));
        assertThat(states.at("/d/Parameters/inputs/b.$").asText()).isEqualTo("$.results.g2");
        assertThat(states.at("/d/Parameters/inputs/c.$").asText()).isEqualTo("$.results.g1");
        assertThat(states.at("/d/End").asBoolean()).isTrue();
    }

    /**
     * Parallel states of every shape (a diamond, nested Parallels with a fan-out and a chain in branches, a DAG that is
     * not series-parallel, twelve branches, names past Step Functions' 80 characters), unfused and fused, under every
     * Map form and both workflow types: asl-validator accepts them, and every state name is unique and short enough.
     */
    @Test
    void parallelStatesOfEveryShapeAreValidAsl() throws Exception {
        NodeTools.assumeNode();
        List<Path> files = new ArrayList<>();
        for (Workflow w : List.of(diamond(), nested(), notSeriesParallel(), wide(12), longNames())) {
            Plan fused = SamplePlans.fusedAndBundled(w, 2048);
            List<Plan> plans = List.of(DeployTest.unfused(w, 1024), fused,
                    SamplePlans.withMaps(fused, MapForm.INLINE, Orchestration.EXPRESS),
                    SamplePlans.withMaps(fused, MapForm.DISTRIBUTED_STANDARD, Orchestration.STANDARD),
                    SamplePlans.withMaps(fused, MapForm.DISTRIBUTED_EXPRESS, Orchestration.STANDARD));
            for (int i = 0; i < plans.size(); i++) {
                String definition = AwsExport.stateMachine(w, plans.get(i), ExportOptions.defaults(), AslExportTest::arn);
                List<String> names = new ArrayList<>();
                stateNames(JSON.readTree(definition), names);
                assertThat(names).as(w.name()).doesNotHaveDuplicates().allMatch(n -> n.length() <= 80);
                Path f = tmp.resolve(w.name() + "-" + i + ".asl.json");
                Files.writeString(f, definition);
                files.add(f);
            }
        }
        assertThat(JSON.readTree(Files.readString(files.get(10))).get("Comment").asText())
                .as("the export says so when the DAG needs barriers").contains("not series-parallel");
        NodeTools.Result r = NodeTools.validateAsl(files);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    private static void stateNames(JsonNode machine, List<String> out) {
        machine.path("States").properties().forEach(e -> {
            out.add(e.getKey());
            e.getValue().path("Branches").forEach(b -> stateNames(b, out));
            stateNames(e.getValue().path("ItemProcessor"), out);
        });
    }

    /**
     * The nested workflow run by aws-local-stepfunctions: the join's Task gets every branch's result, the branches'
     * Tasks run inside their Parallel states (the interpreter's event log), and the branches' invocations overlap in
     * time (the fake Lambda's clock).
     */
    @Test
    void parallelBranchesRunAtOnceAndTheJoinGetsEveryResult() throws Exception {
        NodeTools.assumeNode();
        Workflow w = nested();
        Plan plan = SamplePlans.fusedAndBundled(w, 1024);
        MemoryStore store = new MemoryStore();
        Map<String, long[]> spans = new java.util.concurrent.ConcurrentHashMap<>();
        try (FakeAws aws = new FakeAws() {
            @Override
            void invoked(String function, byte[] payload, long startMs, long endMs, boolean ok) {
                spans.merge(function, new long[] {startMs, endMs},
                        (x, y) -> new long[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])});
            }
        }) {
            JsonNode result = runWithRuntimes(aws, w, plan, nestedHandlers(), store);
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
            int join = Layout.of(w, plan, ExportOptions.defaults()).groupEndingWith("join").index();
            assertThat(Payloads.outputs(result.get("output").toString(), "g" + join, store, null)).containsEntry(0,
                    "join(a2(a(s(x))),bz(bx(b(s(x))),by(b(s(x)))),[c0(s(x)), c1(s(x))])");

            // the interpreter's log: each branch's Tasks between its Parallel's entry and exit
            List<JsonNode> events = new ArrayList<>();
            result.get("events").forEach(events::add);
            String outer = "Parallel a | b | c";
            String inner = "Parallel bx | by";
            assertThat(events.stream().filter(e -> e.path("type").asText().equals("ParallelBranchStarted")))
                    .extracting(e -> e.path("parent").asText()).containsExactlyInAnyOrder(outer, outer, outer, inner, inner);
            for (String task : List.of("a+a2", "b", "bx", "by", "bz", "c")) {
                assertThat(at(events, "StateEntered", task)).as(task)
                        .isGreaterThanOrEqualTo(at(events, "StateEntered", outer))
                        .isLessThanOrEqualTo(at(events, "StateExited", outer));
            }
            for (String task : List.of("bx", "by")) {
                assertThat(at(events, "StateEntered", task)).as(task)
                        .isGreaterThanOrEqualTo(at(events, "StateEntered", inner))
                        .isLessThanOrEqualTo(at(events, "StateExited", inner));
            }
            assertThat(at(events, "StateEntered", "join")).isGreaterThanOrEqualTo(at(events, "StateExited", outer));

            // the fake Lambda's clock: the branches' invocations overlap, the join starts after all of them
            for (String[] pair : List.of(new String[] {"a+a2", "b"}, new String[] {"a+a2", "c"},
                    new String[] {"bx", "by"})) {
                long[] x = spans.get(name(pair[0]));
                long[] y = spans.get(name(pair[1]));
                assertThat(Math.max(x[0], y[0])).as(pair[0] + " and " + pair[1] + " overlap").isLessThan(Math.min(x[1], y[1]));
            }
            for (String g : List.of("a+a2", "bz", "c")) {
                assertThat(spans.get(name("join"))[0]).as(g).isGreaterThanOrEqualTo(spans.get(name(g))[1]);
            }
        }
    }

    /**
     * The N (a → c ← b → d → e) runs with its barrier: {a, b}, then {c, d → e}. Every function gets its predecessors'
     * results, and d starts only after a has ended, as the model has it.
     */
    @Test
    void aDagThatIsNotSeriesParallelRunsWithItsBarrier() throws Exception {
        NodeTools.assumeNode();
        Workflow w = notSeriesParallel();
        Map<String, Handler> handlers = Map.of("a", inv -> slow("a(" + inv.requestInput() + ")"),
                "b", inv -> "b" + inv.branch() + "(" + inv.requestInput() + ")",
                "c", inv -> "c(" + inv.input("a") + "," + inv.inputs("b") + ")",
                "d", inv -> "d" + inv.branch() + "(" + inv.input("b") + ")",
                "e", inv -> "e(" + inv.inputs("d") + ")");
        Plan plan = DeployTest.unfused(w, 1024);
        Layout layout = Layout.of(w, plan, ExportOptions.defaults());
        MemoryStore store = new MemoryStore();
        try (FakeAws aws = new FakeAws()) {
            JsonNode result = runWithRuntimes(aws, w, plan, handlers, store);
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
            String output = result.get("output").toString();
            assertThat(Payloads.outputs(output, "g" + layout.groupEndingWith("c").index(), store, null))
                    .containsEntry(0, "c(a(x),[b0(x), b1(x), b2(x)])");
            assertThat(Payloads.outputs(output, "g" + layout.groupEndingWith("e").index(), store, null))
                    .containsEntry(0, "e([d0(b0(x)), d1(b1(x)), d2(b2(x))])");
            List<JsonNode> events = new ArrayList<>();
            result.get("events").forEach(events::add);
            assertThat(at(events, "StateEntered", "d branches")).isGreaterThanOrEqualTo(at(events, "StateExited", "a"));
        }
    }

    /** A group failing in a nested Parallel: its branch's Fail, both Parallels' Catches, then the top-level Fail. */
    @Test
    void aGroupFailingInANestedBranchEndsTheExecutionWithItsError() throws Exception {
        NodeTools.assumeNode();
        Workflow w = nested();
        Map<String, Handler> handlers = new HashMap<>(nestedHandlers());
        handlers.put("by", inv -> {
            throw new IllegalStateException("no tokens in by");
        });
        Plan plan = SamplePlans.fusedAndBundled(w, 1024);
        MemoryStore store = new MemoryStore();
        try (FakeAws aws = new FakeAws()) {
            JsonNode result = runWithRuntimes(aws, w, plan, handlers, store);
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("FAILED");
            assertThat(result.path("error").asText()).isEqualTo("dev.dagfuse.aws.runtime.InvocationFailedException");
            assertThat(result.path("cause").asText()).contains("The group (by) failed: function (by) branch 0 failed "
                    + "after 1 attempt: IllegalStateException: no tokens in by");
            List<String> entered = new ArrayList<>();
            result.get("events").forEach(e -> {
                if (e.path("type").asText().equals("StateEntered")) {
                    entered.add(e.path("state").asText());
                }
            });
            assertThat(entered).contains("Failed (Parallel bx | by, branch 2)", "Failed (Parallel a | b | c, branch 2)",
                    Asl.FAIL_STATE).doesNotContain("bz", "join");
        }
    }

    private static long at(List<JsonNode> events, String type, String state) {
        return events.stream().filter(e -> e.path("type").asText().equals(type) && e.path("state").asText().equals(state))
                .mapToLong(e -> e.path("timestamp").asLong()).findFirst()
                .orElseThrow(() -> new AssertionError("No " + type + " event of (" + state + ") in " + events));
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

    /**
     * Groups with provisioned concurrency or SnapStart are invoked through their alias: the Task names the qualified
     * ARN (FUNCTION:live), asl-validator accepts it, and aws-local-stepfunctions sends the invoke to that qualifier,
     * the run ending with the local executor's output; the group without either invokes the function as before.
     */
    @Test
    void groupsWithProvisionedConcurrencyOrSnapStartInvokeTheirAlias() throws Exception {
        Path file = DeployTest.withSnapStartRestore(tmp, "video-analytics");
        Workflow w = ModelFiles.readWorkflow(file);
        Plan plan = DeployTest.withAliases(w, 2);
        String definition = AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn);
        JsonNode states = JSON.readTree(definition).get("States");
        assertThat(states.at("/split/Resource").asText()).isEqualTo(arn("split") + ":live");
        assertThat(states.at("/merge/Resource").asText()).isEqualTo(arn("merge") + ":live");
        assertThat(states.at("/extract+classify map/ItemProcessor/States/extract+classify/Resource").asText())
                .isEqualTo(arn("extract+classify"));
        assertThat(states.at("/merge/Comment").asText()).endsWith(", invoked through its alias live (provisioned concurrency).");
        // the same plan without them: the definition of before, byte for byte
        Plan onDemand = SamplePlans.fusedAndBundled(w, 2048);
        assertThat(definition).isNotEqualTo(AwsExport.stateMachine(w, onDemand, ExportOptions.defaults(), AslExportTest::arn));
        assertThat(AwsExport.stateMachine(w, onDemand, ExportOptions.defaults(), AslExportTest::arn))
                .isEqualTo(AwsExport.stateMachine(sample("video-analytics"), onDemand, ExportOptions.defaults(), AslExportTest::arn))
                .doesNotContain(":live");
        AwsExport.Exported bare = AwsExport.export(null, w, plan, ExportFormat.ASL, ExportOptions.defaults(), null);
        assertThat(new String(bare.files().get(0).content(), StandardCharsets.UTF_8))
                .contains("\"arn:aws:lambda:us-east-1:123456789012:function:video-analytics-merge:live\"");
        assertThat(bare.notes()).anyMatch(n -> n.startsWith("Groups with provisioned concurrency or SnapStart are invoked "
                + "through their alias (live, a published version)"));

        NodeTools.assumeNode();
        Path f = tmp.resolve("aliases.asl.json");
        Files.writeString(f, definition);
        NodeTools.Result valid = NodeTools.validateAsl(List.of(f));
        assertThat(valid.exit()).as(valid.out() + valid.err()).isZero();

        Map<String, Handler> handlers = HandlerLoader.resolve(w, Map.of(), getClass().getClassLoader());
        Object request = RequestInputs.defaultInput(w, handlers::get, 0);
        Object expected = localOutput(w, plan, "aliases");
        MemoryStore store = new MemoryStore();
        Layout layout = Layout.of(w, plan, ExportOptions.defaults());
        try (FakeAws aws = new FakeAws()) {
            for (PlanGroup g : plan.groups()) {
                aws.runtimes.put(name(g.id()), new GroupRuntime(w, g, handlers, store, layout.keyPrefix(),
                        layout.inlineLimitBytes(), AwsLambdaPlatform.defaults().coresHeld(g.memoryMB()),
                        getClass().getClassLoader()));
            }
            JsonNode result = runLocally(aws, definition, Payloads.executionInput("exec-aliases", request, store,
                    layout.keyPrefix(), layout.inlineLimitBytes()), "exec-aliases");
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
            Object remote = Payloads.outputs(result.get("output").toString(), "g2", store, getClass().getClassLoader()).get(0);
            assertThat(OutputSerialization.serialize(remote)).isEqualTo(OutputSerialization.serialize(expected));
            assertThat(aws.invokedTargets).contains(name("split") + ":live", name("merge") + ":live",
                    name("extract+classify")).doesNotContain(name("split"), name("merge"));
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
            JsonNode result = runWithRuntimes(aws, w, plan, handlers, store);
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
            JsonNode result = runWithRuntimes(aws, w, plan, diamondHandlers(), store);
            assertThat(result.path("status").asText()).as(result.toString()).isEqualTo("SUCCEEDED");
            int d = Layout.of(w, plan, ExportOptions.defaults()).groupEndingWith("d").index();
            assertThat(Payloads.outputs(result.get("output").toString(), "g" + d, store, null))
                    .containsEntry(0, "d(b(a(x)),[c0(a(x)), c1(a(x))])");
        }
    }

    /**
     * Gives every group of {@code plan} its runtime (keys under "p", inline up to 4 KiB, one core) on the fake's invoke
     * endpoint, and executes the exported state machine with the input "x" (execution "e").
     */
    private static JsonNode runWithRuntimes(FakeAws aws, Workflow w, Plan plan, Map<String, Handler> handlers,
                                            MemoryStore store) throws Exception {
        for (PlanGroup g : plan.groups()) {
            aws.runtimes.put(name(g.id()), new GroupRuntime(w, g, handlers, store, "p", 4096, 1, null));
        }
        return runLocally(aws, AwsExport.stateMachine(w, plan, ExportOptions.defaults(), AslExportTest::arn),
                Payloads.executionInput("e", "x", store, "p", 4096), "e");
    }

    /**
     * split → {a → a2, b → {bx, by} → bz, c ×2} → join: a Parallel with a chain, a nested Parallel and a Map as its
     * branches.
     */
    static Workflow nested() {
        return Workflow.of("nested", AwsLambdaPlatform.defaults(), List.of(fn("split", 1), fn("a", 1, "split"),
                fn("a2", 1, "a"), fn("b", 1, "split"), fn("bx", 1, "b"), fn("by", 1, "b"), fn("bz", 1, "bx", "by"),
                fn("c", 2, "split"), fn("join", 1, "a2", "bz", "c")));
    }

    /** Branches that take a while, so that running them at once shows. */
    static Map<String, Handler> nestedHandlers() {
        Map<String, Handler> h = new HashMap<>();
        h.put("split", inv -> "s(" + inv.requestInput() + ")");
        h.put("a", inv -> slow("a(" + inv.input("split") + ")"));
        h.put("a2", inv -> "a2(" + inv.input("a") + ")");
        h.put("b", inv -> slow("b(" + inv.input("split") + ")"));
        h.put("bx", inv -> slow("bx(" + inv.input("b") + ")"));
        h.put("by", inv -> slow("by(" + inv.input("b") + ")"));
        h.put("bz", inv -> "bz(" + inv.input("bx") + "," + inv.input("by") + ")");
        h.put("c", inv -> slow("c" + inv.branch() + "(" + inv.input("split") + ")"));
        h.put("join", inv -> "join(" + inv.input("a2") + "," + inv.input("bz") + "," + inv.inputs("c") + ")");
        return h;
    }

    private static String slow(String out) {
        try {
            Thread.sleep(400);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    /** a → c ← b → d → e: no Parallel shape without a barrier. */
    static Workflow notSeriesParallel() {
        return Workflow.of("n-shape", AwsLambdaPlatform.defaults(), List.of(fn("a", 1), fn("b", 3), fn("c", 1, "a", "b"),
                fn("d", 3, "b"), fn("e", 1, "d")));
    }

    /** split → {f0 … f(n−1)} → join. */
    static Workflow wide(int n) {
        List<FunctionSpec> fns = new ArrayList<>(List.of(fn("split", 1)));
        String[] all = new String[n];
        for (int i = 0; i < n; i++) {
            all[i] = "f" + i;
            fns.add(fn(all[i], i % 3 == 0 ? 2 : 1, "split"));
        }
        fns.add(fn("join", 1, all));
        return Workflow.of("wide", AwsLambdaPlatform.defaults(), fns);
    }

    /** A Parallel whose name (its branches' first functions) is longer than a state name may be. */
    static Workflow longNames() {
        String x = "extract-the-frames-of-every-video-chunk";
        String y = "classify-every-frame-with-the-big-model";
        return Workflow.of("long-names", AwsLambdaPlatform.defaults(), List.of(fn("split", 1), fn(x, 1, "split"),
                fn(y, 1, "split"), fn("merge", 1, x, y)));
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
