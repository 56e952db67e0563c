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

    /** At most {@code points} plans, fastest first; empty when no plan exists. */
    public static List<PlanResult.Planned> sweep(Planner planner, Workflow workflow, PlanEvaluator evaluator,
                                                 PlanRequest base, int points) {
        if (points < 2) {
            throw new IllegalArgumentException("The points (" + points + ") must be ≥ 2. Maybe 20.");
        }
        double p = base.objective().percentile();
        // one space per orchestration, drawn once, serves every target
        List<Space> space = null;
        if (planner instanceof SpacePlanner sp) {
            space = new ArrayList<>();
            List<dev.dagfuse.model.Orchestration> choices = workflow.platform().orchestrations();
            long drawUntil = sp.drawingDeadline(base, System.nanoTime());
            try {
                for (dev.dagfuse.model.Orchestration o : choices.isEmpty()
                        ? java.util.Collections.<dev.dagfuse.model.Orchestration>singletonList(null) : choices) {
                    space.add(Space.drawingUntil(drawUntil, () -> sp.space(workflow, evaluator.groupModel(o), base)));
                }
            } catch (Space.OutOfTime e) {
                return List.of();
            }
        }
        List<PlanResult.Planned> all = new ArrayList<>();
        PlanResult fastest = plan(planner, space, workflow, evaluator, base.withObjective(new Objective.Budget(UNBOUNDED, p)));
        PlanResult cheapest = plan(planner, space, workflow, evaluator, base.withObjective(new Objective.Latency(p, UNBOUNDED)));
        if (!(fastest instanceof PlanResult.Planned f) || !(cheapest instanceof PlanResult.Planned c)) {
            return List.of();
        }
        double lo = f.evaluation().predicted().percentileMs(p);
        double hi = c.evaluation().predicted().percentileMs(p);
        all.add(retarget(f, p));
        all.add(retarget(c, p));
        for (double target : targets(lo, hi, points)) {
            PlanResult r = plan(planner, space, workflow, evaluator, base.withObjective(new Objective.Latency(p, target)));
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
        return frontier;
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
                                   PlanRequest request) {
        if (spaces == null) {
            return planner.plan(workflow, evaluator, request);
        }
        long start = System.nanoTime();
        PlanResult best = null;
        for (Space space : spaces) {
            PlanResult r = ((SpacePlanner) planner).plan(space, evaluator, request, start);
            best = best == null ? r : SpacePlanner.better(request, best, r);
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
