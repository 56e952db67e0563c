// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The sample workflows and a tiny sequential in-process runner for them.
 *
 * <p>The runner exists so the samples can be tested without any executor: it applies the same edge
 * semantics as {@link Invocation} documents (per-branch, scatter, gather) but runs every invocation one
 * after the other on the calling thread, handing outputs over in memory.
 */
public final class Samples {

    /** The sample names; each is a folder {@code samples/<name>/} holding its {@code workflow.yaml}. */
    public static final List<String> NAMES = List.of("video-analytics", "ml-pipeline", "chatbot");

    private Samples() {
    }

    /**
     * One function of a workflow.
     *
     * @param name the function's name
     * @param handler its handler class (public, with a public no-argument constructor)
     * @param fanOut how many branches run it (1 when not fanned out)
     * @param after its predecessors
     */
    public record Step(String name, Class<? extends Handler> handler, int fanOut, List<String> after) {

        public Step {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(handler, "handler");
            if (fanOut < 1) {
                throw new IllegalArgumentException("The function (" + name + ") has fanOut " + fanOut + ", not >= 1.");
            }
            after = List.copyOf(after);
        }
    }

    /**
     * The outcome of a sequential run.
     *
     * @param requestInput the request input every function received
     * @param outputs per function, every branch's output in branch order
     * @param cpuNanos per function, every branch's CPU time in nanoseconds (wall time if the JVM cannot
     *     measure thread CPU time)
     */
    public record Run(Object requestInput, Map<String, List<Object>> outputs, Map<String, long[]> cpuNanos) {

        /** The single output of a function that is not fanned out. */
        public Object output(String function) {
            List<Object> values = outputs.get(function);
            if (values == null || values.size() != 1) {
                throw new IllegalArgumentException("The function (" + function + ") has no single output: " + values);
            }
            return values.get(0);
        }
    }

    /** The topology of {@code sample} exactly as its {@code workflow.yaml} declares it. */
    public static List<Step> steps(String sample) {
        return switch (sample) {
            case "video-analytics" -> steps(sample, 30);
            case "ml-pipeline" -> steps(sample, 8);
            case "chatbot" -> steps(sample, 10);
            default -> throw unknown(sample);
        };
    }

    /** The topology of {@code sample} with its fanned-out functions at {@code fanOut} branches. */
    public static List<Step> steps(String sample, int fanOut) {
        return switch (sample) {
            case "video-analytics" -> List.of(
                    new Step("split", dev.dagfuse.samples.video.Split.class, 1, List.of()),
                    new Step("extract", dev.dagfuse.samples.video.Extract.class, fanOut, List.of("split")),
                    new Step("classify", dev.dagfuse.samples.video.Classify.class, fanOut, List.of("extract")),
                    new Step("merge", dev.dagfuse.samples.video.Merge.class, 1, List.of("classify")));
            case "ml-pipeline" -> List.of(
                    new Step("pca", dev.dagfuse.samples.ml.Pca.class, 1, List.of()),
                    new Step("train", dev.dagfuse.samples.ml.Train.class, fanOut, List.of("pca")),
                    new Step("combine", dev.dagfuse.samples.ml.Combine.class, 1, List.of("train")));
            case "chatbot" -> List.of(
                    new Step("split", dev.dagfuse.samples.chatbot.Split.class, 1, List.of()),
                    new Step("train", dev.dagfuse.samples.chatbot.Train.class, fanOut, List.of("split")),
                    new Step("merge", dev.dagfuse.samples.chatbot.Merge.class, 1, List.of("train")));
            default -> throw unknown(sample);
        };
    }

    /** The request input of the workflow's (first) entry function for {@code seed}. */
    public static Object defaultInput(List<Step> steps, long seed) {
        Step entry = steps.stream().filter(s -> s.after().isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("The workflow has no entry function."));
        return instantiate(entry.handler()).defaultInput(seed);
    }

    /** Runs the workflow on the entry handler's {@code defaultInput(seed)}. */
    public static Run run(List<Step> steps, long seed) throws Exception {
        return run(steps, defaultInput(steps, seed));
    }

    /** Runs every invocation of the workflow sequentially, in a topological order, on this thread. */
    public static Run run(List<Step> steps, Object requestInput) throws Exception {
        Map<String, Step> byName = new LinkedHashMap<>();
        for (Step step : steps) {
            if (byName.put(step.name(), step) != null) {
                throw new IllegalArgumentException("The function (" + step.name() + ") is declared twice.");
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpuTime = threads.isCurrentThreadCpuTimeSupported();
        Map<String, List<Object>> outputs = new LinkedHashMap<>();
        Map<String, long[]> nanos = new LinkedHashMap<>();
        List<Step> pending = new ArrayList<>(steps);
        while (!pending.isEmpty()) {
            Step step = pending.stream().filter(s -> outputs.keySet().containsAll(s.after())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("The functions " + pending.stream().map(Step::name).toList()
                            + " wait on unknown predecessors or on a cycle."));
            pending.remove(step);
            Handler handler = instantiate(step.handler());
            List<Object> results = new ArrayList<>(step.fanOut());
            long[] times = new long[step.fanOut()];
            for (int branch = 0; branch < step.fanOut(); branch++) {
                Map<String, List<Object>> inputs = new LinkedHashMap<>();
                for (String pred : step.after()) {
                    inputs.put(pred, edgeInputs(outputs.get(pred), step.fanOut(), branch));
                }
                Invocation invocation = new Invocation(step.name(), branch, step.fanOut(), inputs, requestInput);
                long start = cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime();
                Object output = handler.handle(invocation);
                times[branch] = (cpuTime ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - start;
                if (!(output instanceof Serializable)) {
                    throw new IllegalStateException("The function (" + step.name() + ") branch " + branch
                            + " returned a non-Serializable output: " + output);
                }
                results.add(output);
            }
            outputs.put(step.name(), Collections.unmodifiableList(results));
            nanos.put(step.name(), times);
        }
        return new Run(requestInput, Collections.unmodifiableMap(outputs), Collections.unmodifiableMap(nanos));
    }

    /** What branch {@code branch} of a function with {@code fanOut} branches receives from a predecessor. */
    private static List<Object> edgeInputs(List<Object> predOutputs, int fanOut, int branch) {
        int predFanOut = predOutputs.size();
        if (predFanOut == 1) {
            return List.of(predOutputs.get(0)); // 1 → 1, or a scatter: every branch gets the whole output
        }
        if (predFanOut == fanOut) {
            return List.of(predOutputs.get(branch)); // per-branch: branch i feeds branch i
        }
        return predOutputs; // gather: every branch's output, in branch order
    }

    private static Handler instantiate(Class<? extends Handler> type) {
        try {
            return type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("Cannot instantiate the handler " + type.getName() + ".", e);
        }
    }

    private static IllegalArgumentException unknown(String sample) {
        return new IllegalArgumentException("Unknown sample (" + sample + "). The samples are " + NAMES + ".");
    }
}
