// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.SeriesParallel;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The state machine of a laid-out plan, in Amazon States Language (JSONPath).
 *
 * <p>The state is {@code {"request": REF, "results": {KEY: RESULT, …}}}: every group's Task (or Map) puts its result
 * under {@code $.results.KEY} and reads its predecessors' results from there. The states follow the workflow's
 * {@link SeriesParallel} shape, the one the model times and prices: a chain's groups one after another, independent
 * branches as the branches of a {@code Parallel} state (each branch gets the whole state; the Parallel's
 * {@code ResultSelector} takes the request and every result back from the branches' outputs, each result by name: a
 * {@code States.JsonMerge} of many branches would nest more intrinsic functions than the 10 a field may have, so the
 * state after it has them all). A DAG that is not series-parallel gets barriers (a part waits for every branch of the part before it),
 * which the model has too. A fan-out group is a Pass state that lists its branches ({@code States.ArrayRange})
 * followed by a Map: inline over batches ({@code States.ArrayPartition}, one iteration per bundle), or Distributed with
 * an {@code ItemBatcher} of {@code MaxItemsPerBatch} = the bundle size. Every Task retries Lambda's service errors and
 * throttling with exponential back-off, and every group catches what is left into a Fail state that keeps the error
 * and cause: the top-level one, or inside a Parallel branch the branch's own (state names are unique across the whole
 * machine), which fails the Parallel, whose Catch goes on to the enclosing branch's Fail state or the top-level one. Each Task's payload carries a
 * {@code dagfuse} block naming the group's functions, which {@code import asl} reads back.
 */
public final class Asl {

