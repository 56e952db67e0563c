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

    public static PlanResult plan(Workflow workflow, PlanEvaluator evaluator, PlanRequest request) {
        long start = System.nanoTime();
        Space space = new Space(workflow, evaluator.groupModel(), request.withFusion(false).withBundling(false), false);
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
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        Plan plan = Outcomes.plan(space, chosen, request.objective(), new SolverInfo(NAME, "HEURISTIC", wallMs, 0, Double.NaN));
        return Outcomes.planned(evaluator, plan);
    }
}
