// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor.internal;

import dev.dagfuse.executor.GroupInvocation;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.RequestInputs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A plan turned into the static invocation graph of one request: every group invocation, the branches it runs,
 * the invocations it waits for and the store objects each of its items reads. Built once per run; each request
 * only adds its own state.
 */
public final class CompiledPlan {

    /** One plan group with its handlers. */
    public static final class Group {
        final int index;
        final PlanGroup plan;
        final List<FunctionSpec> specs;
        final List<Handler> handlers;
        /** What each item reads and what each function of the chain receives (shared with the Lambda runtime). */
        final GroupInvocation chain;
        /** The cores it holds, at most the bundle size: the pool an invocation runs its items on. */
        final int threads;
        /** The cores an invocation holds on the run's platform ({@link Platform#coresHeld}, the model's rule too). */
        final int cores;
        final List<Invocation> invocations = new ArrayList<>();

        Group(int index, PlanGroup plan, List<FunctionSpec> specs, List<Handler> handlers, Platform platform) {
            this.index = index;
            this.plan = plan;
            this.specs = List.copyOf(specs);
            this.handlers = List.copyOf(handlers);
            this.chain = new GroupInvocation(this.specs, this.handlers, plan.fanOut());
            this.cores = platform.coresHeld(plan.memoryMB());
            this.threads = Math.min(plan.bundleSize(), cores);
        }

        public PlanGroup plan() {
            return plan;
        }

        public int threads() {
            return threads;
        }

        public int cores() {
            return cores;
        }

        String lastFunction() {
            return specs.get(specs.size() - 1).name();
        }
    }

    /** One object a group's first function reads: the output of {@code function}'s branch {@code branch}. */
    record Source(String function, int branch) {
        String key() {
            return function + "/" + branch;
        }
    }

    /** One group invocation of a request. */
    static final class Invocation {
        final int id;
        final Group group;
        final int index;
        final int[] branches;
        /** Ids of the invocations whose outputs it reads. */
        int[] deps;
        int[] dependents;
        /** Per item (branch), per predecessor of the group's first function, the objects it reads in branch order. */
        final List<Map<String, List<Source>>> inputs = new ArrayList<>();

        Invocation(int id, Group group, int index, int[] branches) {
            this.id = id;
            this.group = group;
            this.index = index;
            this.branches = branches;
        }
    }

    final List<Group> groups;
    final List<Invocation> invocations;
    private final Workflow workflow;
    private final Map<String, Handler> handlers;

    private CompiledPlan(List<Group> groups, List<Invocation> invocations, Workflow workflow, Map<String, Handler> handlers) {
        this.groups = groups;
        this.invocations = invocations;
        this.workflow = workflow;
        this.handlers = handlers;
    }

    public List<Group> groups() {
        return groups;
    }

    /** The input of a request when no file gives one: the entry handlers' default for the seed (RequestInputs' rule). */
    public Object defaultInput(long seed) {
        return RequestInputs.defaultInput(workflow, handlers::get, seed);
    }

    public int invocationCount() {
        return invocations.size();
    }

    /**
     * Compiles a plan already checked by {@code PlanValidator} for the platform it runs on; {@code handlers} maps
     * function names to handlers.
     */
    public static CompiledPlan compile(Workflow workflow, Plan plan, Map<String, Handler> handlers, Platform platform) {
        Map<String, Group> groupOfFunction = new LinkedHashMap<>();
        List<Group> groups = new ArrayList<>();
        for (PlanGroup pg : plan.groups()) {
            List<FunctionSpec> specs = pg.functions().stream().map(workflow::function).toList();
            List<Handler> hs = pg.functions().stream().map(handlers::get).toList();
            Group g = new Group(groups.size(), pg, specs, hs, platform);
            groups.add(g);
            pg.functions().forEach(f -> groupOfFunction.put(f, g));
        }
        List<Invocation> all = new ArrayList<>();
        for (Group g : groups) {
            int n = g.plan.fanOut();
            int k = g.plan.bundleSize();
            for (int j = 0; j * k < n; j++) {
                int from = j * k;
                int to = Math.min(n, from + k);
                int[] branches = new int[to - from];
                for (int b = from; b < to; b++) {
                    branches[b - from] = b;
                }
                Invocation inv = new Invocation(all.size(), g, j, branches);
                g.invocations.add(inv);
                all.add(inv);
            }
        }
        List<List<Integer>> dependents = new ArrayList<>();
        all.forEach(i -> dependents.add(new ArrayList<>()));
        for (Group g : groups) {
            FunctionSpec first = g.specs.get(0);
            for (Invocation inv : g.invocations) {
                TreeSet<Integer> deps = new TreeSet<>();
                for (int b : inv.branches) {
                    Map<String, List<Source>> perPred = new LinkedHashMap<>();
                    for (Map.Entry<String, List<GroupInvocation.Source>> e
                            : GroupInvocation.sources(workflow, first.name(), b).entrySet()) {
                        String pred = e.getKey();
                        Group pg = groupOfFunction.get(pred);
                        if (pg == g || !pg.lastFunction().equals(pred)) {
                            throw new IllegalArgumentException("The function (" + first.name() + ") reads (" + pred
                                    + "), which is not the last function of another group; the plan is not valid.");
                        }
                        List<Source> sources = e.getValue().stream().map(s -> new Source(s.function(), s.branch())).toList();
                        for (Source s : sources) {
                            deps.add(pg.invocations.get(s.branch() / pg.plan.bundleSize()).id);
                        }
                        perPred.put(pred, sources);
                    }
                    inv.inputs.add(perPred);
                }
                inv.deps = deps.stream().mapToInt(Integer::intValue).toArray();
                for (int d : inv.deps) {
                    dependents.get(d).add(inv.id);
                }
            }
        }
        for (Invocation inv : all) {
            inv.dependents = dependents.get(inv.id).stream().mapToInt(Integer::intValue).toArray();
        }
        return new CompiledPlan(List.copyOf(groups), List.copyOf(all), workflow, Map.copyOf(handlers));
    }
}
