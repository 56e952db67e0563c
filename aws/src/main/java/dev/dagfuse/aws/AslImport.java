// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.io.OutputFiles;
import dev.dagfuse.model.io.TempFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code dagfuse import asl}: a Step Functions definition as a workflow to plan. Task states that call Lambda become
 * functions; Map states (inline or Distributed, with or without an ItemBatcher) fan their functions out; Parallel
 * branches, Pass states are followed; a Wait of fixed Seconds becomes a {@code wait:} step, a Task that calls another
 * service a {@code service:} step (its latency and price to be given), and a Choice's branches options of a choice
 * ({@code when:}, equal probabilities to be edited).
 * A state after another depends on it; a definition exported by dagfuse carries each group's functions and edges
 * (its {@code dagfuse} blocks), which are read back exactly. Memory sizes and the architecture come from
 * {@code aws lambda get-function-configuration} JSON files when given.
 */
public final class AslImport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
    /** The fan-out assumed for a Map whose item count only the execution knows. */
    public static final int DEFAULT_FAN_OUT = 10;

    /**
     * The imported workflow.
     *
     * @param yaml the workflow file's text
     * @param notes one line each: what was assumed (Choice taken as all branches, a Map's item count, …)
     */
    public record Imported(String name, String yaml, List<String> notes) {
        public Imported {
            notes = List.copyOf(notes);
        }
    }

    private static final class Fn {
        String name;
        String handler;
        Integer memoryMB;
        String architecture;
        int fanOut = 1;
        final Set<String> after = new LinkedHashSet<>();
        /** How it reads its predecessors, as an exported definition's dagfuse block has it (the workflow's reads:). */
        Map<?, ?> reads;
        /** The option of a Choice it starts, or null. */
        Tag when;
        /** A Wait state's duration (e.g. 2s), or null. */
        String waitFor;
        /** Whether it is a Task that calls a service other than Lambda. */
        boolean service;
    }

    /** The option of a Choice that the first functions after one of its branches start. */
    private record Tag(String choice, String option, double probability) {
    }

    private final Path file;
    private final Map<String, JsonNode> configs;
    private final Map<String, Fn> functions = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private AslImport(Path file, Map<String, JsonNode> configs) {
        this.file = file;
        this.configs = configs;
    }

    /**
     * Imports {@code definition}.
     *
     * @param lambdaConfigDir a directory of {@code get-function-configuration} JSON files, or null
     * @throws InputException for a file that is not a definition, or a construct dagfuse cannot plan (one line naming
     *     the state)
     */
    public static Imported importAsl(Path definition, Path lambdaConfigDir) {
        JsonNode root;
        try {
            root = JSON.readTree(ModelFiles.readText(definition));
        } catch (JsonProcessingException e) {
            throw new InputException(definition.toString(), "", "The definition is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("States").isObject() || !root.path("StartAt").isTextual()) {
            throw new InputException(definition.toString(), "", "The file is not a state machine definition: expected an "
                    + "object with StartAt and States (Amazon States Language).");
        }
        AslImport in = new AslImport(definition, configs(lambdaConfigDir));
        in.block(root, "", Set.of(), 1, null, null);
        if (in.functions.isEmpty()) {
            throw new InputException(definition.toString(), "States", "The definition has no Task state that calls a "
                    + "Lambda function, so there is nothing to plan.");
        }
        String name = workflowName(root, definition);
        return new Imported(name, in.yaml(name, definition), in.notes);
    }

    /** Imports and writes the workflow to {@code out} (checked by reading it back first; a temporary file, then moved). */
    public static Imported write(Path definition, Path lambdaConfigDir, Path out) {
        OutputFiles.check(out, List.of(definition));
        Imported imported = importAsl(definition, lambdaConfigDir);
        Path dir = out.toAbsolutePath().getParent();
        Path check = null;
        try {
            Files.createDirectories(dir);
            // beside the output, so that paths in it resolve as they will there
            check = Files.createTempFile(dir, ".import", ".yaml");
            TempFiles.register(check);
            Files.writeString(check, imported.yaml());
            ModelFiles.readWorkflow(check);
        } catch (IOException e) {
            throw new InputException(out.toString(), "", "Cannot write the file: " + e.getMessage());
        } finally {
            TempFiles.delete(check);
        }
        ModelFiles.writeAtomically(out, imported.yaml());
        return imported;
    }

    /** The functions a States block's states add, given what precedes the block; returns the block's exits. */
    /**
     * @param tag the option of a Choice whose branch this block's first state starts (its first functions start the
     *     option), or null
     */
    private Set<String> block(JsonNode machine, String path, Set<String> before, int fanOut, JsonNode mapMeta, Tag tag) {
        JsonNode states = machine.path("States");
        String start = machine.path("StartAt").asText();
        List<String> order = order(states, start, path);
        Map<String, Set<String>> in = new HashMap<>();
        in.put(start, new LinkedHashSet<>(before));
        Map<String, Integer> reachedFrom = new HashMap<>();
        for (String name : order) {
            successors(states.get(name)).forEach(next -> reachedFrom.merge(next, 1, Integer::sum));
        }
        Map<String, Tag> tags = new HashMap<>();
        if (tag != null) {
            tags.put(start, tag);
        }
        Set<String> exits = new LinkedHashSet<>();
        for (String name : order) {
            JsonNode s = states.get(name);
            String at = path + "States." + name;
            Set<String> input = in.getOrDefault(name, Set.of());
            String type = s.path("Type").asText();
            Tag own = tags.get(name);
            Set<String> output = switch (type) {
                case "Task" -> task(s, name, at, input, fanOut, mapMeta, own);
                case "Pass", "Succeed", "Fail" -> {
                    passOn(own, s, reachedFrom, tags);
                    yield input;
                }
                case "Wait" -> {
                    if (s.path("Seconds").isNumber()) {
                        Fn fn = new Fn();
                        fn.name = sanitize(name);
                        fn.fanOut = fanOut;
                        fn.after.addAll(input);
                        fn.waitFor = java.math.BigDecimal.valueOf(s.get("Seconds").asDouble()).stripTrailingZeros()
                                .toPlainString() + "s";
                        fn.when = own;
                        add(fn, at);
                        yield Set.of(fn.name);
                    }
                    notes.add("Wait (" + name + "): followed; its duration comes from the input (SecondsPath or a "
                            + "Timestamp), so it is not modelled (add a wait: function, or add it to the latency target)");
                    passOn(own, s, reachedFrom, tags);
                    yield input;
                }
                case "Choice" -> {
                    List<String> targets = successors(s);
                    double p = Math.floor(1e4 / targets.size()) / 1e4;
                    if (own != null) {
                        notes.add("Choice (" + name + ") starts a branch of Choice (" + own.choice() + "): its options "
                                + "are not tied to that branch's (edit functions.*.when)");
                    }
                    String choice = sanitize(name);
                    int tagged = 0;
                    for (String t : targets) {
                        // a branch that goes straight to where other branches meet runs no function of its own
                        if (reachedFrom.getOrDefault(t, 0) == 1) {
                            tags.put(t, new Tag(choice, sanitize(t), p));
                            tagged++;
                        }
                    }
                    notes.add("Choice (" + name + "): each of its " + targets.size() + " branches taken by " + p
                            + " of requests (assumed: edit functions.*.when.probability from your execution histories)"
                            + (tagged < targets.size() ? "; " + (targets.size() - tagged) + " of them run no function "
                            + "of their own" : ""));
                    yield input;
                }
                case "Parallel" -> {
                    Set<String> out = new LinkedHashSet<>();
                    JsonNode branches = s.path("Branches");
                    for (int b = 0; b < branches.size(); b++) {
                        out.addAll(block(branches.get(b), at + ".Branches[" + b + "].", input, fanOut, mapMeta, own));
                    }
                    yield out;
                }
                case "Map" -> map(s, name, at, input, fanOut, own);
                default -> throw unsupported(at, "The state (" + name + ") has the type (" + type + "), which dagfuse "
                        + "cannot plan. Valid: Task, Map, Parallel, Pass, Wait, Choice, Succeed, Fail.");
            };
            if (s.path("End").asBoolean(false) || type.equals("Succeed")) {
                exits.addAll(output);
            }
            for (String next : successors(s)) {
                in.computeIfAbsent(next, k -> new LinkedHashSet<>()).addAll(output);
            }
        }
        return exits;
    }

    /** A state that runs no function hands the option it starts on to the state after it, when only it leads there. */
    private static void passOn(Tag tag, JsonNode s, Map<String, Integer> reachedFrom, Map<String, Tag> tags) {
        if (tag == null) {
            return;
        }
        for (String next : successors(s)) {
            if (reachedFrom.getOrDefault(next, 0) == 1) {
                tags.put(next, tag);
            }
        }
    }

    private Set<String> map(JsonNode s, String name, String at, Set<String> input, int outerFanOut, Tag tag) {
        JsonNode processor = s.has("ItemProcessor") ? s.get("ItemProcessor") : s.get("Iterator");
        if (processor == null) {
            throw unsupported(at, "The Map state (" + name + ") has no ItemProcessor.");
        }
        if (outerFanOut > 1) {
            throw unsupported(at, "The Map state (" + name + ") is inside another Map; dagfuse plans one level of fan-out.");
        }
        JsonNode meta = metaOf(s);
        int fanOut;
        if (meta != null) {
            fanOut = meta.at("/functions/0/fanOut").asInt(DEFAULT_FAN_OUT);
        } else {
            fanOut = DEFAULT_FAN_OUT;
            boolean distributed = "DISTRIBUTED".equals(processor.at("/ProcessorConfig/Mode").asText());
            notes.add("Map (" + name + "): " + (distributed ? "Distributed, " : "") + "its item count is known only when it "
                    + "runs; fanOut " + DEFAULT_FAN_OUT + " assumed (edit functions.*.fanOut)"
                    + (s.has("ItemBatcher") ? "; its ItemBatcher (" + s.at("/ItemBatcher/MaxItemsPerBatch").asInt()
                    + " items per batch) is what dagfuse plans as a bundle, so it is not imported" : ""));
        }
        return block(processor, at + ".ItemProcessor.", input, Math.max(2, fanOut), meta, tag);
    }

    /** A Lambda Task: its functions from its (or its Map's) dagfuse block when exported by dagfuse, else one function. */
    private Set<String> task(JsonNode s, String name, String at, Set<String> input, int fanOut, JsonNode mapMeta,
                             Tag tag) {
        String resource = s.path("Resource").asText();
        String function = lambdaFunction(s, resource);
        if (function == null) {
            Fn fn = new Fn();
            fn.name = sanitize(name);
            fn.fanOut = fanOut;
            fn.after.addAll(input);
            fn.service = true;
            fn.when = tag;
            add(fn, at);
            notes.add("Task (" + name + ") calls (" + resource + "), not a Lambda function: a service task whose latency "
                    + "and price per call are not in the definition, 0 assumed (edit functions." + fn.name + ".service)");
            return Set.of(fn.name);
        }
        JsonNode config = configs.get(function);
        JsonNode meta = s.path("Parameters").path("dagfuse");
        if (meta.isMissingNode()) {
            meta = mapMeta;
        }
        if (meta != null && meta.path("functions").isArray()) {
            String last = null;
            for (JsonNode f : meta.get("functions")) {
                Fn fn = new Fn();
                fn.name = f.get("name").asText();
                fn.handler = f.path("handler").asText(null);
                fn.fanOut = f.path("fanOut").asInt(1);
                f.path("after").forEach(a -> fn.after.add(a.asText()));
                if (f.path("reads").isObject()) {
                    fn.reads = JSON.convertValue(f.get("reads"), Map.class);
                }
                applyConfig(fn, config);
                add(fn, at);
                last = fn.name;
            }
            return Set.of(last);
        }
        Fn fn = new Fn();
        fn.name = sanitize(name);
        fn.fanOut = fanOut;
        fn.after.addAll(input);
        fn.when = tag;
        applyConfig(fn, config);
        add(fn, at);
        return Set.of(fn.name);
    }

    /** An exported Map's dagfuse block: in its ItemSelector (inline) or its ItemBatcher's BatchInput (Distributed). */
    private static JsonNode metaOf(JsonNode map) {
        JsonNode m = map.path("ItemSelector").path("dagfuse");
        if (m.isMissingNode()) {
            m = map.path("ItemBatcher").path("BatchInput").path("dagfuse");
        }
        return m.isMissingNode() ? null : m;
    }

    private void add(Fn fn, String at) {
        if (!NAME.matcher(fn.name).matches()) {
            throw unsupported(at, "The function name (" + fn.name + ") is not valid in a workflow: letters, digits, _ and -, "
                    + "starting with a letter.");
        }
        if (functions.containsKey(fn.name)) {
            // the same function reached on two paths (a Choice's branches that call it): one function, both inputs
            functions.get(fn.name).after.addAll(fn.after);
            return;
        }
        functions.put(fn.name, fn);
    }

    private void applyConfig(Fn fn, JsonNode config) {
        if (config == null) {
            return;
        }
        if (config.has("MemorySize")) {
            fn.memoryMB = config.get("MemorySize").asInt();
        }
        if (config.path("Architectures").isArray() && config.get("Architectures").size() > 0) {
            fn.architecture = config.get("Architectures").get(0).asText();
        }
    }

    /** The Lambda function a Task calls: a plain function ARN, or the lambda:invoke integration's FunctionName. */
    private static String lambdaFunction(JsonNode s, String resource) {
        if (resource.startsWith("arn:aws:states:::lambda:invoke")) {
            String fn = s.path("Parameters").path("FunctionName").asText(s.at("/Arguments/FunctionName").asText(""));
            return fn.isEmpty() ? "(dynamic)" : functionName(fn);
        }
        if (resource.matches("arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:.+")) {
            return functionName(resource);
        }
        return null;
    }

    private static String functionName(String nameOrArn) {
        int i = nameOrArn.indexOf(":function:");
        String rest = i < 0 ? nameOrArn : nameOrArn.substring(i + ":function:".length());
        int q = rest.indexOf(':');
        return q < 0 ? rest : rest.substring(0, q);
    }

    /** The states reachable from {@code start}, in an order where each comes after every state that leads to it. */
    private List<String> order(JsonNode states, String start, String path) {
        if (!states.has(start)) {
            throw unsupported(path + "StartAt", "StartAt names the state (" + start + "), which is not in States.");
        }
        Map<String, Integer> indegree = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String n = todo.pop();
            if (!seen.add(n)) {
                continue;
            }
            for (String next : successors(states.get(n))) {
                if (!states.has(next)) {
                    throw unsupported(path + "States." + n, "The state (" + n + ") goes to (" + next + "), which is not in States.");
                }
                indegree.merge(next, 1, Integer::sum);
                todo.push(next);
            }
        }
        List<String> order = new ArrayList<>();
        if (indegree.getOrDefault(start, 0) > 0) {
            throw unsupported(path + "States." + start, "The state (" + start + ") is on a loop; dagfuse plans workflows "
                    + "without cycles (a DAG). Maybe unroll the loop.");
        }
        Deque<String> ready = new ArrayDeque<>(List.of(start));
        while (!ready.isEmpty()) {
            String n = ready.poll();
            order.add(n);
            for (String next : successors(states.get(n))) {
                if (indegree.merge(next, -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        if (order.size() < seen.size()) {
            String loop = seen.stream().filter(n -> !order.contains(n)).findFirst().orElse(start);
            throw unsupported(path + "States." + loop, "The state (" + loop + ") is on a loop; dagfuse plans workflows "
                    + "without cycles (a DAG). Maybe unroll the loop.");
        }
        return order;
    }

    /** Where a state may go next: Next, a Choice's rules and Default (Catch paths are error paths, not planned). */
    private static List<String> successors(JsonNode s) {
        List<String> next = new ArrayList<>();
        if (s.hasNonNull("Next")) {
            next.add(s.get("Next").asText());
        }
        for (JsonNode c : s.path("Choices")) {
            if (c.hasNonNull("Next")) {
                next.add(c.get("Next").asText());
            }
        }
        if (s.hasNonNull("Default")) {
            next.add(s.get("Default").asText());
        }
        return next.stream().distinct().toList();
    }

    private String yaml(String name, Path definition) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", ModelFiles.API_VERSION);
        root.put("kind", "Workflow");
        root.put("name", name);
        root.put("description", "Imported from " + definition.getFileName() + " by dagfuse import asl.");
        Set<String> archs = new HashSet<>();
        functions.values().stream().filter(f -> f.architecture != null).forEach(f -> archs.add(f.architecture));
        Map<String, Object> platform = new LinkedHashMap<>();
        platform.put("name", "aws-lambda");
        if (archs.size() == 1) {
            platform.put("architecture", archs.iterator().next());
        } else if (archs.size() > 1) {
            notes.add("the functions run on " + new java.util.TreeSet<>(archs) + "; the workflow's platform takes the "
                    + "default (x86_64): set platform.architecture");
        }
        root.put("platform", platform);
        Map<String, Object> fs = new LinkedHashMap<>();
        for (Fn f : functions.values()) {
            Map<String, Object> m = new LinkedHashMap<>();
            if (f.handler != null) {
                m.put("handler", f.handler);
            }
            if (!f.after.isEmpty()) {
                m.put("after", new ArrayList<>(f.after));
            }
            if (f.fanOut > 1) {
                m.put("fanOut", f.fanOut);
            }
            if (f.reads != null) {
                m.put("reads", f.reads);
            }
            if (f.when != null) {
                Map<String, Object> when = new LinkedHashMap<>();
                when.put("choice", f.when.choice());
                when.put("option", f.when.option());
                when.put("probability", f.when.probability());
                m.put("when", when);
            }
            if (f.waitFor != null) {
                m.put("wait", f.waitFor);
            } else if (f.service) {
                m.put("service", Map.of("latency", Map.of("median", "0ms"), "priceUsd", 0));
            } else if (f.memoryMB != null) {
                m.put("memoryMB", f.memoryMB);
            }
            fs.put(f.name, m);
        }
        root.put("functions", fs);
        if (functions.values().stream().anyMatch(f -> f.handler == null && !f.service && f.waitFor == null)) {
            notes.add("functions without a dagfuse handler class can be planned from a profile (profile import), "
                    + "not profiled or run locally");
        }
        return ModelFiles.toYaml(root);
    }

    private static String workflowName(JsonNode root, Path definition) {
        java.util.regex.Matcher m = Pattern.compile("^dagfuse: workflow ([A-Za-z][A-Za-z0-9_-]*),").matcher(root.path("Comment").asText());
        if (m.find()) {
            return m.group(1);
        }
        String stem = definition.getFileName().toString().replaceAll("(\\.asl)?\\.json$", "");
        return sanitize(stem);
    }

    private static String sanitize(String s) {
        String n = s.replaceAll("[^A-Za-z0-9_-]+", "-").replaceAll("^[^A-Za-z]+", "");
        return n.isEmpty() ? "f" + Integer.toHexString(s.hashCode()) : n;
    }

    private InputException unsupported(String path, String message) {
        return new InputException(file.toString(), path, message);
    }

    /** get-function-configuration files by function name. */
    private static Map<String, JsonNode> configs(Path dir) {
        Map<String, JsonNode> out = new HashMap<>();
        if (dir == null) {
            return out;
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir.toString(), "", "The --lambda-config directory does not exist.");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().toLowerCase(Locale.ROOT).endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new InputException(dir.toString(), "", "Cannot list the directory: " + e.getMessage());
        }
        for (Path f : files) {
            JsonNode n;
            try {
                n = JSON.readTree(ModelFiles.readText(f));
            } catch (JsonProcessingException e) {
                throw new InputException(f.toString(), "", "Not valid JSON: " + e.getOriginalMessage());
            }
            JsonNode c = n != null && n.has("Configuration") ? n.get("Configuration") : n; // get-function's shape too
            if (c == null || !c.hasNonNull("FunctionName")) {
                throw new InputException(f.toString(), "FunctionName", "Not a Lambda function configuration: expected "
                        + "the JSON of aws lambda get-function-configuration, with FunctionName and MemorySize.");
            }
            out.put(c.get("FunctionName").asText(), c);
        }
        return out;
    }
}
