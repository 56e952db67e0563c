// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.internal.planner.CpSatPlanner;
import dev.dagfuse.optimizer.internal.planner.ExhaustivePlanner;
import dev.dagfuse.optimizer.internal.planner.GreedyPlanner;
import dev.dagfuse.optimizer.internal.planner.ParetoSweep;
import dev.dagfuse.optimizer.internal.planner.PowerTuning;

import java.util.List;

/** The planners by name. */
public final class Planners {

    /** The default planner's name. */
    public static final String DEFAULT = CpSatPlanner.NAME;

    private Planners() {
    }

    /** {@code cp-sat}, {@code exhaustive}, {@code greedy}. */
    public static List<String> names() {
        return List.of(CpSatPlanner.NAME, ExhaustivePlanner.NAME, GreedyPlanner.NAME);
    }

    public static Planner byName(String name) {
        return switch (name) {
            case CpSatPlanner.NAME -> new CpSatPlanner();
            case ExhaustivePlanner.NAME -> new ExhaustivePlanner();
            case GreedyPlanner.NAME -> new GreedyPlanner();
            default -> throw new IllegalArgumentException("The solver (" + name + ") is not known. Use one of: "
                    + String.join(", ", names()) + ".");
        };
    }

    public static Planner defaultPlanner() {
        return byName(DEFAULT);
    }

    /**
     * Per-function power tuning: no fusion or bundling, every function at its cheapest memory size whose mean
     * latency is within 10% of its fastest size's (the request's memory options apply; its objective is carried).
     */
    public static PlanResult powerTuned(Workflow workflow, PlanEvaluator evaluator, PlanRequest request) {
        return PowerTuning.plan(workflow, evaluator, request);
    }

    /**
     * The cost–latency frontier at {@code request}'s percentile: the fastest and the cheapest plan and the cheapest
     * plans for targets evenly between them, dominated plans dropped; at most {@code points}, fastest first.
     * Empty when no plan exists.
     */
    public static List<PlanResult.Planned> pareto(Planner planner, Workflow workflow, PlanEvaluator evaluator,
                                                  PlanRequest request, int points) {
        return ParetoSweep.sweep(planner, workflow, evaluator, request, points);
    }
}
