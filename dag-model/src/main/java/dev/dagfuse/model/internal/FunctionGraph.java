// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal;

import dev.dagfuse.model.CriticalPath;
import dev.dagfuse.model.Edge;
import dev.dagfuse.model.EdgeKind;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.SeriesParallel;
import org.jgrapht.Graph;
import org.jgrapht.GraphPath;
import org.jgrapht.Graphs;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;
import org.jgrapht.alg.shortestpath.BFSShortestPath;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.traverse.TopologicalOrderIterator;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * A workflow's functions (unmodifiable, in declaration order) with the DAG they form: an edge {@code p → f} for
 * every {@code p} in {@code f.after()}. {@code Workflow} is a record and cannot have a private field, so this map is
 * the value of its {@code functions} component: an ordinary map to every caller, the graph to {@code Workflow}.
 * Adjacency lists, orders and edges are read off the graph once, since planners ask for them in loops.
 */
public final class FunctionGraph extends AbstractMap<String, FunctionSpec> {

    private final Map<String, FunctionSpec> functions;
    private final Graph<String, DefaultEdge> graph;
    private final Map<String, Integer> declared = new HashMap<>();
    private final Map<String, List<String>> successors = new HashMap<>();
    private final Map<String, List<String>> predecessors = new HashMap<>();
    private final List<String> topologicalOrder;
    private final List<String> entries;
    private final List<String> exits;
    private final List<Edge> edges;
    /** Built on first use: it depends on the graph and the fan-outs only, so every workflow sharing this graph shares it. */
    private volatile SeriesParallel seriesParallel;

    private FunctionGraph(Map<String, FunctionSpec> functions, Graph<String, DefaultEdge> graph) {
        this.functions = Collections.unmodifiableMap(functions);
        this.graph = new AsUnmodifiableGraph<>(graph);
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        List<Edge> all = new ArrayList<>();
        for (String f : graph.vertexSet()) {
            declared.put(f, declared.size());
            // JGraphT keeps edges in insertion order: successors in declaration order, predecessors in after order
            successors.put(f, List.copyOf(Graphs.successorListOf(graph, f)));
            predecessors.put(f, List.copyOf(Graphs.predecessorListOf(graph, f)));
            if (graph.inDegreeOf(f) == 0) {
                in.add(f);
            }
            if (graph.outDegreeOf(f) == 0) {
                out.add(f);
            }
            for (String p : predecessors.get(f)) {
                FunctionSpec from = functions.get(p);
                FunctionSpec to = functions.get(f);
                all.add(new Edge(p, f, EdgeKind.of(from.fanOut(), to.fanOut(), Reads.of(from, to))));
            }
        }
        // Among the functions ready next, the first declared: the order follows the file wherever the DAG allows.
        List<String> order = new ArrayList<>();
        new TopologicalOrderIterator<>(graph, Comparator.comparing(declared::get)).forEachRemaining(order::add);
        this.topologicalOrder = List.copyOf(order);
        this.entries = List.copyOf(in);
        this.exits = List.copyOf(out);
        this.edges = List.copyOf(all);
    }

    /**
     * The graph of {@code functions}, checked. The messages are {@code Workflow}'s: a cycle first (named as
     * {@link #cycle(Map)} does), then a predecessor that is not a function, then a predecessor listed twice.
     *
     * @param workflow the workflow's name, for the messages
     */
    public static FunctionGraph of(String workflow, Map<String, FunctionSpec> functions) {
        Map<String, FunctionSpec> copy = new LinkedHashMap<>(functions);
        Map<String, List<String>> after = new LinkedHashMap<>();
        copy.forEach((name, f) -> after.put(name, f.after()));
        Graph<String, DefaultEdge> graph = graph(after);
        List<String> cycle = cycle(graph);
        if (!cycle.isEmpty()) {
            throw new IllegalArgumentException("The workflow (" + workflow + ") has a cycle: " + String.join(" -> ", cycle) + ".");
        }
        for (FunctionSpec f : copy.values()) {
            for (String p : f.after()) {
                if (!copy.containsKey(p)) {
                    throw new IllegalArgumentException("The function (" + f.name() + ") comes after an unknown function (" + p + ").");
                }
            }
            // the graph has one edge per pair; a repeated predecessor would silently vanish from it
            if (f.after().stream().distinct().count() != f.after().size()) {
                throw new IllegalArgumentException("The function (" + f.name() + ") lists a predecessor twice: " + f.after() + ".");
            }
        }
        return new FunctionGraph(copy, graph);
    }

