package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.PlanRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The search space shared by the planners: the maximal fusible chains of a workflow, their contiguous segments
 * (the candidate groups), and each segment's feasible (memory, bundle size) options with their mean cost.
 * Latency draws come from the {@link GroupModel} on demand and are cached within a memory budget.
 *
 * <p>Every function is in exactly one maximal chain; a plan picks, for every chain, a partition into segments
 * and one option per segment. Chains are numbered in the topological order of their heads, which is also a
 * topological order of the chain graph, and of any plan's groups when sorted by their first function.
 */
final class Space {

    /** A candidate group: functions {@code from..to} (positions) of chain {@code chain}. */
    record Segment(int id, int chain, int from, int to, List<String> functions, int fanOut) {
    }

    /** A segment at a memory size and bundle size, with its mean cost per request. */
    record Option(int id, int segment, int memoryMB, int bundleSize, double costUsd) {
        int invocations(int fanOut) {
            return PlanGroup.invocations(fanOut, bundleSize);
        }
    }

    /** Bytes of draws kept in memory; beyond it the least recently used are dropped and recomputed when needed. */
    private static final long DRAW_CACHE_BYTES = Math.min(2L << 30, Runtime.getRuntime().maxMemory() / 3);
    /** Candidate (group, memory, bundle) options above which memory ladders are trimmed (see {@link #simulate}). */
    static final int TRIM_ABOVE = 1500;
    /** Sizes in a row beaten by a smaller size after which a trimmed ladder stops. */
    static final int SATURATED = 2;

    final Workflow workflow;
    final GroupModel model;
    final PlanRequest request;
    final List<String> order;
    final Map<String, Integer> topoIndex = new HashMap<>();
    final List<List<String>> chains = new ArrayList<>();
    /** Per chain: the chains holding the predecessors of its head, without duplicates, ascending. */
    final List<int[]> chainPredecessors = new ArrayList<>();
    final List<Segment> segments = new ArrayList<>();
    final List<Option> options = new ArrayList<>();
    final List<List<Option>> optionsOfSegment = new ArrayList<>();
    /** Per chain, per (from, to): the segment id, or -1. */
    private final List<int[][]> segmentAt = new ArrayList<>();
    private final Map<String, Integer> chainOf = new HashMap<>();
    private final Map<Integer, double[]> draws;
    private int samples = -1;
    /** Whether some memory sizes were skipped (then no plan is proven optimal over the full grid). */
    boolean trimmed;

    /**
     * Simulates every candidate option. With {@code allowTrim}, large spaces skip memory sizes past saturation
     * (see {@link #simulate}); the exhaustive planner never trims.
     */
    Space(Workflow workflow, GroupModel model, PlanRequest request, boolean allowTrim) {
        this(workflow, model, request, allowTrim, Double.POSITIVE_INFINITY);
    }

