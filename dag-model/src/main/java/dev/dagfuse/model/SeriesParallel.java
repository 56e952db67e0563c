// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import dev.dagfuse.model.io.PlanValidator;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * How a workflow's DAG runs as a Step Functions state machine: its maximal fusible chains in sequences and
 * {@code Parallel} states (a series-parallel decomposition). The one rule both the export, which writes these states,
 * and the model, which times and prices them, follow. It depends on the workflow only, never on a plan: an edge is
 * fused only when it is the one edge out of its upper and into its lower function ({@link PlanValidator#isFusible}), so
 * a plan's groups split these chains into consecutive segments and never change the branching.
 *
 * <p>The rule, for a set S of chains (at first all of them, in topological order): one chain is itself; when S falls
 * apart into weakly connected parts, a Parallel with one branch per part (in the order of their first chains); when
 * S splits into A then B with every chain of A an ancestor of every chain of B, the sequence of A's and B's
 * decompositions (A the shortest such prefix of the topological order). Otherwise S is not series-parallel (the "N":
 * a → c ← b → d): S's sources run first (a Parallel of them), and the rest of S after all of them, which is a barrier
 * the DAG does not have (d waits for a as well as b). {@link #isExact()} is then false, {@link #waitsFor} says what
 * each function waits for in the state machine and {@link #order()} is an order that respects it; the model waits for
 * the same.
 */
public final class SeriesParallel {

    /** A part of the state machine. */
    public sealed interface Block permits Chain, Sequence, Parallel {

        /** The chains that start when the block is entered. */
        List<Chain> entries();

        /** The chains that end it: the block has ended when they all have. */
        List<Chain> exits();

        /** Its functions, in the order the state machine lists them. */
        List<String> functions();
    }

    /** A maximal fusible chain, its functions in order: any plan runs it as consecutive groups, one after another. */
    public record Chain(List<String> functions) implements Block {

        public Chain {
            functions = List.copyOf(functions);
            if (functions.isEmpty()) {
                throw new IllegalArgumentException("A chain needs at least one function.");
            }
        }

        public String head() {
            return functions.get(0);
        }

        public String tail() {
            return functions.get(functions.size() - 1);
        }

        @Override
        public List<Chain> entries() {
            return List.of(this);
        }

        @Override
        public List<Chain> exits() {
            return List.of(this);
        }
    }

    /**
     * Blocks that run one after another, each entered when the one before it has ended; none is itself a sequence.
     * Only the root of a workflow without functions has no parts.
     */
    public record Sequence(List<Block> parts) implements Block {

        public Sequence {
            parts = List.copyOf(parts);
        }

        @Override
        public List<Chain> entries() {
            return parts.isEmpty() ? List.of() : parts.get(0).entries();
        }

        @Override
        public List<Chain> exits() {
            return parts.isEmpty() ? List.of() : parts.get(parts.size() - 1).exits();
        }

        @Override
        public List<String> functions() {
            List<String> out = new ArrayList<>();
            parts.forEach(p -> out.addAll(p.functions()));
            return List.copyOf(out);
        }
    }

    /**
     * A Parallel state: its branches (at least two, none itself a Parallel) start together after one state hand-off,
     * and it ends when every branch has ended.
     *
     * @param name unique within the workflow: {@code Parallel} and the function each branch starts with
     */
    public record Parallel(String name, List<Block> branches) implements Block {

        public Parallel {
            branches = List.copyOf(branches);
        }

        /** The function its first branch starts with. */
        public String first() {
            return branches.get(0).entries().get(0).head();
        }

        @Override
        public List<Chain> entries() {
            List<Chain> out = new ArrayList<>();
            branches.forEach(b -> out.addAll(b.entries()));
            return List.copyOf(out);
        }

        @Override
        public List<Chain> exits() {
            List<Chain> out = new ArrayList<>();
            branches.forEach(b -> out.addAll(b.exits()));
            return List.copyOf(out);
        }

        @Override
        public List<String> functions() {
            List<String> out = new ArrayList<>();
            branches.forEach(b -> out.addAll(b.functions()));
            return List.copyOf(out);
        }
    }

    private final Block root;
    private final boolean exact;
    private final List<Parallel> parallels;
    private final Map<String, List<Parallel>> entered;
    private final Map<String, List<String>> waitsFor;
    private final Map<String, List<String>> before;
    private final List<String> order;

    private SeriesParallel(Block root, boolean exact, List<Parallel> parallels, Map<String, List<Parallel>> entered,
                           Map<String, List<String>> waitsFor, Map<String, List<String>> before, List<String> order) {
        this.root = root;
        this.exact = exact;
        this.order = List.copyOf(order);
        this.parallels = List.copyOf(parallels);
        this.entered = entered;
        this.waitsFor = waitsFor;
        this.before = before;
    }

    /** The decomposition of {@code workflow}'s DAG (use {@link Workflow#seriesParallel()}, which keeps it). */
    static SeriesParallel of(Workflow workflow) {
        return new Builder(workflow).build();
    }

    /** The whole state machine: a chain, a sequence, or a Parallel. */
    public Block root() {
        return root;
    }

    /**
     * Whether the state machine waits for exactly what the DAG says: false when some part of it is not series-parallel
     * and a barrier makes functions wait for others they do not depend on.
     */
    public boolean isExact() {
        return exact;
    }

    /** Every Parallel state, an enclosing one before those inside it. */
    public List<Parallel> parallels() {
        return parallels;
    }

    /**
     * The Parallel states whose branch {@code function} starts (entered one after another just before it, the
     * outermost first); empty for a function that starts no branch.
     */
    public List<Parallel> parallelsEntered(String function) {
        return entered.getOrDefault(function, List.of());
    }

    /**
     * The functions that must have ended before {@code function} starts in the state machine: its predecessors when
     * the decomposition is exact; else also what precedes the barriers it waits at (the functions that end the part
     * before it).
     */
    public List<String> waitsFor(String function) {
        List<String> w = waitsFor.get(function);
        if (w == null) {
            throw new IllegalArgumentException("The workflow has no function (" + function + ").");
        }
        return w;
    }

    /**
     * A topological order of the workflow that also respects {@link #waitsFor}: the workflow's own when the
     * decomposition is exact, else the same wherever the barriers allow.
     */
    public List<String> order() {
        return order;
    }

    /** The functions whose states have run when {@code parallel} is entered (its every branch gets their results). */
    public List<String> before(Parallel parallel) {
        List<String> b = before.get(parallel.name());
        if (b == null) {
            throw new IllegalArgumentException("The workflow has no Parallel state (" + parallel.name() + ").");
        }
        return b;
    }

    /** The decomposition of one workflow, over its chains numbered in topological order. */
    private static final class Builder {

        private final Workflow workflow;
        private final List<Chain> chains = new ArrayList<>();
        /** Per chain, the chains it reaches (not itself). */
        private final List<BitSet> descendants = new ArrayList<>();
        /** Per chain, its neighbours either way. */
        private final List<List<Integer>> neighbours = new ArrayList<>();
        private boolean exact = true;

        private final List<Parallel> parallels = new ArrayList<>();
        private final Map<String, List<Parallel>> entered = new HashMap<>();
        private final Map<String, List<String>> structural = new HashMap<>();
        private final Map<String, List<String>> before = new HashMap<>();

        Builder(Workflow workflow) {
            this.workflow = workflow;
            Map<String, Integer> chainOf = new HashMap<>();
            List<List<String>> lists = new ArrayList<>();
            for (String f : workflow.topologicalOrder()) {
                List<String> preds = workflow.predecessors(f);
                if (preds.size() == 1 && PlanValidator.isFusible(workflow, preds.get(0), f)) {
                    int c = chainOf.get(preds.get(0));
                    lists.get(c).add(f);
                    chainOf.put(f, c);
                } else {
                    chainOf.put(f, lists.size());
                    lists.add(new ArrayList<>(List.of(f)));
                }
            }
            List<List<Integer>> successors = new ArrayList<>();
            for (List<String> l : lists) {
                chains.add(new Chain(l));
                successors.add(new ArrayList<>());
                neighbours.add(new ArrayList<>());
            }
            for (int c = 0; c < chains.size(); c++) {
                for (String p : workflow.predecessors(chains.get(c).head())) {
                    int from = chainOf.get(p);
                    successors.get(from).add(c);
                    neighbours.get(from).add(c);
                    neighbours.get(c).add(from);
                }
            }
            // a chain's predecessors have lower numbers (chains are numbered as their heads come in topological order)
            for (int c = 0; c < chains.size(); c++) {
                descendants.add(new BitSet(chains.size()));
            }
            for (int c = chains.size() - 1; c >= 0; c--) {
                for (int s : successors.get(c)) {
                    descendants.get(c).set(s);
                    descendants.get(c).or(descendants.get(s));
                }
            }
        }

        SeriesParallel build() {
            List<Integer> all = new ArrayList<>();
            for (int c = 0; c < chains.size(); c++) {
                all.add(c);
            }
            Block root = all.isEmpty() ? new Sequence(List.of()) : decompose(all);
            for (Chain c : chains) {
                for (int i = 1; i < c.functions().size(); i++) {
                    structural.put(c.functions().get(i), List.of(c.functions().get(i - 1)));
                }
            }
            visit(root, List.of());
            Map<String, List<String>> waits = new LinkedHashMap<>();
            for (String f : workflow.topologicalOrder()) {
                waits.put(f, exact ? workflow.predecessors(f) : structural.getOrDefault(f, List.of()));
            }
            Map<String, List<Parallel>> enteredCopy = new HashMap<>();
            entered.forEach((f, ps) -> enteredCopy.put(f, List.copyOf(ps)));
            return new SeriesParallel(root, exact, parallels, enteredCopy, waits, before,
                    exact ? workflow.topologicalOrder() : order(waits));
        }

        /** Kahn's algorithm over {@code waits}, taking of the functions ready the first in the workflow's order. */
        private List<String> order(Map<String, List<String>> waits) {
            List<String> topo = workflow.topologicalOrder();
            Map<String, Integer> at = new HashMap<>();
            topo.forEach(f -> at.put(f, at.size()));
            int[] pending = new int[topo.size()];
            List<List<Integer>> next = new ArrayList<>();
            topo.forEach(f -> next.add(new ArrayList<>()));
            for (String f : topo) {
                for (String p : waits.get(f)) {
                    next.get(at.get(p)).add(at.get(f));
                    pending[at.get(f)]++;
                }
            }
            PriorityQueue<Integer> ready = new PriorityQueue<>();
            for (int i = 0; i < pending.length; i++) {
                if (pending[i] == 0) {
                    ready.add(i);
                }
            }
            List<String> out = new ArrayList<>();
            while (!ready.isEmpty()) {
                int i = ready.poll();
                out.add(topo.get(i));
                for (int j : next.get(i)) {
                    if (--pending[j] == 0) {
                        ready.add(j);
                    }
                }
            }
            return out;
        }

        /** The block of {@code s}: chain numbers in ascending (topological) order, closed under paths between them. */
        private Block decompose(List<Integer> s) {
            if (s.size() == 1) {
                return chains.get(s.get(0));
            }
            List<List<Integer>> parts = components(s);
            if (parts.size() > 1) {
                List<Block> branches = new ArrayList<>();
                List<String> firsts = new ArrayList<>();
                for (List<Integer> part : parts) {
                    Block b = decompose(part);
                    branches.add(b);
                    firsts.add(b.entries().get(0).head());
                }
                return new Parallel("Parallel " + String.join(" | ", firsts), branches);
            }
            List<Integer> first;
            List<Integer> then;
            int split = seriesSplit(s);
            if (split >= 0) {
                first = s.subList(0, split);
                then = s.subList(split, s.size());
            } else {
                // not series-parallel: a barrier after the sources (a connected s has some chain after them)
                exact = false;
                first = sources(s);
                then = new ArrayList<>(s);
                then.removeAll(first);
            }
            List<Block> sequence = new ArrayList<>();
            for (Block b : List.of(decompose(first), decompose(then))) {
                if (b instanceof Sequence seq) {
                    sequence.addAll(seq.parts());
                } else {
                    sequence.add(b);
                }
            }
            return new Sequence(sequence);
        }

        /** The weakly connected parts of {@code s}, each ascending, in the order of their first chains. */
        private List<List<Integer>> components(List<Integer> s) {
            BitSet in = new BitSet();
            s.forEach(in::set);
            BitSet seen = new BitSet();
            List<List<Integer>> parts = new ArrayList<>();
            for (int start : s) {
                if (seen.get(start)) {
                    continue;
                }
                List<Integer> part = new ArrayList<>();
                List<Integer> todo = new ArrayList<>(List.of(start));
                seen.set(start);
                while (!todo.isEmpty()) {
                    int c = todo.remove(todo.size() - 1);
                    part.add(c);
                    for (int n : neighbours.get(c)) {
                        if (in.get(n) && !seen.get(n)) {
                            seen.set(n);
                            todo.add(n);
                        }
                    }
                }
                part.sort(null);
                parts.add(part);
            }
            return parts;
        }

        /** The shortest prefix of {@code s} whose every chain reaches every chain after it, or −1 when there is none. */
        private int seriesSplit(List<Integer> s) {
            BitSet rest = new BitSet();
            s.forEach(rest::set);
            BitSet reachedByAll = null;
            for (int k = 0; k < s.size() - 1; k++) {
                int c = s.get(k);
                rest.clear(c);
                if (reachedByAll == null) {
                    reachedByAll = (BitSet) descendants.get(c).clone();
                } else {
                    reachedByAll.and(descendants.get(c));
                }
                BitSet missed = (BitSet) rest.clone();
                missed.andNot(reachedByAll);
                if (missed.isEmpty()) {
                    return k + 1;
                }
            }
            return -1;
        }

        /** The chains of {@code s} without a predecessor in it, ascending. */
        private List<Integer> sources(List<Integer> s) {
            BitSet reached = new BitSet();
            s.forEach(c -> reached.or(descendants.get(c)));
            List<Integer> out = new ArrayList<>();
            for (int c : s) {
                if (!reached.get(c)) {
                    out.add(c);
                }
            }
            return out;
        }

        /** Records what each Parallel holds and what each chain head waits for in the state machine. */
        private void visit(Block block, List<String> done) {
            if (block instanceof Sequence seq) {
                List<String> acc = new ArrayList<>(done);
                for (int i = 0; i < seq.parts().size(); i++) {
                    Block part = seq.parts().get(i);
                    if (i > 0) {
                        List<String> ends = seq.parts().get(i - 1).exits().stream().map(Chain::tail).toList();
                        part.entries().forEach(e -> structural.put(e.head(), ends));
                    }
                    visit(part, acc);
                    acc.addAll(part.functions());
                }
            } else if (block instanceof Parallel p) {
                parallels.add(p);
                before.put(p.name(), List.copyOf(done));
                for (Block b : p.branches()) {
                    b.entries().forEach(e -> entered.computeIfAbsent(e.head(), k -> new ArrayList<>()).add(p));
                    visit(b, done);
                }
            }
        }
    }
}
