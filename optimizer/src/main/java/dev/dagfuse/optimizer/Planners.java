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
        return PowerTuning.plan(workflow, evaluator, request, TimeBudget.start(request.timeLimit()));
    }

    /**
     * As {@link #powerTuned(Workflow, PlanEvaluator, PlanRequest)} within {@code budget}: drawing every function's sizes
     * stops at its deadline (then "out of time"); a large workflow draws fewer requests per size, as the planners do.
     */
    public static PlanResult powerTuned(Workflow workflow, PlanEvaluator evaluator, PlanRequest request,
                                        TimeBudget budget) {
        return PowerTuning.plan(workflow, evaluator, request, budget);
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

    /**
     * The frontier found by a sweep within {@code budget}.
     *
     * @param plans the non-dominated plans, each different, fastest first; empty when no plan exists
     * @param searched the plans searched for (the two extremes and the targets between)
     * @param dropped the plans found but not listed: the same as another target's, or dominated by another
     * @param stoppedBy null, or why some search stopped early: {@code SolverInfo.TIME_LIMIT} or {@code WALL_CLOCK}
     */
    public record Frontier(List<PlanResult.Planned> plans, int searched, int dropped, String stoppedBy) {
        public Frontier {
            plans = List.copyOf(plans);
        }
    }

    /**
     * As {@link #pareto(Planner, Workflow, PlanEvaluator, PlanRequest, int)} within {@code budget}, shared by the points:
     * each of the {@code points + 1} searches gets an equal slice of it (docs/planner.md).
     */
    public static Frontier pareto(Planner planner, Workflow workflow, PlanEvaluator evaluator, PlanRequest request,
                                  int points, TimeBudget budget) {
        ParetoSweep.Sweep s = ParetoSweep.sweep(planner, workflow, evaluator, request, points, budget);
        return new Frontier(s.plans(), s.searched(), s.dropped(), s.stoppedBy());
    }
}
