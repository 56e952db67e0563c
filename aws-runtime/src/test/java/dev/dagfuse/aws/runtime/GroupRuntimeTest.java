// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.executor.LocalExecutor;
import dev.dagfuse.executor.RunOptions;
import dev.dagfuse.executor.RunReport;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.FunctionSpec;
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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /**
     * Each sample, fused and bundled, run group by group through the runtime (the payloads the exported state machine
     * sends, inline Map and Distributed Map batch shapes alternating, a small inline limit so that some values go
     * through the store) ends with the same output, byte for byte, as the local executor's run of the same plan.
     */
    @Test
    void eachSampleRunGroupByGroupEndsWithTheLocalExecutorsOutput() throws Exception {
        for (String sample : List.of("video-analytics", "ml-pipeline", "chatbot")) {
            Workflow w = ModelFiles.readWorkflow(Path.of("../samples", sample, "workflow.yaml"));
            Plan plan = SamplePlans.fusedAndBundled(w, 3538);
            ClassLoader loader = getClass().getClassLoader();
            Map<String, Handler> handlers = HandlerLoader.resolve(w, Map.of(), loader);
            Object request = RequestInputs.defaultInput(w, handlers::get, 0);

            Path dir = Files.createDirectories(tmp.resolve(sample));
            RunReport report = new LocalExecutor().run(w, plan, RunOptions.of(1, dir).withWarmup(0).withKeepOutputs(true).withCores(2));
            assertThat(report.requests()).allMatch(r -> r.status() == RunReport.RequestStatus.OK);
            String exit = w.exits().get(0);
            Path local;
            try (Stream<Path> files = Files.walk(dir)) {
                local = files.filter(p -> p.endsWith(Path.of("r000000", exit, "0"))).findFirst().orElseThrow();
            }

            MemoryStore store = new MemoryStore();
            String state = simulate(w, plan, handlers, store, request, 2048, "exec-1");
            Object remote = Payloads.outputs(state, "g" + (plan.groups().size() - 1), store, loader).get(0);
            assertThat(OutputSerialization.serialize(remote)).as(sample).isEqualTo(Files.readAllBytes(local));
            assertThat(store.puts.get()).as(sample + ": some values went through the store").isPositive();
        }
    }

    @Test
    void aFusedChainHandsItsValuesOverInMemoryAndAnswersOnlyTheLastOutput() throws Exception {
        Workflow w = Workflow.of("t", AwsLambdaPlatform.defaults(), List.of(fn("a", 4), fn("b", 4, "a"), fn("c", 4, "b")));
        Map<String, Handler> hs = new HashMap<>();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        hs.put("a", inv -> {
            seen.add("a" + inv.branch());
            return "a" + inv.branch();
        });
        hs.put("b", inv -> {
            seen.add("b" + inv.branch() + "<" + inv.input("a"));
            return inv.input("a") + "b";
        });
        hs.put("c", inv -> inv.input("b") + "c");
        PlanGroup g = PlanGroup.of(List.of("a", "b", "c"), 1769, 4, 4);
        MemoryStore store = new MemoryStore();
        GroupRuntime rt = new GroupRuntime(w, g, hs, store, "p", 1000, 1, getClass().getClassLoader());
        JsonNode answer = answer(rt.handle(bytes("{\"execution\":\"e\",\"branches\":[0,1,2,3]}"), "x"));

        assertThat(answer.get("group").asText()).isEqualTo("a+b+c");
        assertThat(answer.get("outputs").size()).isEqualTo(4);
        assertThat(Payloads.outputs(state("g", answer), "g", store, null)).containsEntry(2, "a2bc").hasSize(4);
        assertThat(seen).contains("b3<a3");
        assertThat(store.puts.get()).isZero();
    }

    @Test
    void outputsOverTheInlineLimitGoThroughTheStoreKeyedByExecutionFunctionAndBranch() throws Exception {
        Workflow w = Workflow.of("t", AwsLambdaPlatform.defaults(), List.of(fn("big", 3), fn("sum", 1, "big")));
        Map<String, Handler> hs = Map.of(
                "big", inv -> "x".repeat(inv.branch() == 1 ? 5000 : 10),
                "sum", inv -> inv.inputs("big").stream().mapToInt(o -> ((String) o).length()).sum());
        MemoryStore store = new MemoryStore();
        GroupRuntime big = new GroupRuntime(w, PlanGroup.of(List.of("big"), 1024, 3, 3), hs, store, "runs", 1024, 1, null);
        JsonNode a = answer(big.handle(bytes("{\"execution\":\"e7\",\"branches\":[0,1,2]}"), "x"));

        assertThat(a.at("/outputs/1/s3").asText()).isEqualTo("runs/e7/big/1");
        assertThat(store.objects).containsOnlyKeys("runs/e7/big/1");
        assertThat(a.at("/outputs/0/inline").isTextual()).isTrue();

        GroupRuntime sum = new GroupRuntime(w, PlanGroup.of(List.of("sum"), 1024, 1, 1), hs, store, "runs", 1024, 1, null);
        ObjectNode event = JSON.createObjectNode().put("execution", "e7");
        event.putObject("inputs").set("big", JSON.createArrayNode().add(a));
        JsonNode s = answer(sum.handle(bytes(event.toString()), "x"));
        assertThat(Payloads.outputs(state("g", s), "g", store, null)).containsEntry(0, 5020);
        assertThat(store.gets.get()).isEqualTo(1);
    }

    @Test
    void theDistributedMapBatchShapeGivesTheSameAnswerAsTheInlineShape() throws Exception {
        Workflow w = Workflow.of("t", AwsLambdaPlatform.defaults(), List.of(fn("s", 1), fn("m", 6, "s")));
        Map<String, Handler> hs = Map.of("s", inv -> "seed:" + inv.requestInput(),
                "m", inv -> inv.input("s") + "/" + inv.branch() + "/" + inv.fanOut());
        MemoryStore store = new MemoryStore();
        GroupRuntime s = new GroupRuntime(w, PlanGroup.of(List.of("s"), 1024, 1, 1), hs, store, "", 4096, 1, null);
        JsonNode sAnswer = answer(s.handle(bytes("{\"execution\":\"e\",\"request\":\"hello\"}"), "x"));
        GroupRuntime m = new GroupRuntime(w, PlanGroup.of(List.of("m"), 1024, 6, 3), hs, store, "", 4096, 1, null);

        ObjectNode common = JSON.createObjectNode().put("execution", "e").put("request", "hello");
        common.putObject("inputs").set("s", sAnswer);
        ObjectNode inline = common.deepCopy();
        inline.putArray("branches").add(3).add(4).add(5);
        ObjectNode batch = JSON.createObjectNode();
        batch.putArray("Items").add(3).add(4).add(5);
        batch.set("BatchInput", common);

        JsonNode viaInline = answer(m.handle(bytes(inline.toString()), "x"));
        JsonNode viaBatch = answer(m.handle(bytes(batch.toString()), "x"));
        assertThat(viaBatch).isEqualTo(viaInline);
        assertThat(Payloads.outputs(state("g", viaBatch), "g", store, null)).containsEntry(4, "seed:hello/4/6");
    }

    @Test
    void aBundleRunsItsItemsOnAPoolSizedToTheGroupsVcpus() throws Exception {
        for (int memory : new int[] {1769, 3538}) {
            Workflow w = Workflow.of("t", AwsLambdaPlatform.defaults(), List.of(fn("m", 6)));
            AtomicInteger now = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            Map<String, Handler> hs = Map.of("m", inv -> {
                max.accumulateAndGet(now.incrementAndGet(), Math::max);
                Thread.sleep(60);
                now.decrementAndGet();
                return inv.branch();
            });
            int threads = AwsLambdaPlatform.defaults().coresHeld(memory);
            GroupRuntime m = new GroupRuntime(w, PlanGroup.of(List.of("m"), memory, 6, 6), hs, new MemoryStore(), "", 4096,
                    threads, null);
            m.handle(bytes("{\"branches\":[0,1,2,3,4,5]}"), "x");
            assertThat(max.get()).as(memory + " MB").isEqualTo(memory / 1769);
        }
    }

    @Test
    void aFailingItemFailsTheInvocationNamingTheFunctionTheBranchAndTheCause() {
        Workflow w = Workflow.of("t", AwsLambdaPlatform.defaults(), List.of(fn("a", 3), fn("b", 3, "a")));
        AtomicInteger calls = new AtomicInteger();
        Map<String, Handler> hs = Map.of("a", inv -> inv.branch(), "b", inv -> {
            if (inv.branch() == 2) {
                calls.incrementAndGet();
                throw new IllegalStateException("boom");
            }
            return inv.input("a");
        });
        GroupRuntime rt = new GroupRuntime(w, PlanGroup.of(List.of("a", "b"), 1024, 3, 3), hs, new MemoryStore(), "", 4096,
                1, null);
        assertThatThrownBy(() -> rt.handle(bytes("{\"branches\":[0,1,2]}"), "x"))
                .isInstanceOf(InvocationFailedException.class)
                .hasMessage("The group (a+b) failed: function (b) branch 2 failed after 2 attempts: "
                        + "IllegalStateException: boom");
        assertThat(calls.get()).isEqualTo(Retry.DEFAULT.maxAttempts());
    }

    @Test
    void aTransientFailureIsRetriedInsideTheInvocation() throws Exception {
        Workflow w = Workflow.of("t", AwsLambdaPlatform.defaults(), List.of(fn("a", 1)));
        Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
        Map<String, Handler> hs = Map.of("a", inv -> {
            if (attempts.merge(inv.branch(), 1, Integer::sum) == 1) {
                throw new IllegalStateException("once");
            }
            return "ok";
        });
        GroupRuntime rt = new GroupRuntime(w, PlanGroup.of(List.of("a"), 1024, 1, 1), hs, new MemoryStore(), "", 4096, 1, null);
        assertThat(Payloads.outputs(state("g", answer(rt.handle(bytes("{}"), "x"))), "g", null, null)).containsEntry(0, "ok");
    }

    @Test
    void aPayloadNamingABranchOutsideTheFanOutIsRefused() {
        Workflow w = Workflow.of("t", AwsLambdaPlatform.defaults(), List.of(fn("a", 2)));
        GroupRuntime rt = new GroupRuntime(w, PlanGroup.of(List.of("a"), 1024, 2, 2), Map.of("a", inv -> 1),
                new MemoryStore(), "", 4096, 1, null);
        assertThatThrownBy(() -> rt.handle(bytes("{\"branches\":[5]}"), "x"))
                .hasMessage("The group (a) failed: its payload names the item (5), not a branch index within 0..1");
    }

    /** The Lambda entry point, built from the environment a deployed function has, and the workflow on the class path. */
    @Test
    void theStreamHandlerBuildsItsGroupFromTheEnvironment() throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RuntimeEnv.GROUP, "hello+shout");
        env.put(RuntimeEnv.FUNCTIONS, "hello,shout");
        env.put(RuntimeEnv.MEMORY_MB, "3538");
        env.put(RuntimeEnv.BUCKET, "unused");
        env.put(RuntimeEnv.S3_ENDPOINT, "http://127.0.0.1:9");
        GroupRuntime rt = GroupHandler.fromEnvironment(env);
        assertThat(rt.group().functions()).containsExactly("hello", "shout");
        GroupHandler handler = new GroupHandler(rt);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(bytes("{\"execution\":\"e\",\"request\":\"world\",\"branches\":[1]}")),
                out, null);
        JsonNode answer = JSON.readTree(out.toByteArray());
        assertThat(Payloads.outputs(state("g", answer), "g", null, null)).containsEntry(1, "HELLO WORLD 1/2");
    }

    /** Runs a plan as the exported state machine would: group by group, results kept under $.results.gI. */
    static String simulate(Workflow w, Plan plan, Map<String, Handler> handlers, ObjectStore store, Object request,
                           long inlineLimit, String execution) throws Exception {
        ObjectNode state = (ObjectNode) JSON.readTree(Payloads.executionInput(execution, request, store, "pre", inlineLimit));
        ObjectNode results = state.putObject("results");
        Map<String, Integer> groupOf = new HashMap<>();
        for (int i = 0; i < plan.groups().size(); i++) {
            PlanGroup g = plan.groups().get(i);
            for (String f : g.functions()) {
                groupOf.put(f, i);
            }
            GroupRuntime rt = new GroupRuntime(w, g, handlers, store, "pre", inlineLimit,
                    AwsLambdaPlatform.defaults().coresHeld(g.memoryMB()), SamplePlans.class.getClassLoader());
            ObjectNode common = JSON.createObjectNode();
            common.set("execution", state.get("execution"));
            common.set("request", state.get("request"));
            ObjectNode inputs = common.putObject("inputs");
            for (String pred : w.predecessors(g.functions().get(0))) {
                inputs.set(pred, results.get("g" + groupOf.get(pred)));
            }
            if (g.fanOut() == 1) {
                results.set("g" + i, answer(rt.handle(bytes(common.toString()), "x")));
                continue;
            }
            ArrayNode answers = results.putArray("g" + i);
            for (int from = 0, j = 0; from < g.fanOut(); from += g.bundleSize(), j++) {
                ArrayNode branches = JSON.createArrayNode();
                for (int b = from; b < Math.min(g.fanOut(), from + g.bundleSize()); b++) {
                    branches.add(b);
                }
                ObjectNode event;
                if (j % 2 == 0) {
                    event = common.deepCopy();
                    event.set("branches", branches);
                } else {
                    event = JSON.createObjectNode();
                    event.set("Items", branches);
                    event.set("BatchInput", common);
                }
                answers.add(answer(rt.handle(bytes(event.toString()), "x")));
            }
        }
        return state.toString();
    }

    private static String state(String key, JsonNode result) {
        ObjectNode s = JSON.createObjectNode();
        s.putObject("results").set(key, result);
        return s.toString();
    }

    private static JsonNode answer(byte[] b) throws Exception {
        return JSON.readTree(b);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, new Retry(2, 1),
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }
}
