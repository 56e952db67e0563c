package dev.dagfuse.model;

import dev.dagfuse.model.internal.Cycles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated workflow: a DAG of functions. Immutable; build it with {@code ModelFiles.readWorkflow} or
 * {@link #of}, which reject cycles and unknown predecessors.
 *
 * @param name the workflow's name
 * @param description free text
 * @param objective the objective declared in the file, or {@code null}
 * @param platform where it runs
 * @param functions the functions in declaration order
 * @param sampleInput a file whose content is the request input of entry functions, or {@code null}
 */
public record Workflow(String name, String description, Objective objective, Platform platform,
                       Map<String, FunctionSpec> functions, Path sampleInput) {

    public Workflow {
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        List<String> cycle = Cycles.find(functions);
        if (!cycle.isEmpty()) {
            throw new IllegalArgumentException("The workflow (" + name + ") has a cycle: " + String.join(" -> ", cycle) + ".");
        }
        for (FunctionSpec f : functions.values()) {
            for (String p : f.after()) {
                if (!functions.containsKey(p)) {
                    throw new IllegalArgumentException("The function (" + f.name() + ") comes after an unknown function (" + p + ").");
                }
            }
        }
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

    public List<String> predecessors(String function) {
        return function(function).after();
    }

    public List<String> successors(String function) {
        List<String> out = new ArrayList<>();
        for (FunctionSpec f : functions.values()) {
            if (f.after().contains(function)) {
                out.add(f.name());
            }
        }
        return out;
    }

    public List<Edge> edges() {
        List<Edge> edges = new ArrayList<>();
        for (FunctionSpec f : functions.values()) {
            for (String p : f.after()) {
                edges.add(new Edge(p, f.name(), EdgeKind.of(function(p).fanOut(), f.fanOut())));
            }
        }
        return edges;
    }

    public EdgeKind edgeKind(String from, String to) {
        return EdgeKind.of(function(from).fanOut(), function(to).fanOut());
    }

    /** Functions without predecessors, in declaration order. */
    public List<String> entries() {
        return functions.values().stream().filter(f -> f.after().isEmpty()).map(FunctionSpec::name).toList();
    }

    /** Functions without successors, in declaration order. */
    public List<String> exits() {
        return functions.keySet().stream().filter(n -> successors(n).isEmpty()).toList();
    }

    /** A topological order that keeps declaration order where the DAG allows it (deterministic). */
    public List<String> topologicalOrder() {
        List<String> order = new ArrayList<>();
        Map<String, Integer> indegree = new LinkedHashMap<>();
        functions.values().forEach(f -> indegree.put(f.name(), f.after().size()));
        while (order.size() < functions.size()) {
            String next = indegree.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
                    .findFirst().orElseThrow();
            indegree.remove(next);
            order.add(next);
            for (String s : successors(next)) {
                indegree.computeIfPresent(s, (k, v) -> v - 1);
            }
        }
        return order;
    }

    /** The inline profiles of the workflow's functions, as a profile with source {@code inline}. */
    public Profile inlineProfile() {
        Map<String, FunctionProfile> inline = new LinkedHashMap<>();
        functions.values().stream().filter(f -> f.profile() != null).forEach(f -> inline.put(f.name(), f.profile()));
        return new Profile("inline", Map.of(), inline);
    }

    /** This workflow on another platform (e.g. the machine a plan is run on). */
    public Workflow withPlatform(Platform other) {
        return new Workflow(name, description, objective, other, functions, sampleInput);
    }
}
