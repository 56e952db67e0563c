package dev.dagfuse.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;

import java.util.List;
import java.util.function.Function;

/**
 * The state machine of a laid-out plan, in Amazon States Language (JSONPath).
 *
 * <p>The state is {@code {"request": REF, "results": {KEY: RESULT, …}}}: every group's Task (or Map) puts its result
 * under {@code $.results.KEY} and reads its predecessors' results from there, so any order that respects the edges
 * is correct; the groups run one after another in such an order (independent groups are not run in parallel).
 * A fan-out group is a Pass state that lists its branches ({@code States.ArrayRange}) followed by a Map: inline over
 * batches ({@code States.ArrayPartition}, one iteration per bundle), or Distributed with an {@code ItemBatcher} of
 * {@code MaxItemsPerBatch} = the bundle size. Every Task retries Lambda's service errors and throttling with
 * exponential back-off, and every group catches what is left into one Fail state that keeps the error and cause.
 * Each Task's payload carries a {@code dagfuse} block naming the group's functions, which {@code import asl} reads
 * back.
 */
public final class Asl {

    public static final List<String> RETRIED_ERRORS = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    public static final String FAIL_STATE = "Failed";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Asl() {
    }

    /** The definition as JSON text; {@code arnOf} gives each group's function ARN (or a substitution placeholder). */
    public static String definition(Layout layout, Function<Layout.Group, String> arnOf) {
        try {
            return JSON.writeValueAsString(tree(layout, arnOf)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectNode tree(Layout layout, Function<Layout.Group, String> arnOf) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Comment", "dagfuse: workflow " + layout.workflow().name() + ", " + layout.plan().groups().size()
                + " groups, Step Functions " + layout.orchestration().name().toLowerCase(java.util.Locale.ROOT)
                + ". Generated; edit the plan, not this file.");
        List<Layout.Group> order = layout.executionOrder();
        root.put("StartAt", firstState(order.get(0)));
        ObjectNode states = root.putObject("States");
        for (int i = 0; i < order.size(); i++) {
            Layout.Group g = order.get(i);
            String next = i + 1 < order.size() ? firstState(order.get(i + 1)) : null;
            ObjectNode common = payload(layout, g);
            if (!g.fannedOut()) {
                ObjectNode task = states.putObject(g.stateName());
                task.put("Type", "Task");
                task.put("Comment", comment(layout, g));
                task.put("Resource", arnOf.apply(g));
                task.put("TimeoutSeconds", taskTimeout(g));
                common.set("dagfuse", meta(layout, g));
                task.set("Parameters", common);
                task.put("ResultPath", "$.results." + g.resultKey());
                task.set("Retry", retry());
                task.set("Catch", katch());
                end(task, next);
                continue;
            }
            int n = g.plan().fanOut();
            int k = g.plan().bundleSize();
            ObjectNode pass = states.putObject(itemsState(g));
            pass.put("Type", "Pass");
            pass.put("Comment", g.map() == MapForm.INLINE
                    ? "The branches of " + g.plan().id() + " in batches of " + k + " (one Map iteration per invocation)."
                    : "The branches of " + g.plan().id() + " (the Map's ItemBatcher makes batches of " + k + ").");
            ObjectNode passParams = pass.putObject("Parameters");
            String range = "States.ArrayRange(0, " + (n - 1) + ", 1)";
            passParams.put("items.$", g.map() == MapForm.INLINE ? "States.ArrayPartition(" + range + ", " + k + ")" : range);
            pass.put("ResultPath", "$.map");
            pass.put("Next", mapState(g));

            ObjectNode map = states.putObject(mapState(g));
            map.put("Type", "Map");
            map.put("Comment", comment(layout, g));
            map.put("ItemsPath", "$.map.items");
            map.put("MaxConcurrency", g.plan().invocations());
            ObjectNode processor = map.putObject("ItemProcessor");
            ObjectNode config = processor.putObject("ProcessorConfig");
            ObjectNode task = JSON.createObjectNode();
            task.put("Type", "Task");
            task.put("Resource", arnOf.apply(g));
            task.put("TimeoutSeconds", taskTimeout(g));
            task.set("Retry", retry());
            task.put("End", true);
            common.set("dagfuse", meta(layout, g));
            if (g.map() == MapForm.INLINE) {
                config.put("Mode", "INLINE");
                ObjectNode selector = JSON.createObjectNode();
                selector.put("branches.$", "$$.Map.Item.Value");
                selector.setAll(common);
                map.set("ItemSelector", selector);
            } else {
                config.put("Mode", "DISTRIBUTED");
                config.put("ExecutionType", g.map() == MapForm.DISTRIBUTED_EXPRESS ? "EXPRESS" : "STANDARD");
                ObjectNode batcher = map.putObject("ItemBatcher");
                batcher.put("MaxItemsPerBatch", k);
                batcher.set("BatchInput", common);
                map.put("Label", "g" + g.index());
            }
            processor.put("StartAt", invokeState(g));
            processor.putObject("States").set(invokeState(g), task);
            map.put("ResultPath", "$.results." + g.resultKey());
            map.set("Catch", katch());
            end(map, next);
        }
        ObjectNode fail = states.putObject(FAIL_STATE);
        fail.put("Type", "Fail");
        fail.put("Comment", "A group failed after its retries: the error and cause of the state that failed.");
        fail.put("ErrorPath", "$.error.Error");
        fail.put("CausePath", "$.error.Cause");
        return root;
    }

    /** The function's own timeout and a minute for Lambda's queueing: a Task never waits forever. */
    private static int taskTimeout(Layout.Group g) {
        return g.timeoutSeconds() + 60;
    }

    static String firstState(Layout.Group g) {
        return g.fannedOut() ? itemsState(g) : g.stateName();
    }

    static String itemsState(Layout.Group g) {
        return g.stateName() + " branches";
    }

    /** The Task is named by the group (as a group without fan-out), so histories name it the same in both. */
    static String invokeState(Layout.Group g) {
        return g.stateName();
    }

    static String mapState(Layout.Group g) {
        return g.stateName() + " map";
    }

    /** What every invocation of the group gets: the execution, the request and its predecessors' results. */
    private static ObjectNode payload(Layout layout, Layout.Group g) {
        ObjectNode p = JSON.createObjectNode();
        p.put("execution.$", "$$.Execution.Name");
        p.put("request.$", "$.request");
        ObjectNode inputs = p.putObject("inputs");
        for (String pred : layout.workflow().predecessors(g.plan().functions().get(0))) {
            inputs.put(pred + ".$", "$.results." + layout.groupEndingWith(pred).resultKey());
        }
        return p;
    }

    /** The group's functions as the workflow declares them: what import reads back. */
    private static ObjectNode meta(Layout layout, Layout.Group g) {
        ObjectNode m = JSON.createObjectNode();
        m.put("group", g.plan().id());
        m.put("bundleSize", g.plan().bundleSize());
        m.put("memoryMB", g.plan().memoryMB());
        ArrayNode fs = m.putArray("functions");
        for (String f : g.plan().functions()) {
            FunctionSpec spec = layout.workflow().function(f);
            ObjectNode fn = fs.addObject();
            fn.put("name", f);
            if (spec.handler() != null) {
                fn.put("handler", spec.handler());
            }
            fn.put("fanOut", spec.fanOut());
            ArrayNode after = fn.putArray("after");
            spec.after().forEach(after::add);
        }
        return m;
    }

    private static String comment(Layout layout, Layout.Group g) {
        String what = g.plan().functions().size() > 1 ? "fused " + String.join(" → ", g.plan().functions()) : g.plan().id();
        String map = g.map() == null ? "" : ", " + g.plan().invocations() + " invocations of " + g.plan().bundleSize()
                + " branches (" + g.map().yamlName() + " Map)";
        return what + ": " + g.plan().memoryMB() + " MB " + g.architecture().yamlName() + map + ".";
    }

    private static ArrayNode retry() {
        ArrayNode retry = JSON.createArrayNode();
        ObjectNode r = retry.addObject();
        ArrayNode errors = r.putArray("ErrorEquals");
        RETRIED_ERRORS.forEach(errors::add);
        r.put("IntervalSeconds", 1);
        r.put("MaxAttempts", 6);
        r.put("BackoffRate", 2.0);
        r.put("MaxDelaySeconds", 30);
        r.put("JitterStrategy", "FULL");
        return retry;
    }

    private static ArrayNode katch() {
        ArrayNode c = JSON.createArrayNode();
        ObjectNode k = c.addObject();
        k.putArray("ErrorEquals").add("States.ALL");
        k.put("ResultPath", "$.error");
        k.put("Next", FAIL_STATE);
        return c;
    }

    private static void end(ObjectNode state, String next) {
        if (next == null) {
            state.put("End", true);
        } else {
            state.put("Next", next);
        }
    }

    /** Whether a Distributed Map needs its state machine allowed to start its own child executions (IAM). */
    public static boolean hasDistributedMap(Layout layout) {
        return layout.groups().stream().anyMatch(g -> g.map() != null && g.map().isDistributed());
    }

    /** The state machine type CloudFormation and the API name. */
    public static String type(Layout layout) {
        return layout.orchestration() == Orchestration.EXPRESS ? "EXPRESS" : "STANDARD";
    }
}
