// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import dev.dagfuse.model.SeriesParallel.Block;
import dev.dagfuse.model.SeriesParallel.Chain;
import dev.dagfuse.model.SeriesParallel.Parallel;
import dev.dagfuse.model.SeriesParallel.Sequence;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Step Functions shape of a workflow's DAG: hand-made shapes, then seeded random DAGs against brute force. */
class SeriesParallelTest {

    @Test
    void aChainIsOneChainWithoutParallelStates() {
        Workflow w = workflow(fn("a", 3), fn("b", 3, "a"), fn("c", 1, "b"), fn("d", 1, "c"));
        SeriesParallel sp = w.seriesParallel();
        // a → b per branch, c gathers (not fusible), c → d one to one
        assertThat(sp.root()).isEqualTo(new Sequence(List.of(chain("a", "b"), chain("c", "d"))));
        assertThat(sp.parallels()).isEmpty();
        assertThat(sp.isExact()).isTrue();
        assertThat(sp.waitsFor("c")).containsExactly("b");
        assertThat(sp.parallelsEntered("a")).isEmpty();
    }

    @Test
    void aDiamondIsASplitAParallelAndAJoin() {
        Workflow w = workflow(fn("split", 1), fn("a1", 1, "split"), fn("a2", 1, "a1"), fn("b", 1, "split"),
                fn("join", 1, "a2", "b"));
        SeriesParallel sp = w.seriesParallel();
        Parallel p = new Parallel("Parallel a1 | b", List.of(chain("a1", "a2"), chain("b")));
        assertThat(sp.root()).isEqualTo(new Sequence(List.of(chain("split"), p, chain("join"))));
        assertThat(sp.isExact()).isTrue();
        assertThat(sp.parallels()).containsExactly(p);
        assertThat(p.first()).isEqualTo("a1");
        assertThat(sp.parallelsEntered("a1")).containsExactly(p);
        assertThat(sp.parallelsEntered("b")).containsExactly(p);
        assertThat(sp.parallelsEntered("a2")).isEmpty();
        assertThat(sp.before(p)).containsExactly("split");
        assertThat(sp.waitsFor("join")).containsExactly("a2", "b");
    }

    @Test
    void nestedParallelsAddUpForTheFunctionsThatStartBoth() {
        // a → {x, y} → z → d and a → c → d: the outer Parallel's first branch starts with the inner Parallel
        Workflow w = workflow(fn("a", 1), fn("x", 1, "a"), fn("y", 1, "a"), fn("z", 1, "x", "y"), fn("c", 1, "a"),
                fn("d", 1, "z", "c"));
        SeriesParallel sp = w.seriesParallel();
        Parallel inner = new Parallel("Parallel x | y", List.of(chain("x"), chain("y")));
        Parallel outer = new Parallel("Parallel x | c", List.of(new Sequence(List.of(inner, chain("z"))), chain("c")));
        assertThat(sp.root()).isEqualTo(new Sequence(List.of(chain("a"), outer, chain("d"))));
        assertThat(sp.parallels()).containsExactly(outer, inner);
        assertThat(sp.parallelsEntered("x")).containsExactly(outer, inner);
        assertThat(sp.parallelsEntered("y")).containsExactly(outer, inner);
        assertThat(sp.parallelsEntered("c")).containsExactly(outer);
        assertThat(sp.parallelsEntered("z")).isEmpty();
        assertThat(sp.before(inner)).containsExactly("a");
        assertThat(sp.isExact()).isTrue();
    }

    @Test
    void independentWorkflowsAndCompleteJoinsNeedNoBarrier() {
        SeriesParallel two = workflow(fn("a", 1), fn("b", 1, "a"), fn("x", 1), fn("y", 1, "x")).seriesParallel();
        assertThat(two.root()).isEqualTo(new Parallel("Parallel a | x", List.of(chain("a", "b"), chain("x", "y"))));
        // {a, b} → {c, d}, all four edges: every one of a, b precedes every one of c, d
        SeriesParallel bipartite = workflow(fn("a", 1), fn("b", 1), fn("c", 1, "a", "b"), fn("d", 1, "a", "b"))
                .seriesParallel();
        assertThat(bipartite.root()).isEqualTo(new Sequence(List.of(
                new Parallel("Parallel a | b", List.of(chain("a"), chain("b"))),
                new Parallel("Parallel c | d", List.of(chain("c"), chain("d"))))));
        assertThat(bipartite.isExact()).isTrue();
    }