    /** As above; throws an {@link IllegalArgumentException} before drawing anything when there are more plans than {@code maxPlans}. */
    Space(Workflow workflow, GroupModel model, PlanRequest request, boolean allowTrim, double maxPlans) {
        this.workflow = workflow;
        this.model = model;
        this.request = request;
        this.order = workflow.topologicalOrder();
        for (int i = 0; i < order.size(); i++) {
            topoIndex.put(order.get(i), i);
        }
        this.draws = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, double[]> eldest) {
                return samples > 0 && (long) size() * samples * Double.BYTES > DRAW_CACHE_BYTES;
            }
        };
        long t0 = System.nanoTime();
        buildChains();
        buildSegments(allowTrim, maxPlans);
        Trace.log("space: %d functions, %d chains, %d segments, %d options%s in %.1f ms", order.size(), chains.size(),
                segments.size(), options.size(), trimmed ? " (trimmed)" : "", (System.nanoTime() - t0) / 1e6);
    }

    private void buildChains() {
        for (String f : order) {
            List<String> preds = workflow.predecessors(f);
            if (request.fusion() && preds.size() == 1 && PlanValidator.isFusible(workflow, preds.get(0), f)) {
                int c = chainOf.get(preds.get(0));
                chains.get(c).add(f);
                chainOf.put(f, c);
            } else {
                chainOf.put(f, chains.size());
                chains.add(new ArrayList<>(List.of(f)));
            }
        }
        for (List<String> chain : chains) {
            TreeSet<Integer> preds = new TreeSet<>();
            for (String p : workflow.predecessors(chain.get(0))) {
                preds.add(chainOf.get(p));
            }
            chainPredecessors.add(preds.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private void buildSegments(boolean allowTrim, double maxPlans) {
        int platformMin = workflow.platform().memoryMinMB();
        int platformMax = workflow.platform().memoryMaxMB();
        List<Ladder> ladders = new ArrayList<>();
        for (int c = 0; c < chains.size(); c++) {
            List<String> chain = chains.get(c);
            int[][] at = new int[chain.size()][chain.size()];
            for (int[] row : at) {
                Arrays.fill(row, -1);
            }
            segmentAt.add(at);
            for (int a = 0; a < chain.size(); a++) {
                for (int b = a; b < chain.size(); b++) {
                    List<String> fns = List.copyOf(chain.subList(a, b + 1));
                    int fanOut = workflow.function(fns.get(0)).fanOut();
                    Segment s = new Segment(segments.size(), c, a, b, fns, fanOut);
                    segments.add(s);
                    at[a][b] = s.id();
                    List<Integer> memories = request.memoryOptionsMB().isEmpty() ? model.memoryOptions(fns)
                            : request.memoryOptionsMB();
                    for (int k : bundleSizes(fanOut, request.bundling())) {
                        List<Integer> sizes = new ArrayList<>();
                        for (int m : new TreeSet<>(memories)) {
                            if (m >= platformMin && m <= platformMax && model.isFeasible(fns, m, k)) {
                                sizes.add(m);
                            }
                        }
                        if (!sizes.isEmpty()) {
                            ladders.add(new Ladder(s, k, sizes));
                        }
                    }
                }
            }
        }
        int[] perSegment = new int[segments.size()];
        for (Ladder l : ladders) {
            perSegment[l.segment.id()] += l.sizes.size();
        }
        double plans = plans(perSegment);
        if (plans > maxPlans) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "The exhaustive planner refuses workflow (%s): it has %.3g combinations of groups, memory and "
                            + "bundle sizes, more than its limit of %.0f. Use --solver cp-sat, or fewer --memory-options.",
                    workflow.name(), plans, maxPlans));
        }
        int candidates = ladders.stream().mapToInt(l -> l.sizes.size()).sum();
        trimmed = allowTrim && candidates > TRIM_ABOVE;
        simulate(ladders, trimmed);
        List<List<Simulated>> bySegment = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            bySegment.add(new ArrayList<>());
        }
        for (Ladder l : ladders) {
            bySegment.get(l.segment.id()).addAll(l.done);
        }
        for (Ladder l : ladders) {
            for (Simulated sim : l.done) {
                if (samples < 0) {
                    samples = sim.draws().length;
                } else if (samples != sim.draws().length) {
                    throw new IllegalStateException("The group model returned " + sim.draws().length + " draws for "
                            + l.segment.functions() + ", and " + samples + " before; every group must have the same number.");
                }
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            List<Simulated> sims = bySegment.get(i);
            sims.sort(Comparator.comparingInt(Simulated::memoryMB).thenComparingInt(Simulated::bundleSize));
            List<Option> opts = new ArrayList<>();
            for (Simulated sim : sims) {
                Option o = new Option(options.size(), i, sim.memoryMB(), sim.bundleSize(), sim.costUsd());
                options.add(o);
                opts.add(o);
                draws.put(o.id(), sim.draws());
            }
            optionsOfSegment.add(List.copyOf(opts));
        }
    }

    /** The memory sizes of one segment at one bundle size, simulated in ascending order. */
    private static final class Ladder {
        final Segment segment;
        final int bundleSize;
        final List<Integer> sizes;
        final List<Simulated> done = new ArrayList<>();

        Ladder(Segment segment, int bundleSize, List<Integer> sizes) {
            this.segment = segment;
            this.bundleSize = bundleSize;
            this.sizes = sizes;
        }
    }

    private record Simulated(int memoryMB, int bundleSize, double costUsd, double[] draws) {
    }

    /**
     * Simulates every ladder, in parallel (the model's draws do not depend on the order, so this stays
     * deterministic). When {@code trim}, a ladder stops after {@link #SATURATED} sizes in a row that an earlier
     * size beats on cost, mean and P99: beyond the CPU a group can use, more memory only costs more.
     */
    private void simulate(List<Ladder> ladders, boolean trim) {
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), ladders.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dagfuse-planner-draws");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Ladder l : ladders) {
                futures.add(pool.submit(() -> climb(l, trim)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while drawing the candidate groups.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private void climb(Ladder l, boolean trim) {
        List<String> fns = l.segment.functions();
        int saturated = 0;
        List<double[]> summaries = new ArrayList<>();
        for (int m : l.sizes) {
            double[] d = model.latencyDraws(fns, m, l.bundleSize);
            double cost = model.meanCostUsd(fns, m, l.bundleSize);
            l.done.add(new Simulated(m, l.bundleSize, cost, d));
            if (!trim) {
                continue;
            }
            double[] summary = {cost, Quantiles.mean(d), Quantiles.percentile(d, 99)};
            boolean beaten = false;
            for (double[] earlier : summaries) {
                beaten |= earlier[0] <= summary[0] && earlier[1] <= summary[1] && earlier[2] <= summary[2];
            }
            summaries.add(summary);
            saturated = beaten ? saturated + 1 : 0;
            if (saturated >= SATURATED) {
                break;
            }
        }
    }

    /** The number of complete plans: per chain, the sum over partitions of the product of option counts. */
    private double plans(int[] optionsPerSegment) {
        double total = 1;
        for (int c = 0; c < chains.size(); c++) {
            int length = chains.get(c).size();
            double[] ways = new double[length + 1];
            ways[length] = 1;
            for (int a = length - 1; a >= 0; a--) {
                for (int b = a; b < length; b++) {
                    ways[a] += optionsPerSegment[segmentAt(c, a, b)] * ways[b + 1];
                }
            }
            total *= ways[0];
        }
        return total;
    }

    /** The bundle sizes worth trying for a fan-out: for each invocation count c, the smallest k with ceil(n/k) = c. */
    static List<Integer> bundleSizes(int fanOut, boolean bundling) {
        if (!bundling || fanOut <= 1) {
            return List.of(1);
        }
        TreeSet<Integer> ks = new TreeSet<>();
        for (int c = fanOut; c >= 1; c--) {
            ks.add((fanOut + c - 1) / c);
        }
        return List.copyOf(ks);
    }

    int chainOf(String function) {
        return chainOf.get(function);
    }

    int segmentAt(int chain, int from, int to) {
        return segmentAt.get(chain)[from][to];
    }

    Segment segment(Option o) {
        return segments.get(o.segment());
    }

    /** The functions that fit no option even alone (no plan exists), in topological order. */
    List<String> unplaceable() {
        List<String> out = new ArrayList<>();
        for (String f : order) {
            int c = chainOf(f);
            int pos = chains.get(c).indexOf(f);
            boolean any = false;
            for (int a = 0; a <= pos && !any; a++) {
                for (int b = pos; b < chains.get(c).size() && !any; b++) {
                    any = !optionsOfSegment.get(segmentAt(c, a, b)).isEmpty();
                }
            }
            if (!any) {
                out.add(f);
            }
        }
        return out;
    }

    /** The draws of an option: the group's latency per request under common random numbers. */
    double[] draws(Option o) {
        double[] d = draws.get(o.id());
        if (d == null) {
            Segment s = segment(o);
            d = model.latencyDraws(s.functions(), o.memoryMB(), o.bundleSize());
            if (samples < 0) {
                samples = d.length;
            } else if (samples != d.length) {
                throw new IllegalStateException("The group model returned " + d.length + " draws for " + s.functions()
                        + ", and " + samples + " before; every group must have the same number of draws.");
            }
            draws.put(o.id(), d);
        }
        return d;
    }

    int samples() {
        if (samples < 0) {
            draws(options.get(0));
        }
        return samples;
    }

    /** Per draw, the least latency any allowed partition of chain {@code c} into options can have. */
    double[] chainMinimum(int c, boolean[] allowed) {
        int length = chains.get(c).size();
        int n = samples();
        // best[a] = per draw, the least latency of positions a..length-1 (DP over the chain's partitions).
        double[][] best = new double[length + 1][];
        best[length] = new double[n];
        for (int a = length - 1; a >= 0; a--) {
            double[] acc = null;
            for (int b = a; b < length; b++) {
                if (best[b + 1] == null) {
                    continue;
                }
                double[] segMin = segmentMinimum(segmentAt(c, a, b), allowed);
                if (segMin == null) {
                    continue;
                }
                if (acc == null) {
                    acc = new double[n];
                    Arrays.fill(acc, Double.POSITIVE_INFINITY);
                }
                double[] rest = best[b + 1];
                for (int i = 0; i < n; i++) {
                    acc[i] = Math.min(acc[i], segMin[i] + rest[i]);
                }
            }
            best[a] = acc;
        }
        return best[0];
    }

    private double[] segmentMinimum(int segment, boolean[] allowed) {
        double[] min = null;
        for (Option o : optionsOfSegment.get(segment)) {
            if (allowed != null && !allowed[o.id()]) {
                continue;
            }
            double[] d = draws(o);
            if (min == null) {
                min = d.clone();
            } else {
                for (int i = 0; i < min.length; i++) {
                    min[i] = Math.min(min[i], d[i]);
                }
            }
        }
        return min;
    }

    /** The options sorted as plan groups: by the topological index of their first function. */
    List<Option> sortedAsGroups(List<Option> chosen) {
        List<Option> sorted = new ArrayList<>(chosen);
        sorted.sort(Comparator.comparingInt(o -> topoIndex.get(segment(o).functions().get(0))));
        return sorted;
    }

    List<PlanGroup> groups(List<Option> chosen) {
        List<PlanGroup> groups = new ArrayList<>();
        for (Option o : sortedAsGroups(chosen)) {
            Segment s = segment(o);
            groups.add(PlanGroup.of(s.functions(), o.memoryMB(), s.fanOut(), o.bundleSize()));
        }
        return groups;
    }

    double cost(List<Option> chosen) {
        double sum = 0;
        for (Option o : chosen) {
            sum += o.costUsd();
        }
        return sum;
    }

    /**
     * Per draw, the request latency of a plan: the longest path over its groups. Each group starts when the
     * groups of its first function's predecessors have finished (a predecessor always ends its group).
     */
    double[] requestDraws(List<Option> chosen) {
        int n = samples();
        double[][] finishOfLast = new double[order.size()][];
        double[] request = new double[n];
        for (Option o : sortedAsGroups(chosen)) {
            Segment s = segment(o);
            double[] d = draws(o);
            double[] finish = new double[n];
            List<String> preds = workflow.predecessors(s.functions().get(0));
            for (String p : preds) {
                double[] pf = finishOfLast[topoIndex.get(p)];
                for (int i = 0; i < n; i++) {
                    finish[i] = Math.max(finish[i], pf[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                finish[i] += d[i];
                request[i] = Math.max(request[i], finish[i]);
            }
            finishOfLast[topoIndex.get(s.functions().get(s.functions().size() - 1))] = finish;
        }
        return request;
    }

    /**
     * Per draw, the request latency over the chain graph, given each chain's latency per draw (its segments'
     * draws summed along the chain, or a relaxation of it).
     */
    double[] requestDrawsOfChains(double[][] chainLatency) {
        int n = samples();
        double[][] finish = new double[chains.size()][];
        double[] request = new double[n];
        for (int c = 0; c < chains.size(); c++) {
            double[] f = new double[n];
            for (int p : chainPredecessors.get(c)) {
                double[] pf = finish[p];
                for (int i = 0; i < n; i++) {
                    f[i] = Math.max(f[i], pf[i]);
                }
            }
            double[] own = chainLatency[c];
            for (int i = 0; i < n; i++) {
                f[i] += own[i];
                request[i] = Math.max(request[i], f[i]);
            }
            finish[c] = f;
        }
        return request;
    }

    /** Per chain, the sum of the chosen options' draws along it. */
    double[][] chainLatencies(List<Option> chosen) {
        int n = samples();
        double[][] out = new double[chains.size()][];
        for (Option o : chosen) {
            int c = segment(o).chain();
            if (out[c] == null) {
                out[c] = new double[n];
            }
            double[] d = draws(o);
            double[] acc = out[c];
            for (int i = 0; i < n; i++) {
                acc[i] += d[i];
            }
        }
        return out;
    }

    /** Options per chain in a plan, for cuts and moves. */
    List<List<Option>> byChain(List<Option> chosen) {
        List<List<Option>> out = new ArrayList<>();
        for (int c = 0; c < chains.size(); c++) {
            out.add(new ArrayList<>());
        }
        for (Option o : chosen) {
            out.get(segment(o).chain()).add(o);
        }
        for (List<Option> l : out) {
            l.sort(Comparator.comparingInt(o -> segment(o).from()));
        }
        return out;
    }
}
