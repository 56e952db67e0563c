// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Every combination of partitions and options, by depth-first search with exact pruning only (a partial plan's
 * cost plus the cheapest completion, and its percentile so far, are lower bounds). The reference in tests;
 * refuses workflows whose number of combinations exceeds {@link #LIMIT}. It honours the time limit as the other
 * planners do: drawing stops at twice the limit, the search at the limit (or a quarter of it after a long drawing),
 * and then returns its best plan so far as FEASIBLE, not OPTIMAL (or "out of time" when it has none).
 */
public final class ExhaustivePlanner extends SpacePlanner {

    public static final String NAME = "exhaustive";
    /** Combinations beyond which the search refuses to start. */
    public static final double LIMIT = 5e6;

    /** Per search, whether its time is up (a test may stop it after a number of checks instead of by the clock). */
    private final Function<Long, BooleanSupplier> clock;

    public ExhaustivePlanner() {
        // the command's TimeBudget (Work.left) is the wall clock; nothing more to check
        this(deadline -> () -> false);
    }

    ExhaustivePlanner(Function<Long, BooleanSupplier> clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    Space space(Workflow workflow, GroupModel model, PlanRequest request) {
        return new Space(workflow, model, request, Space.Selection.FULL, LIMIT);
    }

    @Override
    PlanResult search(Space space, PlanEvaluator evaluator, PlanRequest request, Work work) {
        BooleanSupplier clockLate = clock.apply(work.budget.deadlineNanos());
        // the work allowance (plan steps counted) ends the search; the wall clock (or a test's clock) is a safety net
        BooleanSupplier late = () -> {
            if (!work.left()) {
                return true;
            }
            if (clockLate.getAsBoolean()) {
                work.stop(dev.dagfuse.model.SolverInfo.WALL_CLOCK);
                return true;
            }
            return false;
        };
        java.util.function.LongSupplier start = work::wallMs;
        Objective objective = request.objective();
        if (objective instanceof Objective.Latency l) {
            Search s = new Search(space, evaluator, l.percentile(), false, l.targetMs(), Double.POSITIVE_INFINITY, late, work);
            s.run();
            if (s.best != null) {
                return finish(evaluator, space, s.best, objective, start, s.stopped);
            }
            if (s.stopped) {
                return PlanResult.Infeasible.outOfTime(OUT_OF_TIME);
            }
            Search fastest = new Search(space, evaluator, l.percentile(), true, Double.POSITIVE_INFINITY,
                    Double.POSITIVE_INFINITY, late, work);
            fastest.run();
            if (fastest.best == null) {
                return PlanResult.Infeasible.outOfTime(OUT_OF_TIME);
            }
            return Outcomes.tooSlow(l, finish(evaluator, space, fastest.best, objective, start, fastest.stopped),
                    "found by exhaustive search");
        }
        Objective.Budget b = (Objective.Budget) objective;
        Search s = new Search(space, evaluator, b.percentile(), true, Double.POSITIVE_INFINITY, b.budgetUsd(), late, work);
        s.run();
        if (s.best != null) {
            return finish(evaluator, space, s.best, objective, start, s.stopped);
        }
        if (s.stopped) {
            return PlanResult.Infeasible.outOfTime(OUT_OF_TIME);
        }
        Search cheapest = new Search(space, evaluator, b.percentile(), false, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, late, work);
        cheapest.run();
        if (cheapest.best == null) {
            return PlanResult.Infeasible.outOfTime(OUT_OF_TIME);
        }
        return Outcomes.overBudget(b, finish(evaluator, space, cheapest.best, objective, start, cheapest.stopped),
                "found by exhaustive search");
    }

    private static final String OUT_OF_TIME = "No plan was found within the time limit: exhaustive search had not "
            + "reached a plan that meets the objective when it ran out. Raise --time-limit, or use cp-sat.";

    /** The plan found; OPTIMAL only when the search ran to its end, else FEASIBLE (the best so far, gap unknown). */
    private static PlanResult.Planned finish(PlanEvaluator evaluator, Space space, List<Space.Option> best,
                                             Objective objective, java.util.function.LongSupplier wallMsOf,
                                             boolean stopped) {
        long wallMs = wallMsOf.getAsLong();
        SolverInfo info = stopped ? new SolverInfo(NAME, "FEASIBLE", wallMs, 0, Double.NaN)
                : new SolverInfo(NAME, "OPTIMAL", wallMs, 0, 0.0);
        Plan plan = Outcomes.plan(space, best, objective, info);
        return Outcomes.planned(evaluator, plan);
    }

    /**
     * One depth-first search. Minimizing cost ({@code minimizeLatency} false) under a percentile limit, or the
     * percentile under a cost limit. Functions are covered in topological order, so the next uncovered function
     * always starts a group, and a group's predecessors are all placed before it.
     */
    private static final class Search {
        private final Space space;
        private final PlanEvaluator evaluator;
        private final double percentile;
        private final boolean minimizeLatency;
        private final double latencyLimit;
        private final double costLimit;
        private final int n;
        /** Per chain, per start position: the least cost of covering the rest of the chain. */
        private final double[][] cheapestRest;
        private final double[][] finishOfLast;
        private final int[] nextPosition;
        private final List<Space.Option> chosen = new ArrayList<>();
        private final List<List<Space.Option>> sortedOptions = new ArrayList<>();
        private List<Space.Option> best;
        private double bestCost = Double.POSITIVE_INFINITY;
        private double bestLatency = Double.POSITIVE_INFINITY;
        private final BooleanSupplier late;
        private final Work work;
        /** Whether the time limit stopped the search before it had seen every combination. */
        private boolean stopped;

        Search(Space space, PlanEvaluator evaluator, double percentile, boolean minimizeLatency, double latencyLimit,
               double costLimit, BooleanSupplier late, Work work) {
            this.late = late;
            this.work = work;
            this.space = space;
            this.evaluator = evaluator;
            this.percentile = percentile;
            this.minimizeLatency = minimizeLatency;
            this.latencyLimit = latencyLimit;
            this.costLimit = costLimit;
            this.n = space.samples();
            this.finishOfLast = new double[space.order.size()][];
            this.nextPosition = new int[space.chains.size()];
            this.cheapestRest = new double[space.chains.size()][];
            for (int c = 0; c < space.chains.size(); c++) {
                int length = space.chains.get(c).size();
                double[] rest = new double[length + 1];
                for (int a = length - 1; a >= 0; a--) {
                    rest[a] = Double.POSITIVE_INFINITY;
                    for (int b = a; b < length; b++) {
                        for (Space.Option o : space.optionsOfSegment.get(space.segmentAt(c, a, b))) {
                            rest[a] = Math.min(rest[a], o.costUsd() + rest[b + 1]);
                        }
                    }
                }
                cheapestRest[c] = rest;
            }
            // Promising options first so that the bounds bite early: cheapest when minimizing cost, fastest otherwise.
            for (List<Space.Option> opts : space.optionsOfSegment) {
                List<Space.Option> sorted = new ArrayList<>(opts);
                if (minimizeLatency) {
                    double[] q = new double[space.options.size()];
                    for (Space.Option o : sorted) {
                        q[o.id()] = space.quantile(o, percentile);
                    }
                    sorted.sort(Comparator.comparingDouble((Space.Option o) -> q[o.id()]).thenComparingInt(Space.Option::id));
                } else {
                    sorted.sort(Comparator.comparingDouble(Space.Option::costUsd).thenComparingInt(Space.Option::id));
                }
                sortedOptions.add(sorted);
            }
        }

        void run() {
            double restCost = 0;
            for (double[] rest : cheapestRest) {
                restCost += rest[0];
            }
            visit(0, 0.0, restCost, new double[n]);
        }

        private void visit(int orderIndex, double cost, double restCost, double[] request) {
            if (stopped || late.getAsBoolean()) {
                stopped = true;
                return;
            }
            while (orderIndex < space.order.size() && isCovered(space.order.get(orderIndex))) {
                orderIndex++;
            }
            if (orderIndex == space.order.size()) {
                leaf(cost, request);
                return;
            }
            String f = space.order.get(orderIndex);
            int c = space.chainOf(f);
            int a = nextPosition[c];
            int length = space.chains.get(c).size();
            for (int b = a; b < length; b++) {
                Space.Segment s = space.segments.get(space.segmentAt(c, a, b));
                double[] start = new double[n];
                for (String p : space.waitsFor(f)) {
                    double[] pf = finishOfLast[space.topoIndex.get(p)];
                    for (int i = 0; i < n; i++) {
                        start[i] = Math.max(start[i], pf[i]);
                    }
                }
                double nextRest = restCost - cheapestRest[c][a] + cheapestRest[c][b + 1];
                for (Space.Option o : sortedOptions.get(s.id())) {
                    double newCost = cost + o.costUsd();
                    double bound = newCost + nextRest;
                    if (bound > costLimit || (!minimizeLatency && bound >= bestCost)) {
                        continue;
                    }
                    double[] d = space.draws(o);
                    work.chargePasses(n);
                    double[] finish = new double[n];
                    double[] newRequest = new double[n];
                    for (int i = 0; i < n; i++) {
                        finish[i] = start[i] + d[i];
                        newRequest[i] = Math.max(request[i], finish[i]);
                    }
                    // The request latency only grows as groups are added: prune on the partial percentile.
                    if (!Quantiles.atMost(newRequest, latencyLimit, percentile)) {
                        continue;
                    }
                    if (minimizeLatency && !Quantiles.below(newRequest, bestLatency, percentile)) {
                        continue;
                    }
                    int last = space.topoIndex.get(s.functions().get(s.functions().size() - 1));
                    finishOfLast[last] = finish;
                    nextPosition[c] = b + 1;
                    chosen.add(o);
                    visit(orderIndex + 1, newCost, nextRest, newRequest);
                    chosen.remove(chosen.size() - 1);
                    nextPosition[c] = a;
                    finishOfLast[last] = null;
                }
            }
        }

        private boolean isCovered(String f) {
            int c = space.chainOf(f);
            return space.chains.get(c).indexOf(f) < nextPosition[c];
        }

        private void leaf(double groupsCost, double[] request) {
            if (!space.model.isLongestPathExact()) {
                // the longest path was a lower bound (valid for pruning); the plan's own draws decide
                request = space.planDraws(chosen, evaluator);
                if (!Quantiles.atMost(request, latencyLimit, percentile)) {
                    return;
                }
            }
            // the per-request orchestration charge (Express: its duration) and limits depend on the whole plan
            if (space.model.requestLimitViolation(request) != null) {
                return;
            }
            double cost = groupsCost + space.model.requestCostBound(request);
            if (cost > costLimit) {
                return;
            }
            if (minimizeLatency) {
                double p = Quantiles.percentile(request, percentile);
                if (p < bestLatency || (p == bestLatency && cost < bestCost)) {
                    bestLatency = p;
                    bestCost = cost;
                    best = List.copyOf(chosen);
                }
            } else if (cost < bestCost) {
                bestCost = cost;
                best = List.copyOf(chosen);
            }
        }
    }
}
