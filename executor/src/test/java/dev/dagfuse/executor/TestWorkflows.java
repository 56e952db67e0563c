// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.List;

/** Small workflows, plans and handlers for fast executor tests. */
final class TestWorkflows {

    private TestWorkflows() {
    }

    static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }

    static FunctionSpec fn(String name, int fanOut, Retry retry, double timeoutMs, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, retry, timeoutMs, null);
    }

    static Workflow workflow(int cores, FunctionSpec... functions) {
        return Workflow.of("test", LocalPlatform.of(cores), List.of(functions));
    }

    /** Every function alone in its group, at 1024 MB, bundle size 1. */
    static Plan unfused(Workflow w) {
        List<PlanGroup> groups = new ArrayList<>();
        for (String f : w.topologicalOrder()) {
            groups.add(PlanGroup.of(List.of(f), 1024, w.function(f).fanOut(), 1));
        }
        return new Plan(w.name(), null, groups, null, null);
    }

    static Plan plan(Workflow w, PlanGroup... groups) {
        return new Plan(w.name(), null, List.of(groups), null, null);
    }

    /** An entry handler whose default input is the request's index, so later functions can tell requests apart. */
    static Handler entry(Handler body) {
        return new Handler() {
            @Override
            public Object handle(Invocation invocation) throws Exception {
                return body.handle(invocation);
            }

            @Override
            public Object defaultInput(long seed) {
                return seed;
            }
        };
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Busy CPU work for about {@code ms}, so that it really needs a core. */
    static long spin(double ms) {
        long end = System.nanoTime() + (long) (ms * 1e6);
        long x = 0;
        while (System.nanoTime() < end) {
            x += x * 31 + 7;
        }
        return x;
    }
}