    @Test
    void anNIsNotSeriesParallelAndWaitsAtABarrier() {
        // a → c ← b → d: no split keeps d from waiting for a
        Workflow w = workflow(fn("a", 1), fn("b", 1), fn("c", 1, "a", "b"), fn("d", 1, "b"), fn("e", 1, "d"));
        SeriesParallel sp = w.seriesParallel();
        assertThat(sp.isExact()).isFalse();
        assertThat(sp.root()).isEqualTo(new Sequence(List.of(
                new Parallel("Parallel a | b", List.of(chain("a"), chain("b"))),
                new Parallel("Parallel c | d", List.of(chain("c"), chain("d", "e"))))));
        assertThat(sp.waitsFor("d")).containsExactly("a", "b");
        assertThat(sp.waitsFor("c")).containsExactly("a", "b");
        assertThat(sp.waitsFor("e")).containsExactly("d");
        assertThat(sp.waitsFor("a")).isEmpty();
    }

    @Test
    void aWorkflowWithoutFunctionsIsAnEmptySequence() {
        SeriesParallel sp = workflow().seriesParallel();
        assertThat(sp.root()).isEqualTo(new Sequence(List.of()));
        assertThat(sp.root().functions()).isEmpty();
        assertThat(sp.isExact()).isTrue();
    }

    // ---- random DAGs ----

    static LongStream seeds() {
        return LongStream.range(0, 300);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyFunctionIsInOneMaximalChainInAnOrderTheBarriersRespect(long seed) {
        Workflow w = WorkflowGraphTest.randomDag(seed, 22);
        SeriesParallel sp = w.seriesParallel();
        List<String> listed = sp.root().functions();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(w.functions().keySet());
        // an order the planners and the model may walk: it respects both the edges and the barriers
        assertThat(sp.order()).containsExactlyInAnyOrderElementsOf(w.functions().keySet());
        if (sp.isExact()) {
            assertThat(sp.order()).isEqualTo(w.topologicalOrder());
        }
        Map<String, Integer> at = new HashMap<>();
        for (String f : sp.order()) {
            at.put(f, at.size());
        }
        for (String f : w.functions().keySet()) {
            for (String p : sp.waitsFor(f)) {
                assertThat(at.get(p)).as(p + " before " + f).isLessThan(at.get(f));
            }
            for (String p : w.predecessors(f)) {
                assertThat(at.get(p)).as(p + " before " + f).isLessThan(at.get(f));
            }
        }
        checkShape(w, sp.root(), sp);
        Set<String> names = new HashSet<>();
        sp.parallels().forEach(p -> assertThat(names.add(p.name())).as(p.name()).isTrue());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theStateMachineWaitsForEveryPredecessorAndForNothingElseWhenExact(long seed) {
        Workflow w = WorkflowGraphTest.randomDag(seed, 22);
        SeriesParallel sp = w.seriesParallel();
        Map<String, List<String>> structural = new HashMap<>();
        Map<String, List<String>> declared = new HashMap<>();
        for (String f : w.functions().keySet()) {
            structural.put(f, sp.waitsFor(f));
            declared.put(f, w.predecessors(f));
        }
        for (String f : w.functions().keySet()) {
            Set<String> waits = ancestors(structural, f);
            Set<String> needs = ancestors(declared, f);
            assertThat(waits).as(f).containsAll(needs);
            if (sp.isExact()) {
                assertThat(waits).as(f).isEqualTo(needs);
            }
        }
        for (Parallel p : sp.parallels()) {
            // a Parallel's input holds the results of exactly what every one of its branches waits for
            for (Chain e : p.entries()) {
                assertThat(Set.copyOf(sp.before(p))).as(p.name()).isEqualTo(ancestors(structural, e.head()));
            }
        }
    }

    /**
     * The state machine run with integer durations (so that sums are exact): a sequence adds up, a Parallel takes one
     * hand-off and then its longest branch. The longest path over what each function waits for, with each Parallel's
     * hand-off added to the functions that start its branches, gives the same request time; where the decomposition is
     * exact, so does the longest path over the workflow's own edges.
     */
    @ParameterizedTest
    @MethodSource("seeds")
    void theLongestPathWithHandOffsIsTheStateMachinesTime(long seed) {
        Workflow w = WorkflowGraphTest.randomDag(seed, 22);
        SeriesParallel sp = w.seriesParallel();
        SplittableRandom r = new SplittableRandom(seed ^ 0x5EEDL);
        Map<String, Double> work = new HashMap<>();
        w.functions().keySet().forEach(f -> work.put(f, (double) r.nextInt(0, 50)));
        Map<String, Double> handOff = new HashMap<>();
        sp.parallels().forEach(p -> handOff.put(p.name(), (double) r.nextInt(0, 20)));

        double run = run(sp.root(), 0, work, handOff);
        Map<String, Double> own = new HashMap<>();
        for (String f : w.functions().keySet()) {
            double d = work.get(f);
            for (Parallel p : sp.parallelsEntered(f)) {
                d += handOff.get(p.name());
            }
            own.put(f, d);
        }
        assertThat(longestPath(w, sp::waitsFor, own)).isEqualTo(run);
        if (sp.isExact()) {
            assertThat(longestPath(w, w::predecessors, own)).isEqualTo(run);
        } else {
            assertThat(longestPath(w, w::predecessors, own)).isLessThanOrEqualTo(run);
        }
    }

    @Test
    void mostRandomDagsAreExactAndSomeAreNot() {
        long exact = seeds().filter(s -> WorkflowGraphTest.randomDag(s, 22).seriesParallel().isExact()).count();
        long withParallels = seeds().filter(s -> !WorkflowGraphTest.randomDag(s, 22).seriesParallel().parallels().isEmpty())
                .count();
        // the random tests above cover both kinds and Parallel states
        assertThat(exact).isBetween(20L, seeds().count() - 20);
        assertThat(withParallels).isGreaterThan(100);
    }

    // ---- helpers ----

    private static double run(Block b, double start, Map<String, Double> work, Map<String, Double> handOff) {
        if (b instanceof Chain c) {
            double t = start;
            for (String f : c.functions()) {
                t += work.get(f);
            }
            return t;
        }
        if (b instanceof Sequence s) {
            double t = start;
            for (Block part : s.parts()) {
                t = run(part, t, work, handOff);
            }
            return t;
        }
        Parallel p = (Parallel) b;
        double entered = start + handOff.get(p.name());
        double end = entered;
        for (Block branch : p.branches()) {
            end = Math.max(end, run(branch, entered, work, handOff));
        }
        return end;
    }

    private static double longestPath(Workflow w, java.util.function.Function<String, List<String>> waits,
                                      Map<String, Double> own) {
        Map<String, Double> finish = new HashMap<>();
        double request = 0;
        for (String f : w.seriesParallel().order()) {
            double start = 0;
            for (String p : waits.apply(f)) {
                start = Math.max(start, finish.get(p));
            }
            finish.put(f, start + own.get(f));
            request = Math.max(request, finish.get(f));
        }
        return request;
    }

    private static Set<String> ancestors(Map<String, List<String>> preds, String f) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(preds.get(f));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (seen.add(p)) {
                todo.addAll(preds.get(p));
            }
        }
        return seen;
    }

