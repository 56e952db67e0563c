// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The cost–latency frontier: the fastest plan, the cheapest plan, and the cheapest plan for targets spaced
 * geometrically between their percentiles; dominated and repeated plans dropped. The candidate space is drawn once.
 */
public final class ParetoSweep {

    /** A target far above any request's latency: "no target". */
    private static final double UNBOUNDED = 1e15;

    private ParetoSweep() {
    }

    /**
     * The frontier found.
     *
     * @param plans the non-dominated plans, each different, fastest first; empty when no plan exists
     * @param searched the plans the sweep searched for (the two extremes and the targets between)
     * @param dropped how many of the plans found were dropped: the same plan as another target's, or dominated
     * @param stoppedBy null, or why some search stopped early ({@code SolverInfo.TIME_LIMIT}, {@code WALL_CLOCK})
     */
    public record Sweep(List<PlanResult.Planned> plans, int searched, int dropped, String stoppedBy) {
        public Sweep {
            plans = List.copyOf(plans);
        }
    }

    /** At most {@code points} plans, fastest first; empty when no plan exists. */
    public static List<PlanResult.Planned> sweep(Planner planner, Workflow workflow, PlanEvaluator evaluator,
                                                 PlanRequest base, int points) {
        return sweep(planner, workflow, evaluator, base, points, dev.dagfuse.optimizer.TimeBudget.start(
                base.timeLimit())).plans();
    }

    /**
     * The sweep within {@code budget}: the candidates are drawn once (fewer requests per candidate when the workflow is
     * large for the limit: the planner's sample schedule), then each of the {@code points + 1} searches gets an equal
     * slice of the limit, so the whole sweep stays within it.
     */
    public static Sweep sweep(Planner planner, Workflow workflow, PlanEvaluator fullEvaluator, PlanRequest base,
                              int points, dev.dagfuse.optimizer.TimeBudget budget) {
        if (points < 2) {
            throw new IllegalArgumentException("The points (" + points + ") must be ≥ 2. Maybe 20.");
        }
        double p = base.objective().percentile();
        int searches = points + 1;
        PlanEvaluator evaluator = fullEvaluator;
        int full = fullEvaluator.options().samples();
        // one space per orchestration, drawn once, serves every target
        List<Space> space = null;
        if (planner instanceof SpacePlanner sp) {
            int samples = sp.searchSamples(workflow, fullEvaluator, base, budget, full);
            evaluator = samples < full ? fullEvaluator.withSamples(samples) : fullEvaluator;
            PlanEvaluator drawing = evaluator;
            space = new ArrayList<>();
            List<dev.dagfuse.model.Orchestration> choices = workflow.platform().orchestrations();
            try {
                for (dev.dagfuse.model.Orchestration o : choices.isEmpty()
                        ? java.util.Collections.<dev.dagfuse.model.Orchestration>singletonList(null) : choices) {
                    space.add(Space.drawingUntil(budget, () -> sp.space(workflow,
                            drawing.groupModel(o), base)));
                }
            } catch (Space.OutOfTime e) {
                budget.stopByWallClock();
                return new Sweep(List.of(), searches, 0, dev.dagfuse.model.SolverInfo.WALL_CLOCK);
            }
        }
        List<PlanResult.Planned> all = new ArrayList<>();
        String[] stopped = {null};
        PlanResult fastest = plan(planner, space, workflow, evaluator, base.withObjective(new Objective.Budget(UNBOUNDED, p)),
                budget.slice(1.0 / searches), stopped);
        PlanResult cheapest = plan(planner, space, workflow, evaluator, base.withObjective(new Objective.Latency(p, UNBOUNDED)),
                budget.slice(1.0 / searches), stopped);
        if (!(fastest instanceof PlanResult.Planned f) || !(cheapest instanceof PlanResult.Planned c)) {
            return new Sweep(List.of(), searches, 0, stopped[0]);
        }
        double lo = f.evaluation().predicted().percentileMs(p);
        double hi = c.evaluation().predicted().percentileMs(p);
        all.add(retarget(f, p));
        all.add(retarget(c, p));
        for (double target : targets(lo, hi, points)) {
            PlanResult r = plan(planner, space, workflow, evaluator, base.withObjective(new Objective.Latency(p, target)),
                    budget.slice(1.0 / searches), stopped);
            if (r instanceof PlanResult.Planned planned) {
                all.add(planned);
            }
        }
        all.sort(Comparator.comparingDouble((PlanResult.Planned x) -> x.evaluation().predicted().percentileMs(p))
                .thenComparingDouble(x -> x.evaluation().predicted().meanCostUsd()));
        List<PlanResult.Planned> frontier = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        double cheapestSoFar = Double.POSITIVE_INFINITY;
        for (PlanResult.Planned x : all) {
            double cost = x.evaluation().predicted().meanCostUsd();
            if (cost < cheapestSoFar && seen.add(List.of(x.plan().groups(), String.valueOf(x.plan().orchestration())))) {
                frontier.add(x);
                cheapestSoFar = cost;
            }
        }
        int dropped = all.size() - frontier.size();
        if (evaluator != fullEvaluator) {
            // the points were searched with fewer requests: each is evaluated again at the full samples when that fits
            int samples = evaluator.options().samples();
            List<PlanResult.Planned> again = new ArrayList<>();
            for (PlanResult.Planned x : frontier) {
                again.add((PlanResult.Planned) SpacePlanner.reevaluated(x, fullEvaluator, samples,
                        budget.slice(1.0 / frontier.size())));
            }
            frontier = again;
        }
        return new Sweep(frontier, searches, dropped, stopped[0]);
    }

