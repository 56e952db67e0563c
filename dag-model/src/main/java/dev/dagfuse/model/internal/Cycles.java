package dev.dagfuse.model.internal;

import dev.dagfuse.model.FunctionSpec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finds a cycle in the {@code after} relation, to name its functions in an error. */
public final class Cycles {

    private Cycles() {
    }

    /** A cycle as the list of functions on it, first repeated at the end; empty when there is none. */
    public static List<String> find(Map<String, FunctionSpec> functions) {
        Map<String, Integer> state = new LinkedHashMap<>(); // 1 = on the stack, 2 = done
        for (String start : functions.keySet()) {
            if (state.containsKey(start)) {
                continue;
            }
            Deque<String> path = new ArrayDeque<>();
            List<String> cycle = visit(start, functions, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    // Walks predecessor edges; a cycle found is reported in execution order (predecessor first).
    private static List<String> visit(String node, Map<String, FunctionSpec> functions, Map<String, Integer> state,
                                      Deque<String> path) {
        state.put(node, 1);
        path.push(node);
        FunctionSpec f = functions.get(node);
        for (String p : f == null ? List.<String>of() : f.after()) {
            Integer s = state.get(p);
            if (s == null && functions.containsKey(p)) {
                List<String> cycle = visit(p, functions, state, path);
                if (!cycle.isEmpty()) {
                    return cycle;
                }
            } else if (s != null && s == 1) {
                List<String> cycle = new ArrayList<>();
                cycle.add(p);
                for (String onPath : path) {
                    cycle.add(onPath);
                    if (onPath.equals(p)) {
                        break;
                    }
                }
                return cycle;
            }
        }
        path.pop();
        state.put(node, 2);
        return List.of();
    }
}
