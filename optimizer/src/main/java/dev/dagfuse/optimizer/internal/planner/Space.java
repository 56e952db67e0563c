// SPDX-License-Identifier: Apache-2.0
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

    /** A segment at a memory size, bundle size and variant (architecture, Map form), with its mean cost per request. */
    record Option(int id, int segment, int memoryMB, int bundleSize, double costUsd, GroupModel.Variant variant) {
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
    /** Candidate options above which a coarse selection starts (see {@link Selection#COARSE})... */
    static final int COARSE_ABOVE = 100;
    /** ...when some group has more memory sizes than this (a few sizes given with --memory-options are all drawn). */
    static final int COARSE_LADDER = 6;
    /** Memory sizes per (group, bundle size) in a coarse selection, the smallest and largest included. */
    static final int COARSE_SIZES = 3;
    /** Bundle sizes per group in a coarse selection, 1 and the whole fan-out included. */
    static final int COARSE_BUNDLES = 3;

    /**
     * When drawing must stop (System.nanoTime), for spaces built on this thread: set by the planners around building
     * a space, so that --time-limit covers drawing. Checked between options (one option's draws are not cut).
     */
    private static final ThreadLocal<dev.dagfuse.optimizer.TimeBudget> DRAW_DEADLINE = new ThreadLocal<>();

    /** Set while {@link #counting} builds a space: list the candidates and count their draw units, draw nothing. */
    private static final ThreadLocal<Boolean> COUNT_ONLY = ThreadLocal.withInitial(() -> false);

    /**
     * The space {@code build} would make, with its candidates listed and {@link #drawUnits} counted but nothing drawn
     * (for the sample schedule); such a space is not searched.
     */
    static Space counting(java.util.function.Supplier<Space> build) {
        Boolean before = COUNT_ONLY.get();
        COUNT_ONLY.set(true);
        try {
            return build.get();
        } finally {
            COUNT_ONLY.set(before);
        }
    }

    /** Drawing did not finish by its deadline. */
    static final class OutOfTime extends RuntimeException {
        OutOfTime() {
            super("No plan was found within the time limit: drawing the candidate groups took longer. Raise "
                    + "--time-limit, or draw fewer --samples.");
        }
    }

    /**
     * Builds spaces with {@code build}, drawing until {@code deadline}'s wall-clock deadline at the latest (else
     * {@link OutOfTime}).
     */
    static <T> T drawingUntil(dev.dagfuse.optimizer.TimeBudget deadline, java.util.function.Supplier<T> build) {
        dev.dagfuse.optimizer.TimeBudget before = DRAW_DEADLINE.get();
        DRAW_DEADLINE.set(deadline);
        try {
            return build.get();
        } finally {
            DRAW_DEADLINE.set(before);
        }
    }

    /** Which of the candidate options a space draws and offers. */
    enum Selection {
        /** Every candidate. */
        FULL,
        /** Every candidate, but above {@link #TRIM_ABOVE} each memory ladder stops once more memory stops helping. */
        TRIMMED,
        /**
         * Above {@link #COARSE_ABOVE} options with some ladder longer than {@link #COARSE_LADDER}:
         * {@link #COARSE_BUNDLES} evenly spread bundle sizes per group and
         * {@link #COARSE_SIZES} memory sizes per bundle size, refined around plans by {@link #refined}.
         */
        COARSE,
        /** As {@link #COARSE} whatever the size (to test the refinement on small spaces). */
        COARSE_ALWAYS,
        /**
         * Every candidate, none drawn up front: an option is drawn when a planner first asks for its draws or cost
         * (for walks that look at a few neighbours of one plan at a time, such as greedy).
         */
        LAZY
    }

    /** One candidate option's identity: a segment at a memory size, bundle size and variant. */
    record Key(int segment, int bundleSize, int memoryMB, GroupModel.Variant variant) {
    }

    /**
     * A drawn option: its cost, draws, their mean and their percentile at the request's objective, and the hard limit it
     * breaks (null: none). Shared across spaces of one run.
     */
    record Simulated(int memoryMB, int bundleSize, GroupModel.Variant variant, double costUsd, double[] draws, double mean,
                     double quantile, String violation) {
    }

    final Workflow workflow;
    final GroupModel model;
    final PlanRequest request;
    final List<String> order;
    final Map<String, Integer> topoIndex = new HashMap<>();
    final List<List<String>> chains = new ArrayList<>();
    /** Per chain: the chains holding what its head waits for ({@link #waitsFor}), without duplicates, ascending. */
    final List<int[]> chainPredecessors = new ArrayList<>();
    final List<Segment> segments = new ArrayList<>();
    final List<Option> options = new ArrayList<>();
    final List<List<Option>> optionsOfSegment = new ArrayList<>();
    /** Per chain, per (from, to): the segment id, or -1. */
    private final List<int[][]> segmentAt = new ArrayList<>();
    private final Map<String, Integer> chainOf = new HashMap<>();
    private final Map<Integer, double[]> draws;
    private int samples = -1;
    /**
     * Per request drawn, the work of drawing this space's selected candidates: Σ over them of fan-out × functions (one
     * function's work in one branch is one unit); the sample schedule and the searches' work accounts use it.
     */
    double drawUnits;
    /** As {@link #drawUnits}, for the candidates this space drew itself (not already drawn by a space it refines). */
    double freshDrawUnits;
    /** Whether some candidate options were left out (then no plan is proven optimal over all candidates). */
    boolean trimmed;
    /** Whether options are drawn on demand ({@link Selection#LAZY}); their costs then live in {@link #lazyCost}. */
    private boolean lazy;
    private double[] lazyCost;
    /** Whether this is a coarse selection that {@link #refined} can extend. */
    boolean coarse;
    private final List<Ladder> ladders = new ArrayList<>();
    private final Map<Key, Simulated> simulations;
    private final java.util.Set<Key> selected = new java.util.HashSet<>();
    /** The objective's percentile, computed for every option when drawn. */
    private final double percentile;
    private final List<Double> means = new ArrayList<>();
    private final List<Double> quantiles = new ArrayList<>();
    /** Why drawn options were left out: the hard limits they break (an invocation's timeout), first of each segment. */
    final Map<Integer, String> violations = new java.util.TreeMap<>();

    /**
     * Simulates every candidate option. With {@code allowTrim}, large spaces skip memory sizes past saturation
     * (see {@link #simulate}); the exhaustive planner never trims.
     */
    Space(Workflow workflow, GroupModel model, PlanRequest request, boolean allowTrim) {
        this(workflow, model, request, allowTrim ? Selection.TRIMMED : Selection.FULL, Double.POSITIVE_INFINITY);
    }

    /** Throws an {@link IllegalArgumentException} before drawing anything when there are more plans than {@code maxPlans}. */
    Space(Workflow workflow, GroupModel model, PlanRequest request, Selection selection, double maxPlans) {
        this(workflow, model, request, selection, maxPlans, null, new java.util.concurrent.ConcurrentHashMap<>());
    }

    private Space(Workflow workflow, GroupModel model, PlanRequest request, Selection selection, double maxPlans,
                  java.util.Set<Key> explicit, Map<Key, Simulated> simulations) {
        this.workflow = workflow;
        this.model = model;
        this.request = request;
        this.simulations = simulations;
        this.percentile = request.objective().percentile();
        // under a state machine with barriers, an order that respects them too (else the workflow's own)
        this.order = model.runsAsStateMachine() ? workflow.seriesParallel().order() : workflow.topologicalOrder();
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
        buildSegments(selection, maxPlans, explicit);
        Trace.log("space: %d functions, %d chains, %d segments, %d options%s%s in %.1f ms", order.size(), chains.size(),
                segments.size(), options.size(), trimmed ? " (not all)" : "", coarse ? " (coarse)" : "",
                (System.nanoTime() - t0) / 1e6);
    }

    /**
     * This coarse space plus, for every option of {@code plan}, the memory sizes halfway to the nearest drawn ones
     * (bisection, down to the direct neighbours) and likewise the bundle sizes; {@code null} when nothing is new.
     * Draws already made are reused.
     */
    Space refined(List<Option> plan) {
        java.util.Set<Key> more = new java.util.HashSet<>(selected);
        for (Option o : plan) {
            List<Ladder> ofSegment = new ArrayList<>();
            for (Ladder l : ladders) {
                if (l.segment.id() == o.segment()) {
                    ofSegment.add(l);
                }
            }
            // memory: halfway towards the nearest drawn sizes below and above (bisection; neighbours at the end)
            ofSegment.removeIf(l -> !l.variant.equals(o.variant()));
            Ladder own = ofSegment.stream().filter(l -> l.bundleSize == o.bundleSize()).findFirst().orElseThrow();
            List<Integer> drawn = new ArrayList<>();
            for (int i = 0; i < own.sizes.size(); i++) {
                if (selected.contains(new Key(o.segment(), o.bundleSize(), own.sizes.get(i), o.variant()))) {
                    drawn.add(i);
                }
            }
            for (int i : halfway(drawn, own.sizes.indexOf(o.memoryMB()))) {
                more.add(new Key(o.segment(), o.bundleSize(), own.sizes.get(i), o.variant()));
            }
            // bundle size: halfway towards the nearest drawn bundle sizes, at the sizes around this memory
            List<Integer> drawnBundles = new ArrayList<>();
            for (int j = 0; j < ofSegment.size(); j++) {
                Ladder l = ofSegment.get(j);
                if (l.sizes.stream().anyMatch(m -> selected.contains(new Key(o.segment(), l.bundleSize, m, l.variant)))) {
                    drawnBundles.add(j);
                }
            }
            for (int j : halfway(drawnBundles, ofSegment.indexOf(own))) {
                Ladder l = ofSegment.get(j);
                int at = 0;
                while (at < l.sizes.size() - 1 && l.sizes.get(at) < o.memoryMB()) {
                    at++;
                }
                more.add(new Key(o.segment(), l.bundleSize, l.sizes.get(at), l.variant));
                if (at > 0) {
                    more.add(new Key(o.segment(), l.bundleSize, l.sizes.get(at - 1), l.variant));
                }
            }
        }
        if (more.size() == selected.size()) {
            return null;
        }
        return new Space(workflow, model, request, Selection.COARSE, Double.POSITIVE_INFINITY, more, simulations);
    }

    /**
     * This coarse space plus every memory size of the ladders {@code plan} uses (its groups at their bundle sizes),
     * when that adds at most {@code budget} options; else {@code null} (also when nothing is new).
     */
    Space widened(List<Option> plan, int budget) {
        java.util.Set<Key> more = new java.util.HashSet<>(selected);
        for (Option o : plan) {
            for (Ladder l : ladders) {
                if (l.segment.id() == o.segment() && l.bundleSize == o.bundleSize() && l.variant.equals(o.variant())) {
                    l.sizes.forEach(m -> more.add(new Key(o.segment(), o.bundleSize(), m, o.variant())));
                }
            }
        }
        int added = more.size() - selected.size();
        if (added == 0 || added > budget) {
            return null;
        }
        return new Space(workflow, model, request, Selection.COARSE, Double.POSITIVE_INFINITY, more, simulations);
    }

    /**
     * Every option (the ladders past saturation already stop there, which loses no optimum), reusing the draws made: for the exact
     * search when a coarse space holds no plan that meets the objective.
     */
    Space full() {
        return new Space(workflow, model, request, Selection.FULL, Double.POSITIVE_INFINITY, null, simulations);
    }

    /** The indices halfway between {@code at} and its nearest {@code drawn} neighbours (ascending), not yet drawn. */
    private static List<Integer> halfway(List<Integer> drawn, int at) {
        List<Integer> out = new ArrayList<>();
        Integer below = null;
        Integer above = null;
        for (int d : drawn) {
            if (d < at) {
                below = d;
            } else if (d > at && above == null) {
                above = d;
            }
        }
        if (below != null && at - below >= 2) {
            out.add((below + at) / 2);
        }
        if (above != null && above - at >= 2) {
            out.add((at + above + 1) / 2);
        }
        return out;
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
            for (String p : waitsFor(chain.get(0))) {
                preds.add(chainOf.get(p));
            }
            chainPredecessors.add(preds.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private void buildSegments(Selection selection, double maxPlans, java.util.Set<Key> explicit) {
        int platformMin = workflow.platform().memoryMinMB();
        int platformMax = workflow.platform().memoryMaxMB();
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
                    for (GroupModel.Variant v : model.variants(fns)) {
                        for (int k : bundleSizes(fanOut, request.bundling())) {
                            if (model.isDominated(fns, k, v)) {
                                continue;
                            }
                            // past saturation every size has the same draws at a higher cost: keep only the first one
                            int saturation = model.saturationMB(fns, k);
                            List<Integer> sizes = new ArrayList<>();
                            for (int m : new TreeSet<>(memories)) {
                                if (m >= platformMin && m <= platformMax && model.isFeasible(fns, m, k, v)) {
                                    sizes.add(m);
                                    if (m >= saturation) {
                                        break;
                                    }
                                }
                            }
                            if (!sizes.isEmpty()) {
                                ladders.add(new Ladder(s, k, v, sizes));
                            }
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
        int longest = ladders.stream().mapToInt(l -> l.sizes.size()).max().orElse(0);
        coarse = selection == Selection.COARSE_ALWAYS || selection == Selection.COARSE
                && (explicit != null || candidates > COARSE_ABOVE && longest > COARSE_LADDER);
        boolean trim = selection == Selection.TRIMMED && candidates > TRIM_ABOVE;
        // a coarse selection spreads its bundle sizes within each (segment, variant)
        Map<List<Object>, List<Ladder>> laddersOf = new HashMap<>();
        for (Ladder l : ladders) {
            laddersOf.computeIfAbsent(List.of(l.segment.id(), l.variant), k -> new ArrayList<>()).add(l);
        }
        for (Ladder l : ladders) {
            List<Integer> wanted = new ArrayList<>();
            int n = l.sizes.size();
            List<Ladder> siblings = laddersOf.get(List.of(l.segment.id(), l.variant));
            boolean bundlePick = isPick(siblings.indexOf(l), siblings.size(), COARSE_BUNDLES);
            for (int i = 0; i < n; i++) {
                Key key = new Key(l.segment.id(), l.bundleSize, l.sizes.get(i), l.variant);
                boolean take = !coarse || (explicit != null ? explicit.contains(key)
                        : bundlePick && isPick(i, n, COARSE_SIZES));
                if (take) {
                    wanted.add(l.sizes.get(i));
                    selected.add(key);
                }
            }
            l.wanted = wanted;
            if (selection != Selection.LAZY) {
                // a lazy space draws when asked (its searches count those draws as they make them)
                drawUnits += (double) wanted.size() * l.segment.fanOut() * l.segment.functions().size();
            }
        }
        if (COUNT_ONLY.get()) {
            return;
        }
        if (selection == Selection.LAZY) {
            listWithoutDrawing();
            return;
        }
        simulate(ladders, trim);
        for (Ladder l : ladders) {
            freshDrawUnits += (double) l.fresh * l.segment.fanOut() * l.segment.functions().size();
        }
        trimmed = coarse || ladders.stream().anyMatch(l -> l.done.size() + l.passed < l.sizes.size());
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
            sims.sort(Comparator.comparingInt(Simulated::memoryMB).thenComparingInt(Simulated::bundleSize)
                    .thenComparingInt(sim -> variantOrder(sim.variant())));
            List<Option> opts = new ArrayList<>();
            for (Simulated sim : sims) {
                if (sim.violation() != null) {
                    // breaks a hard limit of the platform: never part of a plan
                    violations.putIfAbsent(i, sim.violation());
                    continue;
                }
                Option o = new Option(options.size(), i, sim.memoryMB(), sim.bundleSize(), sim.costUsd(), sim.variant());
                options.add(o);
                opts.add(o);
                draws.put(o.id(), sim.draws());
                means.add(sim.mean());
                quantiles.add(sim.quantile());
            }
            optionsOfSegment.add(List.copyOf(opts));
        }
    }

    /** Lists every candidate as an option, in the order a drawn space has them, without drawing any. */
    private void listWithoutDrawing() {
        lazy = true;
        List<List<Key>> bySegment = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            bySegment.add(new ArrayList<>());
        }
        for (Ladder l : ladders) {
            for (int m : l.sizes) {
                bySegment.get(l.segment.id()).add(new Key(l.segment.id(), l.bundleSize, m, l.variant));
            }
        }
        for (int i = 0; i < segments.size(); i++) {
            List<Key> keys = bySegment.get(i);
            keys.sort(Comparator.comparingInt(Key::memoryMB).thenComparingInt(Key::bundleSize)
                    .thenComparingInt(k -> variantOrder(k.variant())));
            List<Option> opts = new ArrayList<>();
            for (Key k : keys) {
                Option o = new Option(options.size(), i, k.memoryMB(), k.bundleSize(), Double.NaN, k.variant());
                options.add(o);
                opts.add(o);
                means.add(Double.NaN);
                quantiles.add(Double.NaN);
            }
            optionsOfSegment.add(List.copyOf(opts));
        }
        lazyCost = new double[options.size()];
        Arrays.fill(lazyCost, Double.NaN);
    }

    /** Whether index {@code i} of {@code n} is among {@code picks} evenly spread ones (both ends included). */
    private static boolean isPick(int i, int n, int picks) {
        if (n <= picks) {
            return true;
        }
        for (int k = 0; k < picks; k++) {
            if (Math.round((double) k * (n - 1) / (picks - 1)) == i) {
                return true;
            }
        }
        return false;
    }

    /** A variant's position among its segment's variants (the model's order): the default first. */
    private int variantOrder(GroupModel.Variant v) {
        return variantOrders.computeIfAbsent(v, key -> variantOrders.size());
    }

    private final Map<GroupModel.Variant, Integer> variantOrders = new java.util.concurrent.ConcurrentHashMap<>();

    /** The memory sizes of one segment at one bundle size and variant, simulated in ascending order. */
    private static final class Ladder {
        final Segment segment;
        final int bundleSize;
        final GroupModel.Variant variant;
        /** Every candidate size, ascending. */
        final List<Integer> sizes;
        /** The sizes this space draws. */
        List<Integer> wanted;
        final List<Simulated> done = new ArrayList<>();
        /** How many of its sizes this space drew itself. */
        int fresh;
        /** Sizes the model says are not worth drawing in this variant ({@link GroupModel#isWorthDrawing}). */
        int passed;

        Ladder(Segment segment, int bundleSize, GroupModel.Variant variant, List<Integer> sizes) {
            this.segment = segment;
            this.bundleSize = bundleSize;
            this.variant = variant;
            this.sizes = sizes;
        }
    }

    /**
     * Simulates every ladder, in parallel (the model's draws do not depend on the order, so this stays
     * deterministic). When {@code trim}, a ladder stops after {@link #SATURATED} sizes in a row that an earlier
     * size beats on cost, mean and P99: beyond the CPU a group can use, more memory only costs more.
     */
    private void simulate(List<Ladder> ladders, boolean trim) {
        dev.dagfuse.optimizer.TimeBudget deadline = DRAW_DEADLINE.get();
        java.util.concurrent.atomic.AtomicBoolean late = new java.util.concurrent.atomic.AtomicBoolean();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), ladders.size()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dagfuse-planner-draws");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Ladder l : ladders) {
                futures.add(pool.submit(() -> {
                    if (!climb(l, trim, deadline)) {
                        late.set(true);
                    }
                }));
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
        if (late.get()) {
            throw new OutOfTime();
        }
    }

    /** Draws a ladder's sizes; false when the deadline came first. */
    private boolean climb(Ladder l, boolean trim, dev.dagfuse.optimizer.TimeBudget deadline) {
        List<String> fns = l.segment.functions();
        int saturated = 0;
        List<double[]> summaries = new ArrayList<>();
        for (int m : l.wanted) {
            if (deadline != null && deadline.expired()) {
                return false;
            }
            if (!model.isWorthDrawing(fns, m, l.bundleSize, l.variant)) {
                l.passed++;
                continue;
            }
            Simulated sim = simulations.computeIfAbsent(new Key(l.segment.id(), l.bundleSize, m, l.variant), k -> {
                l.fresh++;
                double[] draws = model.latencyDraws(fns, m, l.bundleSize, l.variant);
                return new Simulated(m, l.bundleSize, l.variant, model.meanCostUsd(fns, m, l.bundleSize, l.variant),
                        draws, Quantiles.mean(draws), Quantiles.percentile(draws, percentile),
                        model.limitViolation(fns, m, l.bundleSize, l.variant));
            });
            double[] d = sim.draws();
            double cost = sim.costUsd();
            l.done.add(sim);
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
        return true;
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

    /** Per request, the draw units of the options a lazy space has drawn so far (see {@link #drawUnits}). */
    double lazyDrawUnits() {
        return lazyDrawn;
    }

    private double lazyDrawn;
    private final java.util.Set<Integer> lazilyDrawn = new java.util.HashSet<>();

    /** The draws of an option: the group's latency per request under common random numbers. */
    double[] draws(Option o) {
        double[] d = draws.get(o.id());
        if (d == null) {
            Segment s = segment(o);
            if (lazy && lazilyDrawn.add(o.id())) {
                lazyDrawn += (double) s.fanOut() * s.functions().size();
            }
            d = model.latencyDraws(s.functions(), o.memoryMB(), o.bundleSize(), o.variant());
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

    /** The mean of an option's draws. */
    double mean(Option o) {
        if (lazy) {
            return Quantiles.mean(draws(o));
        }
        return means.get(o.id());
    }

    /** The {@code p} percentile of an option's draws (precomputed for the objective's percentile). */
    double quantile(Option o, double p) {
        if (lazy) {
            return Quantiles.percentile(draws(o), p);
        }
        return p == percentile ? quantiles.get(o.id()) : Quantiles.percentile(draws(o), p);
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

    /** The options a plan of this space's workflow consists of (groups absent from this space are skipped). */
    List<Option> optionsOf(dev.dagfuse.model.Plan plan) {
        List<Option> out = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            int c = chainOf(g.functions().get(0));
            int from = chains.get(c).indexOf(g.functions().get(0));
            int to = from + g.functions().size() - 1;
            if (to >= chains.get(c).size()) {
                continue;
            }
            for (Option o : optionsOfSegment.get(segmentAt(c, from, to))) {
                if (o.memoryMB() == g.memoryMB() && o.bundleSize() == g.bundleSize() && sameVariant(o, g)) {
                    out.add(o);
                    break; // one option per group: provisionings for two spill targets may resolve to the same count
                }
            }
        }
        return out;
    }

    /** Whether a plan's group is deployed as the option is (a null field of the group: the model's default variant). */
    private boolean sameVariant(Option o, PlanGroup g) {
        List<GroupModel.Variant> variants = model.variants(g.functions());
        GroupModel.Variant first = variants.get(0);
        return java.util.Objects.equals(o.variant().architecture(),
                g.architecture() != null ? g.architecture() : first.architecture())
                && java.util.Objects.equals(o.variant().map(), g.map() != null ? g.map() : first.map())
                && java.util.Objects.equals(provisioned(o), g.provisioned())
                && o.variant().snapStart() == g.snapStart();
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
            groups.add(PlanGroup.of(s.functions(), o.memoryMB(), s.fanOut(), o.bundleSize())
                    .deployedAs(o.variant().architecture(), o.variant().map()).withProvisioned(provisioned(o))
                    .withSnapStart(o.variant().snapStart()));
        }
        return groups;
    }

    /** The environments an option provisions, as the model resolves its variant there; null: on demand. */
    private Integer provisioned(Option o) {
        if (o.variant().provisioning() == null) {
            return null;
        }
        int c = model.provisioned(segment(o).functions(), o.memoryMB(), o.bundleSize(), o.variant()).environments();
        return c == 0 ? null : c;
    }

    /** An option's mean cost per request (drawn now when this space is lazy and it was not drawn yet). */
    double costOf(Option o) {
        if (!lazy) {
            return o.costUsd();
        }
        if (Double.isNaN(lazyCost[o.id()])) {
            draws(o); // one simulation gives both; the model caches it
            Segment s = segment(o);
            lazyCost[o.id()] = model.meanCostUsd(s.functions(), o.memoryMB(), o.bundleSize(), o.variant());
        }
        return lazyCost[o.id()];
    }

    double cost(List<Option> chosen) {
        double sum = 0;
        for (Option o : chosen) {
            sum += costOf(o);
        }
        return sum;
    }

    /**
     * The functions whose groups a group starting with {@code f} waits for: its predecessors, or under a state machine
     * what {@link dev.dagfuse.model.SeriesParallel#waitsFor} says (the same unless the DAG needs barriers). Each ends
     * its group in any plan.
     */
    List<String> waitsFor(String f) {
        return model.runsAsStateMachine() ? workflow.seriesParallel().waitsFor(f) : workflow.predecessors(f);
    }

    /**
     * Per draw, the request latency of a plan: the longest path over its groups. Each group starts when the
     * groups its first function waits for have finished ({@link #waitsFor}).
     */
    double[] requestDraws(List<Option> chosen) {
        int n = samples();
        double[][] finishOfLast = new double[order.size()][];
        double[] request = new double[n];
        for (Option o : sortedAsGroups(chosen)) {
            Segment s = segment(o);
            double[] d = draws(o);
            double[] finish = new double[n];
            for (String p : waitsFor(s.functions().get(0))) {
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
     * Per draw, the request latency of a plan as the whole-plan model has it. Where invocations queue for shared
     * cores, the longest path over groups ({@link #requestDraws}) is only a lower bound and the evaluator is asked;
     * elsewhere both are equal and the longest path is cheaper.
     */
    double[] planDraws(List<Option> chosen, dev.dagfuse.optimizer.PlanEvaluator evaluator) {
        if (evaluator.groupModel().isLongestPathExact()) {
            return requestDraws(chosen);
        }
        return evaluator.latencyDraws(new dev.dagfuse.model.Plan(workflow.name(), request.objective(), groups(chosen), null,
                dev.dagfuse.model.SolverInfo.manual()));
    }

    /**
     * Per draw, the request latency over the chain graph, given each chain's latency per draw (its segments'
     * draws summed along the chain, or a relaxation of it).
     */
    double[] requestDrawsOfChains(double[][] chainLatency) {
        // draw by draw, with one small array of chain ends rather than an array of draws per chain (cuts call this
        // once per chain they relax)
        int n = samples();
        int count = chains.size();
        int[][] preds = chainPredecessors.toArray(new int[0][]);
        double[] finish = new double[count];
        double[] request = new double[n];
        for (int i = 0; i < n; i++) {
            double latest = 0;
            for (int c = 0; c < count; c++) {
                double start = 0;
                for (int p : preds[c]) {
                    start = Math.max(start, finish[p]);
                }
                finish[c] = start + chainLatency[c][i];
                latest = Math.max(latest, finish[c]);
            }
            request[i] = latest;
        }
        return request;
    }

    /**
     * What the rest of a plan makes of chain {@code c}'s latency, per draw, so that trying many latencies for that one
     * chain costs O(draws) each instead of a pass over every chain ({@link #requestDrawsOfChains}):
     * request = max(avoid, head + own + tail), where head is the latest end of its predecessor chains, tail the longest
     * path after it, and avoid the longest path that does not pass through it. (Computed with c at zero length from
     * time 0, avoid also counts paths that start at c's successors at time 0; they are never longer than a path
     * through c, so the maximum is exact.)
     */
    record Around(double[] avoid, double[] head, double[] tail) {

        double[] request(double[] own) {
            double[] out = new double[own.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(avoid[i], head[i] + own[i] + tail[i]);
            }
            return out;
        }
    }

    /** {@link Around} chain {@code c}, given every other chain's latency per draw ({@code chainLatency[c]} is ignored). */
    Around around(double[][] chainLatency, int c) {
        int n = samples();
        int count = chains.size();
        double[][] finish = new double[count][];
        double[] avoid = new double[n];
        double[] head = new double[n];
        for (int d = 0; d < count; d++) {
            double[] f = new double[n];
            for (int p : chainPredecessors.get(d)) {
                double[] pf = finish[p];
                for (int i = 0; i < n; i++) {
                    f[i] = Math.max(f[i], pf[i]);
                }
            }
            if (d == c) {
                System.arraycopy(f, 0, head, 0, n);
                finish[d] = new double[n]; // zero length from time 0
                continue;
            }
            double[] own = chainLatency[d];
            for (int i = 0; i < n; i++) {
                f[i] += own[i];
                avoid[i] = Math.max(avoid[i], f[i]);
            }
            finish[d] = f;
        }
        // tail: the longest path from the end of a chain to the end of the request, for c and what follows it
        List<List<Integer>> successors = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            successors.add(new ArrayList<>());
        }
        for (int d = 0; d < count; d++) {
            for (int p : chainPredecessors.get(d)) {
                successors.get(p).add(d);
            }
        }
        double[][] tail = new double[count][];
        for (int d = count - 1; d >= c; d--) {
            double[] t = new double[n];
            for (int succ : successors.get(d)) {
                double[] own = chainLatency[succ];
                double[] st = tail[succ];
                for (int i = 0; i < n; i++) {
                    t[i] = Math.max(t[i], own[i] + st[i]);
                }
            }
            tail[d] = t;
        }
        return new Around(avoid, head, tail[c]);
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