    /**
     * A cycle of the {@code after} relation (function → its predecessors, in declaration order; unknown
     * predecessors are ignored), in execution order with its first function repeated at the end; empty when there
     * is none. Deterministic: the shortest cycle through the first declared function that is on any cycle.
     */
    public static List<String> cycle(Map<String, List<String>> after) {
        return cycle(graph(after));
    }

    // Loops are allowed (DefaultDirectedGraph) so that a function after itself is reported like any other cycle.
    private static Graph<String, DefaultEdge> graph(Map<String, List<String>> after) {
        Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
        after.keySet().forEach(graph::addVertex);
        after.forEach((f, predecessors) -> {
            for (String p : predecessors) {
                if (graph.containsVertex(p)) {
                    graph.addEdge(p, f);
                }
            }
        });
        return graph;
    }

    private static List<String> cycle(Graph<String, DefaultEdge> graph) {
        CycleDetector<String, DefaultEdge> detector = new CycleDetector<>(graph);
        if (!detector.detectCycles()) {
            return List.of();
        }
        Set<String> onCycles = detector.findCycles();
        String first = graph.vertexSet().stream().filter(onCycles::contains).findFirst().orElseThrow();
        if (graph.containsEdge(first, first)) {
            return List.of(first, first);
        }
        // first → … → p (a shortest path, breadth first in declaration order) closed by the edge p → first
        SingleSourcePaths<String, DefaultEdge> from = new BFSShortestPath<>(graph).getPaths(first);
        GraphPath<String, DefaultEdge> shortest = null;
        for (String p : Graphs.predecessorListOf(graph, first)) {
            GraphPath<String, DefaultEdge> path = from.getPath(p);
            if (path != null && (shortest == null || path.getLength() < shortest.getLength())) {
                shortest = path;
            }
        }
        List<String> cycle = new ArrayList<>(shortest.getVertexList());
        cycle.add(first);
        return List.copyOf(cycle);
    }

    public List<String> successors(String function) {
        return successors.get(function);
    }

    public List<String> predecessors(String function) {
        return predecessors.get(function);
    }

    public List<String> topologicalOrder() {
        return topologicalOrder;
    }

    public List<String> entries() {
        return entries;
    }

    public List<String> exits() {
        return exits;
    }

    public List<Edge> edges() {
        return edges;
    }

    /** The decomposition {@code build} makes, kept (a benign race: both builds are equal). */
    public SeriesParallel seriesParallel(Supplier<SeriesParallel> build) {
        SeriesParallel s = seriesParallel;
        if (s == null) {
            s = build.get();
            seriesParallel = s;
        }
        return s;
    }

    /** See {@code Workflow.criticalPath}: dynamic programming over the topological order. */
    public CriticalPath criticalPath(ToDoubleFunction<String> weight) {
        Map<String, Double> length = new HashMap<>();
        Map<String, String> via = new HashMap<>();
        for (String f : topologicalOrder) {
            double w = weight.applyAsDouble(f);
            if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("The weight (" + w + ") of function (" + f + ") must be finite and ≥ 0.");
            }
            String best = null;
            for (DefaultEdge e : graph.incomingEdgesOf(f)) {
                String p = graph.getEdgeSource(e);
                if (best == null || longer(p, best, length)) {
                    best = p;
                }
            }
            // summed from the entry onwards, as a caller adding up the path's weights in order would
            length.put(f, best == null ? w : length.get(best) + w);
            via.put(f, best);
        }
        String end = null;
        for (String f : exits) {
            if (end == null || longer(f, end, length)) {
                end = f;
            }
        }
        if (end == null) {
            return new CriticalPath(List.of(), 0);
        }
        List<String> path = new ArrayList<>();
        for (String f = end; f != null; f = via.get(f)) {
            path.add(f);
        }
        Collections.reverse(path);
        return new CriticalPath(path, length.get(end));
    }

    // Whether the longest path to a beats the one to b; of equal ones, the first declared function's wins.
    private boolean longer(String a, String b, Map<String, Double> length) {
        double la = length.get(a);
        double lb = length.get(b);
        return la > lb || la == lb && declared.get(a) < declared.get(b);
    }

    // The map: read-only, in declaration order (AbstractMap's equals, hashCode and toString act on these).

    @Override
    public Set<Entry<String, FunctionSpec>> entrySet() {
        return functions.entrySet();
    }

    @Override
    public FunctionSpec get(Object key) {
        return functions.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return functions.containsKey(key);
    }

    @Override
    public int size() {
        return functions.size();
    }

    @Override
    public Set<String> keySet() {
        return functions.keySet();
    }

    @Override
    public Collection<FunctionSpec> values() {
        return functions.values();
    }
}