    /**
     * The targets between the fastest plan's percentile {@code lo} and the cheapest plan's {@code hi}: {@code points - 1}
     * of them from {@code lo} on, each a constant factor above the one before. Geometric, not even, spacing: when the
     * cheapest plan is many times slower than the fastest (a fan-out run one item after another), even steps leave a
     * single target in the range where the cost changes fastest, near the fastest plan.
     */
    static double[] targets(double lo, double hi, int points) {
        if (!(hi > lo) || !(lo > 0)) {
            return new double[0];
        }
        double[] t = new double[points - 1];
        for (int i = 0; i < t.length; i++) {
            t[i] = lo * Math.pow(hi / lo, (double) i / (points - 1));
        }
        return t;
    }

    private static PlanResult plan(Planner planner, List<Space> spaces, Workflow workflow, PlanEvaluator evaluator,
                                   PlanRequest request, dev.dagfuse.optimizer.TimeBudget slice, String[] stopped) {
        PlanResult best;
        if (spaces == null) {
            best = planner.plan(workflow, evaluator, request, slice);
        } else {
            best = null;
            long start = slice.now();
            // the orchestrations' searches share the slice, one after the other
            for (Space space : spaces) {
                PlanResult r = Space.drawingUntil(slice, () -> ((SpacePlanner) planner).plan(space,
                        evaluator, request, new Work(slice, start, slice.limitSeconds() * Work.SEARCH_SHARE
                                / spaces.size())));
                best = best == null ? r : SpacePlanner.better(request, best, r);
            }
        }
        if (best instanceof PlanResult.Planned x && x.plan().solver().stoppedBy() != null
                && !dev.dagfuse.model.SolverInfo.WALL_CLOCK.equals(stopped[0])) {
            stopped[0] = x.plan().solver().stoppedBy();
        }
        if (best instanceof PlanResult.Infeasible i && i.outOfTime()
                && !dev.dagfuse.model.SolverInfo.WALL_CLOCK.equals(stopped[0])) {
            // no plan in its part of the limit: the sweep's result is then not a proof that none exists
            stopped[0] = slice.wallClockFired() ? dev.dagfuse.model.SolverInfo.WALL_CLOCK
                    : dev.dagfuse.model.SolverInfo.TIME_LIMIT;
        }
        return best;
    }

    /** The extreme plans' objectives ("no target", "no budget") replaced by the target they reach. */
    private static PlanResult.Planned retarget(PlanResult.Planned x, double p) {
        Plan plan = x.plan();
        Objective reached = new Objective.Latency(p, x.evaluation().predicted().percentileMs(p));
        return new PlanResult.Planned(new Plan(plan.workflow(), reached, plan.groups(), plan.predicted(), plan.solver(),
                plan.orchestration()), x.evaluation());
    }
}
