// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import dev.dagfuse.model.internal.FunctionGraph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A validated workflow: a DAG of functions. Immutable; build it with {@code ModelFiles.readWorkflow} or
 * {@link #of}, which reject cycles, unknown predecessors and a predecessor listed twice. Its graph is built once.
 *
 * @param name the workflow's name
 * @param description free text
 * @param objective the objective declared in the file, or {@code null}
 * @param platform where it runs
 * @param functions the functions in declaration order (an unmodifiable map)
 * @param sampleInput a file whose content is the request input of entry functions, or {@code null}
 * @param load the arrival rate the workflow is planned for ({@code load:}), or {@code null}: none
 */
public record Workflow(String name, String description, Objective objective, Platform platform,
                       Map<String, FunctionSpec> functions, Path sampleInput, Load load) {

    /** A workflow without a {@code load:}. */
    public Workflow(String name, String description, Objective objective, Platform platform,
                    Map<String, FunctionSpec> functions, Path sampleInput) {
        this(name, description, objective, platform, functions, sampleInput, null);
    }

    public Workflow {
        // a FunctionGraph is immutable and already checked (e.g. another workflow's functions)
        functions = functions instanceof FunctionGraph graph ? graph : FunctionGraph.of(name, functions);
    }

    public static Workflow of(String name, Platform platform, List<FunctionSpec> functions) {
        Map<String, FunctionSpec> byName = new LinkedHashMap<>();
        functions.forEach(f -> byName.put(f.name(), f));
        return new Workflow(name, "", null, platform, byName, null);
    }

    public FunctionSpec function(String name) {
        FunctionSpec f = functions.get(name);
        if (f == null) {
            throw new IllegalArgumentException("The workflow (" + this.name + ") has no function (" + name + ").");
        }
        return f;
    }

    /** The predecessors of {@code function}, in the order of its {@code after}. */
    public List<String> predecessors(String function) {
        function(function); // an unknown name fails here, with the workflow's name
        return graph().predecessors(function);
    }

    /** The functions that come directly after {@code function}, in declaration order. */
    public List<String> successors(String function) {
        function(function);
        return graph().successors(function);
    }

    /** Every edge, grouped by its target in declaration order, each target's in the order of its {@code after}. */
    public List<Edge> edges() {
        return graph().edges();
    }

    public EdgeKind edgeKind(String from, String to) {
        return EdgeKind.of(function(from).fanOut(), function(to).fanOut(), reads(from, to));
    }

    /**
     * Which outputs of {@code from} each branch of {@code to} reads: as the workflow's {@code reads:} says, else output
     * j by branch j between equal fan-outs and every output otherwise.
     */
    public Reads reads(String from, String to) {
        return Reads.of(function(from), function(to));
    }

    /** The branches of {@code from} whose outputs branch {@code branch} of {@code to} reads, ascending. */
    public int[] inputBranches(String from, String to, int branch) {
        Reads r = reads(from, to);
        int n = function(from).fanOut();
        int m = function(to).fanOut();
        return java.util.stream.IntStream.range(r.first(n, m, branch), r.end(n, m, branch)).toArray();
    }

    /**
     * The choices ({@code when:}) by name, in the order first declared, each with its options' names (a function's
     * {@link #option}) in declaration order; empty when every function runs on every request that reaches it.
     */
    public Map<String, List<String>> choices() {
        Map<String, List<String>> choices = new LinkedHashMap<>();
        for (FunctionSpec f : functions.values()) {
            if (f.when() != null) {
                List<String> options = choices.computeIfAbsent(f.when().choice(), c -> new ArrayList<>());
                if (!options.contains(option(f.name()))) {
                    options.add(option(f.name()));
                }
            }
        }
        choices.replaceAll((c, options) -> List.copyOf(options));
        return Collections.unmodifiableMap(choices);
    }

    /** The option of its choice that {@code function} starts (its {@code when.option}, else its name), or null. */
    public String option(String function) {
        When when = function(function).when();
        return when == null ? null : when.option() != null ? when.option() : function;
    }

    /** The probability of {@code option} of {@code choice} (the same on every function that starts it). */
    public double optionProbability(String choice, String option) {
        for (FunctionSpec f : functions.values()) {
            if (f.when() != null && f.when().choice().equals(choice) && option.equals(option(f.name()))) {
                return f.when().probability();
            }
        }
        throw new IllegalArgumentException("The workflow (" + name + ") has no option (" + option + ") of choice ("
                + choice + ").");
    }

    /**
     * The fan-out whose width a request draws for {@code function}'s branches: functions with {@code widths:} joined by
     * per-branch edges are one lane, with one width per request, named by its first function in topological order;
     * null when its width does not vary.
     */
    public String widthLane(String function) {
        if (function(function).widths().isEmpty()) {
            return null;
        }
        String lane = function;
        boolean moved = true;
        while (moved) {
            moved = false;
            for (String p : predecessors(lane)) {
                if (!function(p).widths().isEmpty() && edgeKind(p, lane) == EdgeKind.PER_BRANCH) {
                    lane = p;
                    moved = true;
                    break;
                }
            }
        }
        return lane;
    }

    /**
     * Throws an {@link InputException} naming the first function that {@code who} (e.g. "the local executor") cannot
     * run yet — a choice's option, a service task, a Wait, a loop, a varying width: the model and the planners take
     * them, the engines run Lambda functions once per request at the declared width — with what {@code instead} says.
     */
    public void requireRunnable(String who, String instead) {
        for (FunctionSpec f : functions.values()) {
            String not = f.notRunnable();
            if (not != null) {
                throw new InputException(null, "functions." + f.name() + "." + f.notRunnableKey(), "The function ("
                        + f.name() + ") " + not + ", which " + who + " does not take yet (not built: choices, service "
                        + "tasks, Wait states, loops and varying widths are planned, not run). Maybe " + instead + ".");
            }
        }
    }

    /** Functions without predecessors, in declaration order. */
    public List<String> entries() {
        return graph().entries();
    }

    /** Functions without successors, in declaration order. */
    public List<String> exits() {
        return graph().exits();
    }

    /** A topological order that keeps declaration order where the DAG allows it (deterministic). */
    public List<String> topologicalOrder() {
        return graph().topologicalOrder();
    }

    /**
     * The critical path: the longest path from an entry to an exit, a path's length being the sum of its functions'
     * weights. Of paths of equal length, the one that ends at the first declared function wins, and so on backwards.
     *
     * @param weight per function name, finite and ≥ 0 (e.g. a latency in ms)
     */
    public CriticalPath criticalPath(ToDoubleFunction<String> weight) {
        return graph().criticalPath(weight);
    }

    /**
     * How the DAG runs as a Step Functions state machine: its chains in sequences and Parallel states (plan-independent;
     * built once per graph).
     */
    public SeriesParallel seriesParallel() {
        return graph().seriesParallel(() -> SeriesParallel.of(this));
    }

    /** The inline profiles of the workflow's functions, as a profile with source {@code inline}. */
    public Profile inlineProfile() {
        Map<String, FunctionProfile> inline = new LinkedHashMap<>();
        functions.values().stream().filter(f -> f.profile() != null).forEach(f -> inline.put(f.name(), f.profile()));
        return new Profile("inline", Map.of(), inline);
    }

    /** This workflow on another platform (e.g. the machine a plan is run on). */
    public Workflow withPlatform(Platform other) {
        return new Workflow(name, description, objective, other, functions, sampleInput, load);
    }

    /** This workflow planned for another load (null: none). */
    public Workflow withLoad(Load other) {
        return new Workflow(name, description, objective, platform, functions, sampleInput, other);
    }

    // The constructor makes functions a FunctionGraph, the one place a record can keep its derived graph.
    private FunctionGraph graph() {
        return (FunctionGraph) functions;
    }
}
