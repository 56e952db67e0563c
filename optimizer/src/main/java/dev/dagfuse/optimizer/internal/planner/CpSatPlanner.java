package dev.dagfuse.optimizer.internal.planner;

import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntVar;
import com.google.ortools.sat.Literal;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.LinearExprBuilder;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The default planner: OR-Tools CP-SAT over the candidate groups of {@link Space}, checked with the full
 * Monte Carlo model and refined with cuts until the model confirms.
 *
 * <p>Exactly one option covers every function; the expected cost is additive, so the cost objective is exact
 * (in pico-USD). Latency enters as precedence constraints on each option's latency at the objective's
 * percentile: a group ends after its start plus that bound, starts after its predecessors end, and the exits
 * end by the target. That bound is only a guide (per-group percentiles do not add up to the request's), so each
 * solution is checked on the draws. A plan that misses is excluded with a cut that also excludes every plan
 * at least as slow on every draw: the chains that still miss when every other chain runs at its per-draw
 * fastest keep their partition, and each of their groups may only move to an option that is not slower than
 * the missed one on every draw. Such cuts are valid, so the searches below are exact when they finish:
 * <ul>
 * <li>minimum cost under a target: solve with the guide (tightening it after each miss) until a plan meets
 * the target; then, without the guide, look for a cheaper plan under the cuts alone until none exists
 * (OPTIMAL) or the limits are reached (FEASIBLE, with the gap to the solver's bound);</li>
 * <li>minimum percentile under a budget: minimize the guide's makespan under the (exact) budget, check, cut
 * every plan that cannot beat the best so far, repeat until no plan is left (OPTIMAL) or the limits.</li>
 * </ul>
 * Options that another option of the same group beats on cost and on every draw are dropped first.
 */
public final class CpSatPlanner extends SpacePlanner {

    public static final String NAME = "cp-sat";
    /** Solve-and-check rounds with the guide before falling back to the fastest plan. */
    static final int GUIDED_ROUNDS = 60;
    /** Solve-and-check rounds of one search in all (deterministic; the time limit applies as well). */
    static final int MAX_ROUNDS = 400;
    private static final int SEED = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    boolean trims() {
        return true;
    }

    @Override
    PlanResult search(Space space, PlanEvaluator evaluator, PlanRequest request, long start) {
        Objective objective = request.objective();
        OrTools.load();
        // The limit bounds the search; drawing the candidates (the model's work) comes before it.
        long deadline = System.nanoTime() + request.timeLimit().toNanos();
        Search search = new Search(space, evaluator, request, start, deadline);
        if (objective instanceof Objective.Latency l) {
            return search.minimizeCost(l);
        }
        return search.minimizeLatency((Objective.Budget) objective);
    }

    /** One solver run on a model. */
    private record Solved(CpSolverStatus status, List<Space.Option> chosen, double bound) {
    }

    /** A valid cut: Σ over its groups of Σ x(option in group) ≤ groups − 1. */
    private record Cut(List<int[]> groups) {
    }

    private static final class Search {
        private final Space space;
        private final PlanEvaluator evaluator;
        private final PlanRequest request;
        private final double percentile;
        private final long start;
        private final long deadline;
        private final boolean[] allowed;
        private final double[] quantile;
        private final double[] mean;
        private final long[] costUnits;
        private final double costScale;
        private final double[][] chainMinimum;
        private final List<Cut> cuts = new ArrayList<>();
        private int rounds;

        Search(Space space, PlanEvaluator evaluator, PlanRequest request, long start, long deadline) {
            this.space = space;
            this.evaluator = evaluator;
            this.request = request;
            this.percentile = request.objective().percentile();
            this.start = start;
            this.deadline = deadline;
            int count = space.options.size();
            this.allowed = new boolean[count];
            this.quantile = new double[count];
            this.mean = new double[count];
            this.costUnits = new long[count];
            this.chainMinimum = new double[space.chains.size()][];
            double maxTotal = 0;
            for (List<Space.Option> opts : space.optionsOfSegment) {
                for (Space.Option o : opts) {
                    maxTotal = Math.max(maxTotal, o.costUsd());
                }
            }
            maxTotal *= space.order.size();
            // Pico-USD keeps the objective exact to 1e-12 USD per group; scale down only if totals could overflow.
            double scale = 1e12;
            while (maxTotal * scale > 1e15) {
                scale /= 10;
            }
            this.costScale = scale;
            for (Space.Option o : space.options) {
                costUnits[o.id()] = Math.round(o.costUsd() * scale);
            }
        }

        // ---- minimum cost under a percentile target ----

        PlanResult minimizeCost(Objective.Latency objective) {
            double target = objective.targetMs();
            prepare(target);
            double[][] relaxed = new double[space.chains.size()][];
            for (int c = 0; c < relaxed.length; c++) {
                relaxed[c] = chainMinimum(c);
                if (relaxed[c] == null) {
                    return fastestInstead(objective);
                }
            }
            if (!Quantiles.atMost(space.requestDrawsOfChains(relaxed), target, percentile)) {
                // Even every chain at its per-draw fastest misses the target: no plan can meet it.
                return fastestInstead(objective);
            }
            Predicate<double[]> misses = draws -> !Quantiles.atMost(draws, target, percentile);
            Predicate<Predicted> meetsTarget = predicted -> Outcomes.meets(objective, predicted);
            PlanResult.Planned incumbent = null;
            double guide = target;
            for (int r = 0; r < GUIDED_ROUNDS && rounds < MAX_ROUNDS && timeLeft(); r++) {
                Solved s = solve(build(true, guide, Long.MAX_VALUE, false, null));
                if (s.chosen() == null) {
                    break;
                }
                double p = Quantiles.percentile(space.requestDraws(s.chosen()), percentile);
                if (p <= target) {
                    incumbent = confirm(s.chosen(), meetsTarget);
                    if (incumbent != null) {
                        break;
                    }
                    cuts.add(noGood(s.chosen()));
                } else {
                    addCut(s.chosen(), misses);
                    guide = guide * target / p;
                }
            }
            if (incumbent == null) {
                PlanResult.Planned fastest = fastest(objective);
                if (fastest == null || !Outcomes.meets(objective, fastest.evaluation().predicted())) {
                    return fastest == null ? new PlanResult.Infeasible("No plan meets " + Outcomes.label(percentile)
                            + " within the time limit.", null, null) : Outcomes.tooSlow(objective, fastest, "found");
                }
                incumbent = fastest;
            }
            boolean proven = false;
            double bound = Double.NaN;
            while (rounds < MAX_ROUNDS && timeLeft()) {
                long cap = units(incumbent.plan()) - 1;
                Solved s = solve(build(false, Double.NaN, cap, false, null));
                if (s.status() == CpSolverStatus.INFEASIBLE) {
                    proven = true;
                    break;
                }
                if (s.chosen() == null) {
                    break;
                }
                bound = s.bound();
                boolean meets = Quantiles.atMost(space.requestDraws(s.chosen()), target, percentile);
                PlanResult.Planned confirmed = meets ? confirm(s.chosen(), meetsTarget) : null;
                if (confirmed != null) {
                    incumbent = confirmed;
                    if (s.status() == CpSolverStatus.OPTIMAL) {
                        proven = true;
                        break;
                    }
                } else if (meets) {
                    cuts.add(noGood(s.chosen()));
                } else {
                    addCut(s.chosen(), misses);
                }
            }
            double cost = units(incumbent.plan());
            double gap = proven ? 0.0 : Double.isNaN(bound) ? Double.NaN : Math.max(0, (cost - bound) / cost);
            return withSolver(incumbent, proven, gap);
        }

        private PlanResult fastestInstead(Objective.Latency objective) {
            PlanResult.Planned fastest = fastest(objective);
            if (fastest == null) {
                return new PlanResult.Infeasible("No plan meets " + Outcomes.label(percentile) + " ≤ "
                        + objective.targetMs() + " ms, and none was found within the time limit.", null, null);
            }
            return Outcomes.tooSlow(objective, fastest, "");
        }

        /** The plan of least percentile, whatever its cost, in a fresh search (the target's filter must not apply). */
        private PlanResult.Planned fastest(Objective.Latency objective) {
            Search s = new Search(space, evaluator, request, start, deadline);
            s.rounds = rounds;
            PlanResult r = s.leastLatency(Double.POSITIVE_INFINITY, objective);
            rounds = s.rounds;
            return r instanceof PlanResult.Planned p ? p : null;
        }

        // ---- minimum percentile under a budget ----

        PlanResult minimizeLatency(Objective.Budget objective) {
            return leastLatency(objective.budgetUsd(), objective);
        }

        private PlanResult leastLatency(double budgetUsd, Objective objective) {
            prepare(Double.POSITIVE_INFINITY);
            long budgetUnits = Long.MAX_VALUE;
            PlanResult.Planned incumbent = null;
            double best = Double.POSITIVE_INFINITY;
            if (Double.isFinite(budgetUsd)) {
                Solved cheapest = solve(build(false, Double.NaN, Long.MAX_VALUE, false, null));
                if (cheapest.chosen() == null) {
                    return new PlanResult.Infeasible("No plan was found within the time limit.", null, null);
                }
                PlanResult.Planned planned = Outcomes.planned(evaluator,
                        Outcomes.plan(space, cheapest.chosen(), objective, info(false, Double.NaN)));
                // The model may add a per-request term outside the groups; the budget for the groups excludes it.
                double offset = planned.evaluation().predicted().meanCostUsd() - space.cost(cheapest.chosen());
                if (planned.evaluation().predicted().meanCostUsd() > budgetUsd) {
                    return Outcomes.overBudget((Objective.Budget) objective, withSolver(planned,
                            cheapest.status() == CpSolverStatus.OPTIMAL, Double.NaN), "");
                }
                budgetUnits = (long) Math.floor((budgetUsd - offset) * costScale);
                incumbent = planned;
                best = Quantiles.percentile(space.requestDraws(cheapest.chosen()), percentile);
            }
            Predicate<Predicted> withinBudget = predicted -> predicted.meanCostUsd() <= budgetUsd;
            boolean proven = false;
            while (rounds < MAX_ROUNDS && timeLeft()) {
                List<Space.Option> hint = incumbent == null ? null : optionsOf(incumbent.plan());
                Solved s = solve(build(true, Double.NaN, budgetUnits, true, hint));
                if (s.status() == CpSolverStatus.INFEASIBLE) {
                    proven = true;
                    break;
                }
                if (s.chosen() == null) {
                    break;
                }
                double p = Quantiles.percentile(space.requestDraws(s.chosen()), percentile);
                if (p < best) {
                    PlanResult.Planned confirmed = confirm(s.chosen(), withinBudget);
                    if (confirmed == null) {
                        cuts.add(noGood(s.chosen()));
                        continue;
                    }
                    incumbent = confirmed;
                    best = p;
                }
                double bar = best;
                if (!addCut(s.chosen(), draws -> !Quantiles.below(draws, bar, percentile))) {
                    proven = true;
                    break;
                }
            }
            if (incumbent == null) {
                return new PlanResult.Infeasible("No plan was found within the time limit.", null, null);
            }
            return withSolver(incumbent, proven, proven ? 0.0 : Double.NaN);
        }

        // ---- shared ----

        /**
         * Draws every option once: its percentile and mean; options slower than {@code latencyLimit} at the
         * percentile are excluded (the request is never faster than one of its groups), as are options another
         * option of the same group beats on cost and on every draw.
         */
        private void prepare(double latencyLimit) {
            long t0 = System.nanoTime();
            for (List<Space.Option> opts : space.optionsOfSegment) {
                double[][] d = new double[opts.size()][];
                for (int i = 0; i < opts.size(); i++) {
                    Space.Option o = opts.get(i);
                    d[i] = space.draws(o);
                    quantile[o.id()] = Quantiles.percentile(d[i], percentile);
                    mean[o.id()] = Quantiles.mean(d[i]);
                    allowed[o.id()] = quantile[o.id()] <= latencyLimit;
                }
                for (int i = 0; i < opts.size(); i++) {
                    Space.Option o = opts.get(i);
                    for (int j = 0; j < opts.size() && allowed[o.id()]; j++) {
                        Space.Option other = opts.get(j);
                        if (i != j && allowed[other.id()] && dominates(other, d[j], o, d[i])) {
                            allowed[o.id()] = false;
                        }
                    }
                }
            }
            int count = 0;
            for (boolean a : allowed) {
                count += a ? 1 : 0;
            }
            Trace.log("prepare: %d of %d options kept in %.1f ms", count, allowed.length, (System.nanoTime() - t0) / 1e6);
        }

        /** Whether {@code a} is at least as good as {@code b} on cost and every draw (ties broken by id). */
        private boolean dominates(Space.Option a, double[] da, Space.Option b, double[] db) {
            if (costUnits[a.id()] > costUnits[b.id()] || quantile[a.id()] > quantile[b.id()] || mean[a.id()] > mean[b.id()]) {
                return false;
            }
            boolean strictly = costUnits[a.id()] < costUnits[b.id()];
            for (int i = 0; i < da.length; i++) {
                if (da[i] > db[i]) {
                    return false;
                }
                strictly |= da[i] < db[i];
            }
            return strictly || a.id() < b.id();
        }

        private double[] chainMinimum(int c) {
            if (chainMinimum[c] == null) {
                chainMinimum[c] = space.chainMinimum(c, allowed);
            }
            return chainMinimum[c];
        }

        /**
         * Adds the cut that excludes {@code chosen} and every plan at least as slow on every draw, given that
         * {@code chosen} {@code fails}. Returns false when the cut would be empty: then every plan fails.
         */
        private boolean addCut(List<Space.Option> chosen, Predicate<double[]> fails) {
            long t0 = System.nanoTime();
            double[][] current = space.chainLatencies(chosen);
            List<List<Space.Option>> byChain = space.byChain(chosen);
            Integer[] chainsByMean = new Integer[current.length];
            double[] chainMean = new double[current.length];
            for (int c = 0; c < current.length; c++) {
                chainsByMean[c] = c;
                chainMean[c] = Quantiles.mean(current[c]);
            }
            // Relax the least critical chains first, so that the cut keeps the ones that make the plan fail.
            Arrays.sort(chainsByMean, Comparator.comparingDouble((Integer c) -> chainMean[c]).thenComparingInt(c -> c));
            boolean[] kept = new boolean[current.length];
            Arrays.fill(kept, true);
            for (int c : chainsByMean) {
                double[] own = current[c];
                current[c] = chainMinimum(c);
                if (fails.test(space.requestDrawsOfChains(current))) {
                    kept[c] = false;
                } else {
                    current[c] = own;
                }
            }
            List<int[]> groups = new ArrayList<>();
            for (int c = 0; c < kept.length; c++) {
                if (kept[c]) {
                    for (Space.Option o : lift(c, byChain.get(c), current, fails)) {
                        groups.add(notFaster(o));
                    }
                }
            }
            if (groups.isEmpty()) {
                return false;
            }
            cuts.add(new Cut(groups));
            Trace.log("cut over %d groups in %.1f ms", groups.size(), (System.nanoTime() - t0) / 1e6);
            return true;
        }

        /**
         * Makes the failing plan as fast as possible on chain {@code c} while it still fails: each group moves
         * to the fastest option that is not slower on any draw and keeps the plan failing. The cut then excludes
         * more plans (everything at least as slow as the lifted one).
         */
        private List<Space.Option> lift(int c, List<Space.Option> groups, double[][] current, Predicate<double[]> fails) {
            List<Space.Option> lifted = new ArrayList<>(groups);
            for (int g = 0; g < lifted.size(); g++) {
                Space.Option o = lifted.get(g);
                double[] d = space.draws(o);
                List<Space.Option> faster = new ArrayList<>();
                for (Space.Option other : space.optionsOfSegment.get(o.segment())) {
                    if (allowed[other.id()] && other.id() != o.id() && quantile[other.id()] <= quantile[o.id()]
                            && atLeast(d, space.draws(other))) {
                        faster.add(other);
                    }
                }
                faster.sort(Comparator.comparingDouble((Space.Option f) -> quantile[f.id()]).thenComparingInt(Space.Option::id));
                double[] before = current[c];
                for (Space.Option f : faster) {
                    lifted.set(g, f);
                    current[c] = sumDraws(lifted);
                    if (fails.test(space.requestDrawsOfChains(current))) {
                        before = current[c];
                        break;
                    }
                    lifted.set(g, o);
                    current[c] = before;
                }
            }
            return lifted;
        }

        private double[] sumDraws(List<Space.Option> groups) {
            double[] sum = new double[space.samples()];
            for (Space.Option o : groups) {
                double[] d = space.draws(o);
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += d[i];
                }
            }
            return sum;
        }

        /** The allowed options of {@code o}'s group that are at least as slow as {@code o} on every draw. */
        private int[] notFaster(Space.Option o) {
            double[] d = space.draws(o);
            List<Integer> out = new ArrayList<>();
            for (Space.Option other : space.optionsOfSegment.get(o.segment())) {
                if (!allowed[other.id()] && other.id() != o.id()) {
                    continue;
                }
                if (other.id() == o.id() || quantile[other.id()] >= quantile[o.id()] && atLeast(space.draws(other), d)) {
                    out.add(other.id());
                }
            }
            return out.stream().mapToInt(Integer::intValue).toArray();
        }

        private static boolean atLeast(double[] a, double[] b) {
            for (int i = 0; i < a.length; i++) {
                if (a[i] < b[i]) {
                    return false;
                }
            }
            return true;
        }

        private static Cut noGood(List<Space.Option> chosen) {
            List<int[]> groups = new ArrayList<>();
            for (Space.Option o : chosen) {
                groups.add(new int[] {o.id()});
            }
            return new Cut(groups);
        }

        /** The plan, checked with the full model; {@code null} when the full model says it misses the objective. */
        private PlanResult.Planned confirm(List<Space.Option> chosen, Predicate<Predicted> accepts) {
            Plan plan = Outcomes.plan(space, chosen, request.objective(), info(false, Double.NaN));
            PlanResult.Planned planned = Outcomes.planned(evaluator, plan);
            return accepts.test(planned.evaluation().predicted()) ? planned : null;
        }

        private PlanResult.Planned withSolver(PlanResult.Planned planned, boolean proven, double gap) {
            Plan p = planned.plan();
            Plan plan = new Plan(p.workflow(), request.objective(), p.groups(), p.predicted(), info(proven, gap));
            return new PlanResult.Planned(plan, planned.evaluation());
        }

        private SolverInfo info(boolean proven, double gap) {
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            // Proven over the options searched; when memory ladders were trimmed, not over the whole grid.
            return new SolverInfo(NAME, proven && !space.trimmed ? "OPTIMAL" : "FEASIBLE", wallMs, rounds, gap);
        }

        private long units(Plan plan) {
            long sum = 0;
            for (Space.Option o : optionsOf(plan)) {
                sum += costUnits[o.id()];
            }
            return sum;
        }

        /** The options a plan of this search consists of. */
        private List<Space.Option> optionsOf(Plan plan) {
            List<Space.Option> out = new ArrayList<>();
            for (var g : plan.groups()) {
                int c = space.chainOf(g.functions().get(0));
                List<String> chain = space.chains.get(c);
                int from = chain.indexOf(g.functions().get(0));
                int seg = space.segmentAt(c, from, from + g.functions().size() - 1);
                for (Space.Option o : space.optionsOfSegment.get(seg)) {
                    if (o.memoryMB() == g.memoryMB() && o.bundleSize() == g.bundleSize()) {
                        out.add(o);
                    }
                }
            }
            return out;
        }

        private boolean timeLeft() {
            return System.nanoTime() < deadline;
        }

        // ---- the CP-SAT model ----

        private record Built(CpModel model, BoolVar[] x) {
        }

        /**
         * The model: exactly one allowed option per function; with {@code timing}, start/end times per function
         * from the options' percentile latencies (microseconds), and the makespan ≤ {@code latencyLimitMs}
         * unless NaN; total cost ≤ {@code costCap}; the cuts. Minimizes the makespan or the cost.
         */
        private Built build(boolean timing, double latencyLimitMs, long costCap, boolean minimizeMakespan,
                            List<Space.Option> hint) {
            CpModel model = new CpModel();
            BoolVar[] x = new BoolVar[space.options.size()];
            for (Space.Option o : space.options) {
                if (allowed[o.id()]) {
                    x[o.id()] = model.newBoolVar("x" + o.id());
                }
            }
            for (int c = 0; c < space.chains.size(); c++) {
                int length = space.chains.get(c).size();
                for (int pos = 0; pos < length; pos++) {
                    List<Literal> covering = new ArrayList<>();
                    for (int a = 0; a <= pos; a++) {
                        for (int b = pos; b < length; b++) {
                            for (Space.Option o : space.optionsOfSegment.get(space.segmentAt(c, a, b))) {
                                if (x[o.id()] != null) {
                                    covering.add(x[o.id()]);
                                }
                            }
                        }
                    }
                    model.addExactlyOne(covering);
                }
            }
            LinearExprBuilder cost = LinearExpr.newBuilder();
            for (Space.Option o : space.options) {
                if (x[o.id()] != null && costUnits[o.id()] != 0) {
                    cost.addTerm(x[o.id()], costUnits[o.id()]);
                }
            }
            if (costCap != Long.MAX_VALUE) {
                model.addLessOrEqual(cost, costCap);
            }
            IntVar makespan = null;
            if (timing) {
                long horizon = 1;
                long[] micros = new long[space.options.size()];
                for (List<Space.Option> opts : space.optionsOfSegment) {
                    long worst = 0;
                    for (Space.Option o : opts) {
                        if (x[o.id()] != null) {
                            micros[o.id()] = (long) Math.ceil(quantile[o.id()] * 1000);
                            worst = Math.max(worst, micros[o.id()]);
                        }
                    }
                    horizon += worst;
                }
                int fns = space.order.size();
                IntVar[] ready = new IntVar[fns];
                IntVar[] end = new IntVar[fns];
                for (int i = 0; i < fns; i++) {
                    ready[i] = model.newIntVar(0, horizon, "ready" + i);
                    end[i] = model.newIntVar(0, horizon, "end" + i);
                }
                for (int i = 0; i < fns; i++) {
                    for (String p : space.workflow.predecessors(space.order.get(i))) {
                        model.addGreaterOrEqual(ready[i], end[space.topoIndex.get(p)]);
                    }
                }
                for (Space.Option o : space.options) {
                    if (x[o.id()] == null) {
                        continue;
                    }
                    Space.Segment s = space.segment(o);
                    int first = space.topoIndex.get(s.functions().get(0));
                    int last = space.topoIndex.get(s.functions().get(s.functions().size() - 1));
                    model.addGreaterOrEqual(LinearExpr.weightedSum(new IntVar[] {end[last], ready[first]},
                            new long[] {1, -1}), micros[o.id()]).onlyEnforceIf(x[o.id()]);
                }
                makespan = model.newIntVar(0, horizon, "makespan");
                for (String e : space.workflow.exits()) {
                    model.addGreaterOrEqual(makespan, end[space.topoIndex.get(e)]);
                }
                if (!Double.isNaN(latencyLimitMs)) {
                    model.addLessOrEqual(makespan, (long) Math.floor(latencyLimitMs * 1000));
                }
            }
            for (Cut cut : cuts) {
                LinearExprBuilder sum = LinearExpr.newBuilder();
                for (int[] group : cut.groups()) {
                    for (int id : group) {
                        if (x[id] != null) {
                            sum.add(x[id]);
                        }
                    }
                }
                model.addLessOrEqual(sum, cut.groups().size() - 1L);
            }
            if (minimizeMakespan && makespan != null) {
                model.minimize(makespan);
            } else {
                model.minimize(cost);
            }
            if (hint != null) {
                for (Space.Option o : hint) {
                    if (x[o.id()] != null) {
                        model.addHint(x[o.id()], true);
                    }
                }
            }
            return new Built(model, x);
        }

        private Solved solve(Built built) {
            rounds++;
            long t0 = System.nanoTime();
            CpSolver solver = new CpSolver();
            double seconds = Math.max(0.01, (deadline - System.nanoTime()) / 1e9);
            solver.getParameters().setNumWorkers(request.threads()).setRandomSeed(SEED).setMaxTimeInSeconds(seconds);
            CpSolverStatus status = solver.solve(built.model());
            if (status == CpSolverStatus.MODEL_INVALID) {
                throw new IllegalStateException("CP-SAT rejected the model: " + built.model().validate());
            }
            if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
                Trace.log("round %d: %s in %.1f ms", rounds, status, (System.nanoTime() - t0) / 1e6);
                return new Solved(status, null, Double.NaN);
            }
            List<Space.Option> chosen = new ArrayList<>();
            for (Space.Option o : space.options) {
                BoolVar v = built.x()[o.id()];
                if (v != null && solver.booleanValue(v)) {
                    chosen.add(o);
                }
            }
            Trace.log("round %d: %s in %.1f ms, objective %.0f, bound %.0f, %d cuts", rounds, status,
                    (System.nanoTime() - t0) / 1e6, solver.objectiveValue(), solver.bestObjectiveBound(), cuts.size());
            return new Solved(status, chosen, solver.bestObjectiveBound());
        }
    }
}
