// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.internal.FunctionGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The workflow's graph (JGraphT behind {@link FunctionGraph}) against the hand-written code it replaced and
 * against brute force, on seeded random DAGs whose declaration order is shuffled (predecessors may come later).
 */
class WorkflowGraphTest {

    static LongStream seeds() {
        return LongStream.range(0, 400);
    }

    // ---- the graph's lists: the same as before, on any DAG ----

    @ParameterizedTest
    @MethodSource("seeds")
    void listsAreThoseOfTheHandWrittenCode(long seed) {
        Workflow w = randomDag(seed, 25);
        Map<String, FunctionSpec> fns = new LinkedHashMap<>(w.functions());

        assertThat(w.topologicalOrder()).isEqualTo(Before.topologicalOrder(fns));
        assertThat(w.entries()).isEqualTo(Before.entries(fns));
        assertThat(w.exits()).isEqualTo(Before.exits(fns));
        assertThat(w.edges()).isEqualTo(Before.edges(fns));
        for (String f : fns.keySet()) {
            assertThat(w.successors(f)).as(f).isEqualTo(Before.successors(fns, f));
            assertThat(w.predecessors(f)).as(f).isEqualTo(fns.get(f).after());
        }
    }

    @Test
    void topologicalOrderKeepsDeclarationOrderWhereItCan() {
        Workflow w = Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(
                fn("c", "b"), fn("x"), fn("b", "a"), fn("a"), fn("y", "x")));
        assertThat(w.topologicalOrder()).containsExactly("x", "a", "b", "c", "y");
        assertThat(w.successors("x")).containsExactly("y");
        assertThat(w.predecessors("c")).containsExactly("b");
    }

    @Test
    void functionsStayAnOrdinaryUnmodifiableMapInDeclarationOrder() {
        List<FunctionSpec> specs = List.of(fn("b", "a"), fn("a"), fn("c", "a", "b"));
        Workflow w = Workflow.of("w", AwsLambdaPlatform.defaults(), specs);
        Map<String, FunctionSpec> plain = new LinkedHashMap<>();
        specs.forEach(f -> plain.put(f.name(), f));

        assertThat(w.functions()).isEqualTo(plain);
        assertThat(w.functions().hashCode()).isEqualTo(plain.hashCode());
        assertThat(w.functions().toString()).isEqualTo(plain.toString());
        assertThat(w.functions().keySet()).containsExactly("b", "a", "c");
        assertThatThrownBy(() -> w.functions().put("d", fn("d"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> w.functions().keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> w.successors("nope")).hasMessage("The workflow (w) has no function (nope).");

        Workflow copy = new Workflow("w", "", null, LocalPlatform.of(2), w.functions(), null);
        assertThat(copy.functions()).isSameAs(w.functions());
        assertThat(copy).isEqualTo(new Workflow("w", "", null, LocalPlatform.of(2), plain, null));
    }

    // ---- cycles: named deterministically, with the messages as before ----

    @Test
    void cycleMessages() {
        assertThatThrownBy(() -> Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(fn("a", "c"), fn("b", "a"), fn("c", "b"))))
                .hasMessage("The workflow (w) has a cycle: a -> b -> c -> a.");
        assertThatThrownBy(() -> Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(fn("x"), fn("a", "a"))))
                .hasMessage("The workflow (w) has a cycle: a -> a.");
        // a cycle is reported before an unknown predecessor, as before
        assertThatThrownBy(() -> Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(fn("a", "nope", "b"), fn("b", "a"))))
                .hasMessage("The workflow (w) has a cycle: a -> b -> a.");
        assertThatThrownBy(() -> Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(fn("a"), fn("b", "a", "nope"))))
                .hasMessage("The function (b) comes after an unknown function (nope).");
        assertThatThrownBy(() -> Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(fn("a"), fn("b", "a", "a"))))
                .hasMessage("The function (b) lists a predecessor twice: [a, a].");
    }

    @Test
    void theCycleIsTheShortestThroughTheFirstDeclaredFunctionOnOne() {
        // x → a → b → c → a and a → c → a: through a, the shorter one
        Map<String, List<String>> after = new LinkedHashMap<>();
        after.put("x", List.of());
        after.put("a", List.of("x", "c"));
        after.put("b", List.of("a"));
        after.put("c", List.of("b", "a"));
        assertThat(FunctionGraph.cycle(after)).containsExactly("a", "c", "a");
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void aCycleIsFoundExactlyWhenThereIsOneAndIsAShortestThroughTheFirstDeclaredFunctionOnOne(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = r.nextInt(1, 11);
        double density = 0.05 + 0.25 * r.nextDouble();
        Map<String, List<String>> after = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            List<String> preds = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (r.nextDouble() < (i == j ? density / 4 : density)) {
                    preds.add("f" + j);
                }
            }
            after.put("f" + i, preds);
        }

        List<String> cycle = FunctionGraph.cycle(after);

        String first = after.keySet().stream().filter(f -> shortestCycle(after, f) > 0).findFirst().orElse(null);
        if (first == null) {
            assertThat(cycle).isEmpty();
            return;
        }
        assertThat(cycle.get(0)).isEqualTo(first);
        assertThat(cycle.get(cycle.size() - 1)).isEqualTo(first);
        assertThat(cycle.size() - 1).isEqualTo(shortestCycle(after, first));
        assertThat(cycle.subList(1, cycle.size())).doesNotHaveDuplicates();
        for (int i = 0; i + 1 < cycle.size(); i++) {
            assertThat(after.get(cycle.get(i + 1))).contains(cycle.get(i)); // in execution order
        }
        assertThat(FunctionGraph.cycle(new LinkedHashMap<>(after))).isEqualTo(cycle);
        List<FunctionSpec> specs = new ArrayList<>();
        after.forEach((f, preds) -> specs.add(fn(f, preds.toArray(String[]::new))));
        assertThatThrownBy(() -> Workflow.of("w", AwsLambdaPlatform.defaults(), specs))
                .hasMessage("The workflow (w) has a cycle: " + String.join(" -> ", cycle) + ".");
    }

    // ---- the critical path: brute force over every path from an entry to an exit ----

    @ParameterizedTest
    @MethodSource("seeds")
    void criticalPathIsTheLongestPathWithTiesToTheFirstDeclared(long seed) {
        Workflow w = randomDag(seed, 12);
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        Map<String, Double> weight = new HashMap<>();
        w.functions().keySet().forEach(f -> weight.put(f, (double) r.nextInt(0, 4))); // whole numbers: many ties

        CriticalPath path = w.criticalPath(weight::get);

        assertThat(path).isEqualTo(bruteForce(w, weight));
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void criticalPathLengthIsExactWithFractionalWeights(long seed) {
        Workflow w = randomDag(seed, 12);
        SplittableRandom r = new SplittableRandom(seed + 1);
        Map<String, Double> weight = new HashMap<>();
        w.functions().keySet().forEach(f -> weight.put(f, 1000 * r.nextDouble()));

        CriticalPath path = w.criticalPath(weight::get);

        assertThat(path.length()).isEqualTo(bruteForce(w, weight).length());
        assertThat(path.length()).isEqualTo(sum(path.functions(), weight));
        if (!path.functions().isEmpty()) {
            assertThat(w.entries()).contains(path.functions().get(0));
            assertThat(w.exits()).contains(path.functions().get(path.functions().size() - 1));
        }
        for (int i = 0; i + 1 < path.functions().size(); i++) {
            assertThat(w.successors(path.functions().get(i))).contains(path.functions().get(i + 1));
        }
    }

    @Test
    void criticalPathOfADiamondAndItsLimits() {
        Workflow w = Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(fn("a"), fn("b", "a"), fn("c", "a"), fn("d", "b", "c")));
        Map<String, Double> ms = Map.of("a", 10.0, "b", 5.0, "c", 7.0, "d", 1.0);
        assertThat(w.criticalPath(ms::get)).isEqualTo(new CriticalPath(List.of("a", "c", "d"), 18));
        assertThat(w.criticalPath(f -> 1)).isEqualTo(new CriticalPath(List.of("a", "b", "d"), 3));
        assertThat(Workflow.of("w", AwsLambdaPlatform.defaults(), List.of()).criticalPath(f -> 1))
                .isEqualTo(new CriticalPath(List.of(), 0));
        assertThatThrownBy(() -> w.criticalPath(f -> f.equals("c") ? Double.NaN : 1))
                .hasMessage("The weight (NaN) of function (c) must be finite and ≥ 0.");
        assertThatThrownBy(() -> w.criticalPath(f -> -1)).hasMessageContaining("≥ 0");
    }

    // ---- helpers ----

    /** A DAG of up to {@code max} functions f0.. (edges from lower to higher numbers), declared in a shuffled order. */
    static Workflow randomDag(long seed, int max) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = r.nextInt(0, max + 1);
        double density = r.nextDouble() * 0.5;
        List<FunctionSpec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> after = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (r.nextDouble() < density) {
                    after.add("f" + j);
                }
            }
            Collections.shuffle(after, new Random(r.nextLong()));
            int fanOut = new int[] {1, 1, 3, 5}[r.nextInt(4)]; // every edge kind
            specs.add(new FunctionSpec("f" + i, null, 1024, List.of(), after, fanOut, Retry.DEFAULT,
                    FunctionSpec.DEFAULT_TIMEOUT_MS, null));
        }
        Collections.shuffle(specs, new Random(r.nextLong()));
        return Workflow.of("random-" + seed, AwsLambdaPlatform.defaults(), specs);
    }

    static FunctionSpec fn(String name, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), 1, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }

    /** Edges on the shortest cycle through {@code f}, or 0 when it is on none (breadth first). */
    static int shortestCycle(Map<String, List<String>> after, String f) {
        Map<String, Integer> distance = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>(List.of(f));
        distance.put(f, 0);
        while (!queue.isEmpty()) {
            String u = queue.poll();
            for (Map.Entry<String, List<String>> e : after.entrySet()) {
                if (e.getValue().contains(u)) { // u → e.getKey()
                    if (e.getKey().equals(f)) {
                        return distance.get(u) + 1;
                    }
                    if (distance.putIfAbsent(e.getKey(), distance.get(u) + 1) == null) {
                        queue.add(e.getKey());
                    }
                }
            }
        }
        return 0;
    }

    /** Of every path from an entry to an exit, the longest; ties to the first declared end, then backwards. */
    static CriticalPath bruteForce(Workflow w, Map<String, Double> weight) {
        List<String> declared = new ArrayList<>(w.functions().keySet());
        List<List<String>> paths = new ArrayList<>();
        for (String entry : w.entries()) {
            extend(w, new ArrayList<>(List.of(entry)), paths);
        }
        List<String> best = null;
        for (List<String> p : paths) {
            if (best == null || sum(p, weight) > sum(best, weight)
                    || sum(p, weight) == sum(best, weight) && backwardsFirst(p, best, declared)) {
                best = p;
            }
        }
        return best == null ? new CriticalPath(List.of(), 0) : new CriticalPath(best, sum(best, weight));
    }

    private static void extend(Workflow w, List<String> path, List<List<String>> out) {
        String last = path.get(path.size() - 1);
        if (w.successors(last).isEmpty()) {
            out.add(List.copyOf(path));
        }
        for (String s : w.successors(last)) {
            path.add(s);
            extend(w, path, out);
            path.remove(path.size() - 1);
        }
    }

    private static boolean backwardsFirst(List<String> a, List<String> b, List<String> declared) {
        for (int i = a.size() - 1, j = b.size() - 1; i >= 0 && j >= 0; i--, j--) {
            int c = Integer.compare(declared.indexOf(a.get(i)), declared.indexOf(b.get(j)));
            if (c != 0) {
                return c < 0;
            }
        }
        return a.size() < b.size();
    }

    private static double sum(List<String> path, Map<String, Double> weight) {
        double s = 0;
        for (String f : path) {
            s += weight.get(f);
        }
        return s;
    }

    /** The hand-written graph code that {@code Workflow} had before JGraphT, verbatim but for the receiver. */
    static final class Before {

        static List<String> successors(Map<String, FunctionSpec> functions, String function) {
            List<String> out = new ArrayList<>();
            for (FunctionSpec f : functions.values()) {
                if (f.after().contains(function)) {
                    out.add(f.name());
                }
            }
            return out;
        }

        static List<Edge> edges(Map<String, FunctionSpec> functions) {
            List<Edge> edges = new ArrayList<>();
            for (FunctionSpec f : functions.values()) {
                for (String p : f.after()) {
                    edges.add(new Edge(p, f.name(), EdgeKind.of(functions.get(p).fanOut(), f.fanOut())));
                }
            }
            return edges;
        }

        static List<String> entries(Map<String, FunctionSpec> functions) {
            return functions.values().stream().filter(f -> f.after().isEmpty()).map(FunctionSpec::name).toList();
        }

        static List<String> exits(Map<String, FunctionSpec> functions) {
            return functions.keySet().stream().filter(n -> successors(functions, n).isEmpty()).toList();
        }

        static List<String> topologicalOrder(Map<String, FunctionSpec> functions) {
            List<String> order = new ArrayList<>();
            Map<String, Integer> indegree = new LinkedHashMap<>();
            functions.values().forEach(f -> indegree.put(f.name(), f.after().size()));
            while (order.size() < functions.size()) {
                String next = indegree.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey)
                        .findFirst().orElseThrow();
                indegree.remove(next);
                order.add(next);
                for (String s : successors(functions, next)) {
                    indegree.computeIfPresent(s, (k, v) -> v - 1);
                }
            }
            return order;
        }
    }
}