    /** Sequences of at least two parts, none a sequence; Parallels of at least two branches, none a Parallel; chains maximal. */
    private static void checkShape(Workflow w, Block b, SeriesParallel sp) {
        if (b instanceof Chain c) {
            for (int i = 1; i < c.functions().size(); i++) {
                assertThat(PlanValidator.isFusible(w, c.functions().get(i - 1), c.functions().get(i))).isTrue();
            }
            List<String> before = w.predecessors(c.head());
            assertThat(before.size() == 1 && PlanValidator.isFusible(w, before.get(0), c.head())).as(c.head()).isFalse();
            List<String> after = w.successors(c.tail());
            assertThat(after.size() == 1 && PlanValidator.isFusible(w, c.tail(), after.get(0))).as(c.tail()).isFalse();
        } else if (b instanceof Sequence s) {
            assertThat(s.parts()).hasSizeGreaterThanOrEqualTo(b == sp.root() && w.functions().isEmpty() ? 0 : 2);
            s.parts().forEach(p -> assertThat(p).isNotInstanceOf(Sequence.class));
            s.parts().forEach(p -> checkShape(w, p, sp));
        } else {
            Parallel p = (Parallel) b;
            assertThat(p.branches()).hasSizeGreaterThanOrEqualTo(2);
            p.branches().forEach(x -> assertThat(x).isNotInstanceOf(Parallel.class));
            p.branches().forEach(x -> checkShape(w, x, sp));
        }
    }

    private static Chain chain(String... functions) {
        return new Chain(List.of(functions));
    }

    private static Workflow workflow(FunctionSpec... functions) {
        return Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(functions));
    }

    private static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }
}
