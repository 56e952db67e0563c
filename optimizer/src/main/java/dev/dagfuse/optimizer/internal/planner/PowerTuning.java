// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Plan;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-function power tuning, as AWS Lambda Power Tuning's "cost" strategy with a speed guard: every function alone
 * (no fusion, no bundling) at its cheapest memory size whose mean latency is within {@link #SLOWDOWN} of its fastest
 * size's. Ignores the objective (the plan carries it for comparison).
 */
public final class PowerTuning {

    public static final String NAME = "power-tuning";
    /** How much slower than its fastest size a function may run: 10%. */
    public static final double SLOWDOWN = 0.10;

    private PowerTuning() {
    }

    public static PlanResult plan(Workflow workflow, PlanEvaluator full, PlanRequest request,
                                  dev.dagfuse.optimizer.TimeBudget budget) {
        long start = budget.now();
        PlanRequest alone = request.withFusion(false).withBundling(false);
        // a large workflow draws fewer requests per size (the planners' sample schedule), evaluated again at the end
        double units = Space.counting(() -> new Space(workflow, full.groupModel(), alone, false)).drawUnits;
        int samples = full.options().samples();
        double allowed = budget.limitSeconds() * Work.DRAW_SHARE * Work.DRAW_UNITS_PER_SECOND;
        if (units * samples > allowed) {
            int pick = SpacePlanner.SAMPLE_SCHEDULE[SpacePlanner.SAMPLE_SCHEDULE.length - 1];
            for (int n : SpacePlanner.SAMPLE_SCHEDULE) {
                if (n < samples && units * n <= allowed) {
                    pick = n;
                    break;
                }
            }
            samples = Math.min(pick, samples);
        }
        PlanEvaluator evaluator = full.withSamples(samples);
        Space space;
        try {
            space = Space.drawingUntil(budget, () -> new Space(workflow, evaluator.groupModel(), alone,
                    false));
        } catch (Space.OutOfTime e) {
            budget.stopByWallClock();
            return PlanResult.Infeasible.outOfTime(e.getMessage());
        }
        List<String> unplaceable = space.unplaceable();
        if (!unplaceable.isEmpty()) {
            return Outcomes.noPlan(space, unplaceable);
        }
        List<Space.Option> chosen = new ArrayList<>();
        for (List<Space.Option> all : space.optionsOfSegment) {
            // sizing only: each group keeps the platform's default architecture and Map form
            List<Space.Option> opts = all.stream().filter(o -> o.variant().equals(
                    space.model.variants(space.segment(o).functions()).get(0))).toList();
            double fastest = Double.POSITIVE_INFINITY;
            for (Space.Option o : opts) {
                fastest = Math.min(fastest, space.mean(o));
            }
            Space.Option best = null;
            for (Space.Option o : opts) {
                if (space.mean(o) <= fastest * (1 + SLOWDOWN)
                        && (best == null || o.costUsd() < best.costUsd())) {
                    best = o;
                }
            }
            chosen.add(best);
        }
        long wallMs = (budget.now() - start) / 1_000_000;
        Plan plan = Outcomes.plan(space, chosen, request.objective(), new SolverInfo(NAME, "HEURISTIC", wallMs, 0, Double.NaN));
        PlanResult found = Outcomes.planned(evaluator, plan);
        return evaluator == full ? found : SpacePlanner.reevaluated(found, full, evaluator.options().samples(), budget);
    }
}