    public static final List<String> RETRIED_ERRORS = List.of("Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException", "Lambda.TooManyRequestsException");
    public static final String FAIL_STATE = "Failed";
    /** What the definition's comment and the export say of a DAG that is not series-parallel. */
    public static final String BARRIERS = "The workflow's DAG is not series-parallel: some states wait at barriers "
            + "the DAG does not have (a part of the state machine starts when every branch of the part before it has "
            + "ended); the model waits at the same barriers.";
    /** Step Functions' longest state name. */
    static final int MAX_STATE_NAME = 80;

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
        SeriesParallel shape = layout.workflow().seriesParallel();
        ObjectNode root = JSON.createObjectNode();
        root.put("Comment", "dagfuse: workflow " + layout.workflow().name() + ", " + layout.plan().groups().size()
                + " groups, Step Functions " + layout.orchestration().name().toLowerCase(java.util.Locale.ROOT)
                + ". Generated; edit the plan, not this file." + (shape.isExact() ? "" : " " + BARRIERS));
        Writer writer = new Writer(layout, arnOf);
        root.put("StartAt", writer.firstState(shape.root()));
        ObjectNode states = root.putObject("States");
        writer.block(shape.root(), states, null, FAIL_STATE, List.of());
        writer.fail(states, FAIL_STATE, "A group failed after its retries: the error and cause of the state that failed.");
        return root;
    }

    /** Writes the states of a shape's blocks, keeping their names unique. */
    private static final class Writer {

        private final Layout layout;
        private final Function<Layout.Group, String> arnOf;
        private final Set<String> names = new HashSet<>();

        Writer(Layout layout, Function<Layout.Group, String> arnOf) {
            this.layout = layout;
            this.arnOf = arnOf;
        }

        /** The state a block starts with. */
        String firstState(SeriesParallel.Block block) {
            if (block instanceof SeriesParallel.Chain chain) {
                return Asl.firstState(layout.groupsOf(chain).get(0));
            }
            if (block instanceof SeriesParallel.Sequence seq) {
                return firstState(seq.parts().get(0));
            }
            return parallelState((SeriesParallel.Parallel) block);
        }

        /**
         * Adds {@code block}'s states to {@code states}: the last goes to {@code next} (null: it ends its machine or
         * branch), and a failure to {@code fail}; {@code before}: the groups whose results are in the state already.
         */
        void block(SeriesParallel.Block block, ObjectNode states, String next, String fail, List<Layout.Group> before) {
            if (block instanceof SeriesParallel.Chain chain) {
                List<Layout.Group> groups = layout.groupsOf(chain);
                for (int i = 0; i < groups.size(); i++) {
                    group(states, groups.get(i), i + 1 < groups.size() ? Asl.firstState(groups.get(i + 1)) : next, fail);
                }
            } else if (block instanceof SeriesParallel.Sequence seq) {
                List<Layout.Group> done = new ArrayList<>(before);
                for (int i = 0; i < seq.parts().size(); i++) {
                    SeriesParallel.Block part = seq.parts().get(i);
                    block(part, states, i + 1 < seq.parts().size() ? firstState(seq.parts().get(i + 1)) : next, fail,
                            done);
                    done.addAll(groupsIn(part));
                }
            } else {
                parallel((SeriesParallel.Parallel) block, states, next, fail, before);
            }
        }

        private List<Layout.Group> groupsIn(SeriesParallel.Block block) {
            List<Layout.Group> out = new ArrayList<>();
            for (String f : block.functions()) {
                for (Layout.Group g : layout.groups()) {
                    if (g.plan().functions().get(0).equals(f)) {
                        out.add(g);
                    }
                }
            }
            return out;
        }

        /**
         * A Parallel state: each branch gets the whole state and ends with it, its own results added; the array of
         * their outputs becomes one state again: the request, what was there before, and each branch's results.
         */
        private void parallel(SeriesParallel.Parallel p, ObjectNode states, String next, String fail,
                              List<Layout.Group> before) {
            String name = parallelState(p);
            ObjectNode par = states.putObject(claim(name));
            par.put("Type", "Parallel");
            par.put("Comment", "Independent branches, run at once on the whole state; the ResultSelector makes one "
                    + "state of their outputs, and what comes next waits for all of them.");
            ArrayNode branches = par.putArray("Branches");
            ObjectNode selector = JSON.createObjectNode();
            selector.put("request.$", "$[0].request");
            ObjectNode results = selector.putObject("results");
            for (Layout.Group g : before) {
                results.put(g.resultKey() + ".$", "$[0].results." + g.resultKey());
            }
            for (int b = 0; b < p.branches().size(); b++) {
                SeriesParallel.Block branch = p.branches().get(b);
                String branchFail = truncate(FAIL_STATE + " (" + name + ", branch " + (b + 1) + ")");
                ObjectNode machine = branches.addObject();
                machine.put("StartAt", firstState(branch));
                ObjectNode branchStates = machine.putObject("States");
                block(branch, branchStates, null, branchFail, before);
                fail(branchStates, branchFail, "A group of branch " + (b + 1) + " failed after its retries: the error "
                        + "and cause go on to the Parallel state, which fails with them.");
                for (Layout.Group g : groupsIn(branch)) {
                    results.put(g.resultKey() + ".$", "$[" + b + "].results." + g.resultKey());
                }
            }
            par.set("ResultSelector", selector);
            par.set("Catch", katch(fail));
            end(par, next);
        }

        private void group(ObjectNode states, Layout.Group g, String next, String fail) {
            ObjectNode common = payload(layout, g);
            if (!g.fannedOut()) {
                ObjectNode task = states.putObject(claim(g.stateName()));
                task.put("Type", "Task");
                task.put("Comment", comment(layout, g));
                task.put("Resource", arnOf.apply(g));
                task.put("TimeoutSeconds", taskTimeout(g));
                common.set("dagfuse", meta(layout, g));
                task.set("Parameters", common);
                task.put("ResultPath", "$.results." + g.resultKey());
                task.set("Retry", retry());
                task.set("Catch", katch(fail));
                end(task, next);
                return;
            }
            int n = g.plan().fanOut();
            int k = g.plan().bundleSize();
            ObjectNode pass = states.putObject(claim(itemsState(g)));
            pass.put("Type", "Pass");
            pass.put("Comment", g.map() == MapForm.INLINE
                    ? "The branches of " + g.plan().id() + " in batches of " + k + " (one Map iteration per invocation)."
                    : "The branches of " + g.plan().id() + " (the Map's ItemBatcher makes batches of " + k + ").");
            ObjectNode passParams = pass.putObject("Parameters");
            String range = "States.ArrayRange(0, " + (n - 1) + ", 1)";
            passParams.put("items.$", g.map() == MapForm.INLINE ? "States.ArrayPartition(" + range + ", " + k + ")" : range);
            pass.put("ResultPath", "$.map");
            pass.put("Next", mapState(g));

            ObjectNode map = states.putObject(claim(mapState(g)));
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
            processor.putObject("States").set(claim(invokeState(g)), task);
            map.put("ResultPath", "$.results." + g.resultKey());
            map.set("Catch", katch(fail));
            end(map, next);
        }

        void fail(ObjectNode states, String name, String comment) {
            ObjectNode fail = states.putObject(claim(name));
            fail.put("Type", "Fail");
            fail.put("Comment", comment);
            fail.put("ErrorPath", "$.error.Error");
            fail.put("CausePath", "$.error.Cause");
        }

        /** Step Functions rejects a definition that names two states alike, even in different branches. */
        private String claim(String name) {
            if (!names.add(name)) {
                throw new InputException(layout.options().planLabel(), "groups", "The state name (" + name + ") would "
                        + "name two states of the state machine. Maybe rename the group whose id it is.");
            }
            return name;
        }
    }

    /** A Parallel state's name: its own, within Step Functions' 80 characters. */
    static String parallelState(SeriesParallel.Parallel p) {
        return truncate(p.name());
    }

    private static String truncate(String name) {
        return name.length() <= MAX_STATE_NAME ? name
                : name.substring(0, MAX_STATE_NAME - 9) + "-" + Layout.sha256(name).substring(0, 8);
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
            if (!spec.reads().isEmpty()) {
                ObjectNode reads = fn.putObject("reads");
                spec.reads().forEach((pred, r) -> {
                    ObjectNode read = reads.putObject(pred);
                    read.put("items", r.mode().yamlName());
                    if (r.mode() == Reads.Mode.WINDOW) {
                        read.put("size", r.size());
                        read.put("stride", r.stride());
                    }
                    if (r.bytes() != null) {
                        read.put("bytes", Long.toString(r.bytes()));
                    }
                });
            }
        }
        return m;
    }

    private static String comment(Layout layout, Layout.Group g) {
        String what = g.plan().functions().size() > 1 ? "fused " + String.join(" → ", g.plan().functions()) : g.plan().id();
        String map = g.map() == null ? "" : ", " + g.plan().invocations() + " invocations of " + g.plan().bundleSize()
                + " branches (" + g.map().yamlName() + " Map)";
        String alias = g.alias() == null ? "" : ", invoked through its alias " + g.alias() + " ("
                + (g.plan().provisioned() != null ? "provisioned concurrency" : "SnapStart") + ")";
        return what + ": " + g.plan().memoryMB() + " MB " + g.architecture().yamlName() + map + alias + ".";
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

    private static ArrayNode katch(String fail) {
        ArrayNode c = JSON.createArrayNode();
        ObjectNode k = c.addObject();
        k.putArray("ErrorEquals").add("States.ALL");
        k.put("ResultPath", "$.error");
        k.put("Next", fail);
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
