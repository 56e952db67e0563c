// SPDX-License-Identifier: Apache-2.0
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
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.GroupModel;
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
    /** Options a converged coarse space may add to draw its plan's ladders in full before the exact search. */
    static final int WIDEN_BUDGET = 120;
    /** Rounds of a quick (refinement) search under a budget. */
    static final int QUICK_ROUNDS = 10;
    /**
     * CP-SAT deterministic time of one guided solve at most: fixed, not derived from the limit, so that a longer limit
     * repeats a shorter one's rounds before going further (a longer limit never gives a dearer plan).
     */
    static final double GUIDED_DTIME = 2.5;
    /** Relative gap at which a guided solve (whose optimum is only a guide) stops. */
    static final double GUIDE_GAP = 0.005;
    /** Relative gap to the solver's bound at which the exact search under a target stops. */
    static final double GAP_TOLERANCE = 1e-6;
    private static final int SEED = 1;

    @Override
    public String name() {
        return NAME;
    }


    /** Large spaces start coarse (a few sizes per ladder) and are refined around each plan found. */
    @Override
    Space space(Workflow workflow, GroupModel model, PlanRequest request) {
        // OR-Tools' native libraries load (mostly file mapping) while the candidates are drawn
        Thread loader = new Thread(() -> {
            try {
                OrTools.load();
            } catch (IllegalStateException e) {
                // reported by the search, which loads them again
            }
        }, "dagfuse-ortools-loader");
        loader.setDaemon(true);
        loader.start();
        return new Space(workflow, model, request, Space.Selection.COARSE, Double.POSITIVE_INFINITY);
    }

    @Override
    PlanResult search(Space space, PlanEvaluator evaluator, PlanRequest request, Work work) {
        OrTools.load();
        int rounds = 0;
        PlanResult.Planned prior = null;
        Space current = space;
        // A coarse space is refined around each plan with quick (guided) searches until no new size is next to
        // the plan; the exact search then runs once, on the last space, from the best plan so far.
        while (current.coarse && work.left()) {
            Search quick = new Search(current, evaluator, request, work);
            quick.rounds = rounds;
            PlanResult r = quick.run(request.objective(), prior, false);
            rounds = quick.rounds;
            if (!(r instanceof PlanResult.Planned p)) {
                if (r instanceof PlanResult.Infeasible i && !i.outOfTime() && work.left()) {
                    // no plan of the coarse space meets the objective, which proves nothing about the others (e.g.
                    // cold starts from a low rate make the sizes between the coarse ones decide): the exact search
                    // runs on every option, reusing the draws made
                    try {
                        // not charged to the allowance: it is what makes exit 3 a proof, bounded by the deadline
                        current = current.full();
                    } catch (Space.OutOfTime e) {
                        // not a proof either way: say so (exit 1), not "no plan meets" (exit 3)
                        work.budget.stopByWallClock();
                        work.stop(SolverInfo.WALL_CLOCK);
                        return PlanResult.Infeasible.outOfTime("No plan was found within the time limit: none of the "
                                + "coarse candidates meets the objective (" + i.reason() + ") and drawing every "
                                + "candidate, to prove whether any does, did not finish. Raise --time-limit.");
                    }
                }
                break;
            }
            prior = p;
            if (!work.left()) {
                break;
            }
            try {
                Space next = current.refined(current.optionsOf(p.plan()));
                if (next == null) {
                    // Converged: when affordable, every size of the ladders the plan uses, for the exact search.
                    Space wide = current.widened(current.optionsOf(p.plan()), WIDEN_BUDGET);
                    if (wide != null) {
                        work.chargeDraws(wide.freshDrawUnits * space.samples());
                    }
                    current = wide == null ? current : wide;
                    break;
                }
                work.chargeDraws(next.freshDrawUnits * space.samples());
                current = next;
            } catch (Space.OutOfTime e) {
                // drawing the refined candidates met the wall-clock deadline: the best plan so far stands
                work.budget.stopByWallClock();
                work.stop(SolverInfo.WALL_CLOCK);
                break;
            }
        }
        Search exact = new Search(current, evaluator, request, work);
        exact.rounds = rounds;
        return exact.run(request.objective(), prior, true);
    }

    /** One solver run on a model; {@code chosen} null when none was found or the work allowance cut the solve. */
    private record Solved(CpSolverStatus status, List<Space.Option> chosen, double bound, double objective) {
    }

    /** A valid cut: Σ over its groups of Σ x(option in group) ≤ groups − 1. */
    private record Cut(List<int[]> groups) {
    }

    private static final class Search {
        private final Space space;
        private final PlanEvaluator evaluator;
        private final PlanRequest request;
        private final double percentile;
        private final Work work;
        private final boolean[] allowed;
        private final double[] quantile;
        private final double[] mean;
        private final long[] costUnits;
        private final double costScale;
        private final double[][] chainMinimum;
        private final List<Cut> cuts = new ArrayList<>();
        private int rounds;
        /** A lower bound of any plan's per-request charge outside the groups (Express); 0 under Standard. */
        private double requestBound;
        /** Whether cost models charge the request's duration (see the exact search under a target). */
        private boolean chargeMeanLatency;

        Search(Space space, PlanEvaluator evaluator, PlanRequest request, Work work) {
            this.space = space;
            this.evaluator = evaluator;
            this.request = request;
            this.percentile = request.objective().percentile();
            this.work = work;
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

        /**
         * Searches for {@code objective}, starting from {@code prior} (a plan of a smaller space, or null). When not
         * {@code exact}, only the guided rounds run (a good plan quickly, nothing proven).
         */
        PlanResult run(Objective objective, PlanResult.Planned prior, boolean exact) {
            if (prior != null && space.optionsOf(prior.plan()).size() != prior.plan().groups().size()) {
                prior = null;
            }
            if (objective instanceof Objective.Latency l) {
                return minimizeCost(l, prior, exact);
            }
            return leastLatency(((Objective.Budget) objective).budgetUsd(), objective, prior, exact);
        }

        // ---- minimum cost under a percentile target ----

        PlanResult minimizeCost(Objective.Latency objective, PlanResult.Planned prior, boolean exact) {
            double target = objective.targetMs();
            prepare(target);
            double[][] relaxed = new double[space.chains.size()][];
            for (int c = 0; c < relaxed.length; c++) {
                relaxed[c] = chainMinimum(c);
                if (relaxed[c] == null) {
                    return fastestInstead(objective);
                }
            }
            double[] fastestRequest = space.requestDrawsOfChains(relaxed);
            if (!Quantiles.atMost(fastestRequest, target, percentile)
                    || space.model.requestLimitViolation(fastestRequest) != null) {
                // Even every chain at its per-draw fastest misses the target (or a limit): no plan can meet it.
                return fastestInstead(objective);
            }
            // every plan is at least this slow draw by draw, so its per-request charge is at least this
            requestBound = space.model.requestCostBound(fastestRequest);
            Predicate<double[]> misses = draws -> !Quantiles.atMost(draws, target, percentile)
                    || space.model.requestLimitViolation(draws) != null;
            Predicate<Predicted> meetsTarget = predicted -> Outcomes.meets(objective, predicted);
            PlanResult.Planned incumbent = null;
            double guide = target;
            List<Space.Option> hint = prior == null ? null : optionsOf(prior.plan());
            for (int r = 0; r < GUIDED_ROUNDS && rounds < MAX_ROUNDS && timeLeft(); r++) {
                Solved s = solve(build(true, guide, Long.MAX_VALUE, false, hint), true);
                if (s.chosen() == null) {
                    break;
                }
                double[] draws = space.requestDraws(s.chosen());
                double p = Quantiles.percentile(draws, percentile);
                if (p <= target && space.model.requestLimitViolation(draws) == null) {
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
            if (prior != null && Outcomes.meets(objective, prior.evaluation())
                    && (incumbent == null || exact(prior) < exact(incumbent))) {
                incumbent = prior;
            }
            // The quick fastest plan (least sum of percentile bounds per chain) often meets the target. It is weighed
            // whether or not the guided rounds found a plan, so that a search the limit cut short during those rounds
            // (which falls back to it) never ends cheaper than a longer one.
            List<Space.Option> quick = quickFastest();
            if (incumbent == null || space.cost(quick) + requestBound < exact(incumbent)) {
                double[] quickDraws = space.requestDraws(quick);
                PlanResult.Planned q = misses.test(quickDraws) ? null : confirm(quick, meetsTarget);
                if (q != null && (incumbent == null || exact(q) < exact(incumbent))) {
                    incumbent = q;
                }
            }
            if (incumbent == null) {
                PlanResult.Planned fastest = fastest(objective);
                if (!Outcomes.meets(objective, fastest.evaluation())) {
                    return Outcomes.tooSlow(objective, fastest, found(fastest));
                }
                incumbent = fastest;
            }
            if (!exact) {
                return withSolver(incumbent, false, Double.NaN);
            }
            // Exact search. The solver sees the groups' costs; a plan's per-request charge (Express) is at least
            // requestBound, so a better plan has groups' units below the incumbent's exact cost less that bound.
            // The solver's objective is a lower bound of each plan's exact cost: its groups' units plus, where the
            // request is charged by duration, that charge's slope times the longest path over the groups' mean
            // latencies (the mean request latency is at least that); the charge's constant part is added here.
            boolean proven = false;
            double bound = Double.NaN;
            long constantUnits = (long) Math.floor(space.model.requestCostBound(new double[] {0}) * costScale);
            chargeMeanLatency = true;
            while (rounds < MAX_ROUNDS && timeLeft()) {
                long exactUnits = exactUnits(incumbent);
                long cap = exactUnits - constantUnits - 1;
                Solved s = solve(build(false, Double.NaN, cap, false, null), false);
                if (s.status() == CpSolverStatus.INFEASIBLE) {
                    proven = true;
                    break;
                }
                if (s.chosen() == null) {
                    if (!Double.isNaN(s.bound()) && s.status() == CpSolverStatus.UNKNOWN) {
                        bound = s.bound() + constantUnits; // a cut solve's bound is valid all the same
                    }
                    break;
                }
                bound = s.bound() + constantUnits;
                if (exactUnits - bound <= Math.max(GAP_TOLERANCE, request.gap()) * exactUnits) {
                    break; // close enough to the bound (or within the gap the request accepts)
                }
                boolean meets = !misses.test(space.requestDraws(s.chosen()));
                PlanResult.Planned confirmed = meets ? confirm(s.chosen(), meetsTarget) : null;
                if (confirmed != null && exactUnits(confirmed) < exactUnits) {
                    incumbent = confirmed;
                } else if (meets) {
                    cuts.add(noGood(s.chosen()));
                } else {
                    addCut(s.chosen(), misses);
                }
                // no plan's exact cost is below the solver's optimum (its objective is a lower bound)
                if (s.status() == CpSolverStatus.OPTIMAL && exactUnits(incumbent) <= s.objective() + constantUnits) {
                    proven = true;
                    break;
                }
            }
            chargeMeanLatency = false;
            double cost = exactUnits(incumbent);
            double gap = proven ? 0.0 : Double.isNaN(bound) ? Double.NaN : Math.max(0, (cost - bound) / cost);
            return withSolver(incumbent, proven, gap);
        }

        private PlanResult fastestInstead(Objective.Latency objective) {
            PlanResult.Planned fastest = fastest(objective);
            return Outcomes.tooSlow(objective, fastest, found(fastest));
        }

        /**
         * Per chain, the partition and options with the least sum of percentile bounds (allowed options first,
         * any option when a chain has no allowed one): a fast plan found without the solver.
         */
        private List<Space.Option> quickFastest() {
            List<Space.Option> plan = new ArrayList<>();
            for (int c = 0; c < space.chains.size(); c++) {
                int length = space.chains.get(c).size();
                double[] best = new double[length + 1];
                Space.Option[] pick = new Space.Option[length];
                java.util.Arrays.fill(best, Double.POSITIVE_INFINITY);
                best[length] = 0;
                for (int a = length - 1; a >= 0; a--) {
                    for (int b = a; b < length; b++) {
                        for (Space.Option o : space.optionsOfSegment.get(space.segmentAt(c, a, b))) {
                            double q = space.quantile(o, percentile) + (allowed[o.id()] ? 0 : 1e12);
                            if (q + best[b + 1] < best[a]) {
                                best[a] = q + best[b + 1];
                                pick[a] = o;
                            }
                        }
                    }
                }
                for (int a = 0; a < length; a = space.segment(pick[a]).to() + 1) {
                    plan.add(pick[a]);
                }
            }
            return plan;
        }

        /** "" when the plan is proven the fastest, else "found" ("the fastest plan found reaches …"). */
        private static String found(PlanResult.Planned fastest) {
            return "OPTIMAL".equals(fastest.plan().solver().status()) ? "" : "found";
        }

        /**
         * The plan of least percentile, whatever its cost, in a fresh search (the target's filter must not apply);
         * when the solver finds none in time, the quick fastest plan.
         */
        private PlanResult.Planned fastest(Objective.Latency objective) {
            Search s = new Search(space, evaluator, request, work);
            s.rounds = rounds;
            PlanResult r = s.leastLatency(Double.POSITIVE_INFINITY, objective, null, true);
            rounds = s.rounds;
            if (r instanceof PlanResult.Planned p) {
                return p;
            }
            s.prepare(Double.POSITIVE_INFINITY);
            return withSolver(Outcomes.planned(evaluator, Outcomes.plan(space, s.quickFastest(), request.objective(),
                    info(false, Double.NaN))), false, Double.NaN);
        }

        // ---- minimum percentile under a budget ----

        private PlanResult leastLatency(double budgetUsd, Objective objective, PlanResult.Planned prior, boolean exact) {
            prepare(Double.POSITIVE_INFINITY);
            // every plan's per-request charge is at least what the per-draw fastest request would pay
            double[][] relaxed = new double[space.chains.size()][];
            boolean placeable = true;
            for (int c = 0; c < relaxed.length && placeable; c++) {
                relaxed[c] = chainMinimum(c);
                placeable = relaxed[c] != null;
            }
            requestBound = placeable ? space.model.requestCostBound(space.requestDrawsOfChains(relaxed)) : 0;
            long budgetUnits = Long.MAX_VALUE;
            PlanResult.Planned incumbent = null;
            PlanResult.Planned cheapestPlan = null;
            double best = Double.POSITIVE_INFINITY;
            if (Double.isFinite(budgetUsd)) {
                Solved cheapest = solve(build(false, Double.NaN, Long.MAX_VALUE, false, null), false);
                if (cheapest.chosen() == null) {
                    return PlanResult.Infeasible.outOfTime(Outcomes.OUT_OF_TIME);
                }
                PlanResult.Planned planned = Outcomes.planned(evaluator,
                        Outcomes.plan(space, cheapest.chosen(), objective, info(false, Double.NaN)));
                if (space.cost(cheapest.chosen()) + requestBound > budgetUsd) {
                    return Outcomes.overBudget((Objective.Budget) objective, withSolver(planned,
                            cheapest.status() == CpSolverStatus.OPTIMAL, Double.NaN), "");
                }
                // The per-request charge outside the groups is at least requestBound: the groups get the rest (plans
                // over the budget in full are then turned down by confirm).
                budgetUnits = (long) Math.floor((budgetUsd - requestBound) * costScale);
                cheapestPlan = planned;
                if (Outcomes.meets(objective, planned.evaluation())) {
                    incumbent = planned;
                    best = Quantiles.percentile(space.requestDraws(cheapest.chosen()), percentile);
                }
            }
            if (prior != null && Outcomes.meets(objective, prior.evaluation())) {
                double p = Quantiles.percentile(space.requestDraws(optionsOf(prior.plan())), percentile);
                if (p < best) {
                    incumbent = prior;
                    best = p;
                }
            }
            int roundLimit = exact ? MAX_ROUNDS : Math.min(MAX_ROUNDS, rounds + QUICK_ROUNDS);
            Predicate<Predicted> withinBudget = predicted -> predicted.meanCostUsd() <= budgetUsd;
            boolean proven = false;
            while (rounds < roundLimit && timeLeft()) {
                List<Space.Option> hint = incumbent == null ? quickFastest() : optionsOf(incumbent.plan());
                Solved s = solve(build(true, Double.NaN, budgetUnits, true, hint), true);
                if (s.status() == CpSolverStatus.INFEASIBLE) {
                    proven = true;
                    break;
                }
                if (s.chosen() == null) {
                    break;
                }
                double[] draws = space.requestDraws(s.chosen());
                double p = space.model.requestLimitViolation(draws) != null ? Double.POSITIVE_INFINITY
                        : Quantiles.percentile(draws, percentile);
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
                if (!addCut(s.chosen(), d -> !Quantiles.below(d, bar, percentile)
                        || space.model.requestLimitViolation(d) != null)) {
                    proven = true;
                    break;
                }
            }
            if (incumbent == null) {
                if (proven && cheapestPlan != null) {
                    return Outcomes.overBudget((Objective.Budget) objective, withSolver(cheapestPlan, false, Double.NaN),
                            "found");
                }
                return PlanResult.Infeasible.outOfTime(Outcomes.OUT_OF_TIME);
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
                    quantile[o.id()] = space.quantile(o, percentile);
                    mean[o.id()] = space.mean(o);
                    // the request is never faster than one of its groups, draw by draw
                    allowed[o.id()] = quantile[o.id()] <= latencyLimit && space.model.requestLimitViolation(d[i]) == null;
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
            // only chain c changes below: the rest of the plan is summarized once
            Space.Around around = space.around(current, c);
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
                    if (fails.test(around.request(current[c]))) {
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
            return planned.evaluation().violations().isEmpty() && accepts.test(planned.evaluation().predicted())
                    ? planned : null;
        }

        private PlanResult.Planned withSolver(PlanResult.Planned planned, boolean proven, double gap) {
            Plan p = planned.plan();
            Plan plan = new Plan(p.workflow(), request.objective(), p.groups(), p.predicted(), info(proven, gap),
                    p.orchestration());
            return new PlanResult.Planned(plan, planned.evaluation());
        }

        private SolverInfo info(boolean proven, double gap) {
            long wallMs = work.wallMs();
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

        /** A plan's exact cost in the solver's units: its groups' units plus its per-request charge. */
        private long exactUnits(PlanResult.Planned planned) {
            return units(planned.plan()) + orchestrationUnits(planned);
        }

        private long orchestrationUnits(PlanResult.Planned planned) {
            return (long) Math.ceil(planned.evaluation().orchestrationCostUsd() * costScale);
        }

        private double exact(PlanResult.Planned planned) {
            return planned.evaluation().predicted().meanCostUsd();
        }

        /** The options a plan of this search consists of. */
        private List<Space.Option> optionsOf(Plan plan) {
            return space.optionsOf(plan);
        }

        private boolean timeLeft() {
            return work.left();
        }

        // ---- the CP-SAT model ----

        private final List<IntVar> meanEnds = new ArrayList<>();

        /**
         * {units per tick, microseconds per tick} of the per-request charge's slope, the tick as short as keeps at
         * least one whole unit per tick (rounded down: still a lower bound); null when nothing is charged by duration.
         */
        private long[] meanChargeUnits() {
            double unitsPerMicro = space.model.requestCostPerMs() / 1000 * costScale;
            if (!(unitsPerMicro > 0)) {
                return null;
            }
            long micros = 1;
            while (unitsPerMicro * micros < 1) {
                micros *= 10;
            }
            return new long[] {(long) Math.floor(unitsPerMicro * micros), micros};
        }

        private record Built(CpModel model, BoolVar[] x) {
        }

        /**
         * The model: exactly one allowed option per function; with {@code timing}, an end time per chain from its
         * options' percentile latencies (microseconds) after its predecessor chains' ends, and the makespan ≤
         * {@code latencyLimitMs} unless NaN; total cost ≤ {@code costCap}; the cuts. Minimizes the makespan or the cost.
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
            // Where requests are charged by duration (Express), the charge is at least its slope times the mean request
            // latency, itself at least the longest path over the groups' mean latencies: a valid lower bound that
            // lets the solver weigh speed against cost.
            long[] perTick = chargeMeanLatency && !minimizeMakespan ? meanChargeUnits() : null;
            if (perTick != null) {
                int chains = space.chains.size();
                LinearExprBuilder[] length = new LinearExprBuilder[chains];
                long horizon = 1;
                for (int c = 0; c < chains; c++) {
                    length[c] = LinearExpr.newBuilder();
                }
                for (List<Space.Option> opts : space.optionsOfSegment) {
                    long worst = 0;
                    for (Space.Option o : opts) {
                        if (x[o.id()] != null) {
                            long ticks = (long) Math.floor(mean[o.id()] * 1000 / perTick[1]);
                            worst = Math.max(worst, ticks);
                            if (ticks != 0) {
                                length[space.segment(o).chain()].addTerm(x[o.id()], ticks);
                            }
                        }
                    }
                    horizon += worst;
                }
                IntVar meanSpan = model.newIntVar(0, horizon, "meanSpan");
                for (int c = 0; c < chains; c++) {
                    IntVar end = model.newIntVar(0, horizon, "meanEnd" + c);
                    LinearExpr own = length[c].build();
                    model.addGreaterOrEqual(end, own);
                    for (int p : space.chainPredecessors.get(c)) {
                        model.addGreaterOrEqual(LinearExpr.weightedSum(new IntVar[] {end, meanEnds.get(p)},
                                new long[] {1, -1}), own);
                    }
                    meanEnds.add(end);
                    model.addGreaterOrEqual(meanSpan, end);
                }
                meanEnds.clear();
                cost.addTerm(meanSpan, perTick[0]);
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
                // A chain's segments run in series and nothing outside touches its inside, so its duration is the
                // plain sum of its chosen options' bounds: linear, no enforcement literals.
                int chains = space.chains.size();
                LinearExprBuilder[] length = new LinearExprBuilder[chains];
                for (int c = 0; c < chains; c++) {
                    length[c] = LinearExpr.newBuilder();
                }
                for (Space.Option o : space.options) {
                    if (x[o.id()] != null && micros[o.id()] != 0) {
                        length[space.segment(o).chain()].addTerm(x[o.id()], micros[o.id()]);
                    }
                }
                IntVar[] end = new IntVar[chains];
                makespan = model.newIntVar(0, horizon, "makespan");
                for (int c = 0; c < chains; c++) {
                    end[c] = model.newIntVar(0, horizon, "end" + c);
                    LinearExpr own = length[c].build();
                    model.addGreaterOrEqual(end[c], own);
                    for (int p : space.chainPredecessors.get(c)) {
                        model.addGreaterOrEqual(LinearExpr.weightedSum(new IntVar[] {end[c], end[p]}, new long[] {1, -1}), own);
                    }
                    model.addGreaterOrEqual(makespan, end[c]);
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

        /**
         * Solves; a {@code guided} model's optimum is only a guide, so its solve stops within {@link #GUIDE_GAP} of
         * the bound and after a quarter of the time limit at most.
         */
        private Solved solve(Built built, boolean guided) {
            rounds++;
            long t0 = System.nanoTime();
            CpSolver solver = new CpSolver();
            // the work allowance (deterministic time) ends a search; the wall clock is only a safety net
            double cap = guided ? GUIDED_DTIME : Double.POSITIVE_INFINITY;
            double allowed = Math.min(cap, work.remaining() * Work.CP_SAT_DTIME_PER_SECOND);
            if (guided) {
                solver.getParameters().setRelativeGapLimit(GUIDE_GAP);
            }
            solver.getParameters().setNumWorkers(request.threads()).setRandomSeed(SEED)
                    .setMaxDeterministicTime(Math.max(1e-3, allowed))
                    // several workers interleave deterministically instead of racing
                    .setInterleaveSearch(request.threads() > 1)
                    // CP-SAT's own SIGINT handler outlives the solve and aborts the JVM on a later Ctrl-C
                    // (std::bad_function_call); the JVM keeps SIGINT, and Solves stops a running solve at exit
                    .setCatchSigintSignal(false);
            Trace.log("round %d: solving for up to %.2f deterministic s", rounds, allowed);
            // the wall clock is watched from outside the solver (on the budget's clock), never given to it as a limit
            CpSolverStatus status = Solves.solve(solver, built.model(), work.budget);
            if (status == CpSolverStatus.MODEL_INVALID) {
                throw new IllegalStateException("CP-SAT rejected the model: " + built.model().validate());
            }
            double dtime = solver.response().getDeterministicTime();
            work.charge(dtime / Work.CP_SAT_DTIME_PER_SECOND);
            // the round's own work besides the solver's search (counted, not timed): building and loading the model, whose
            // size is its variables and the cuts' literals, and combining and checking the plan's draws
            long literals = 0;
            for (boolean on : this.allowed) {
                literals += on ? 1 : 0;
            }
            for (Cut cut : cuts) {
                for (int[] g : cut.groups()) {
                    literals += g.length;
                }
            }
            work.charge(Work.ROUND_SECONDS + literals / Work.MODEL_LITERALS_PER_SECOND);
            work.chargePasses((double) space.samples() * space.chains.size() * 4);
            boolean proven = status == CpSolverStatus.OPTIMAL || status == CpSolverStatus.INFEASIBLE;
            if (!proven && work.budget.stopByWallClock()) {
                // the safety net: this solve's result depends on how far the machine got
                work.stop(SolverInfo.WALL_CLOCK);
            } else if (!proven && allowed < cap && dtime >= allowed * 0.99) {
                // the allowance cut this solve: its solution is dropped, so that a longer limit, which runs it further,
                // passes through the same rounds (its bound is valid all the same)
                work.stop(SolverInfo.TIME_LIMIT);
                Trace.log("round %d: cut by the work allowance", rounds);
                return new Solved(CpSolverStatus.UNKNOWN, null, solver.bestObjectiveBound(), Double.NaN);
            }
            if (status != CpSolverStatus.OPTIMAL && status != CpSolverStatus.FEASIBLE) {
                Trace.log("round %d: %s in %.1f ms", rounds, status, (System.nanoTime() - t0) / 1e6);
                return new Solved(status, null, Double.NaN, Double.NaN);
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
            return new Solved(status, chosen, solver.bestObjectiveBound(), solver.objectiveValue());
        }
    }
}
