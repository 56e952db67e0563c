// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Plan;

import java.util.Objects;

/** The outcome of planning: a plan that meets the objective, or why none does and what is reachable. */
public sealed interface PlanResult permits PlanResult.Planned, PlanResult.Infeasible {

    /**
     * A plan that meets the objective, confirmed by the full model.
     *
     * @param plan the plan, with its predicted numbers and solver info
     * @param evaluation the full model's numbers for it ({@code plan.predicted()} is {@code evaluation.predicted()})
     */
    record Planned(Plan plan, Evaluation evaluation) implements PlanResult {
        public Planned {
            Objects.requireNonNull(plan, "plan");
            Objects.requireNonNull(evaluation, "evaluation");
        }
    }

    /**
     * No plan meets the objective, or none was found in time.
     *
     * @param reason one sentence: why, and what is reachable, e.g. "The fastest plan reaches P95 4.10 s at
     *     $0.00031 per request; the target is 3.00 s."
     * @param nearest the plan closest to the objective (the fastest one for a latency target, the cheapest one
     *     for a budget), or {@code null} when no plan exists at all (a function fits no memory size)
     * @param nearestEvaluation the full model's numbers for {@code nearest}, or {@code null}
     * @param outOfTime whether the time limit ended the search before any plan was found: the objective may well be
     *     reachable with more time (not a proof of infeasibility)
     */
    record Infeasible(String reason, Plan nearest, Evaluation nearestEvaluation, boolean outOfTime)
            implements PlanResult {
        public Infeasible {
            Objects.requireNonNull(reason, "reason");
        }

        /** No plan meets the objective (a proof, not the time limit). */
        public Infeasible(String reason, Plan nearest, Evaluation nearestEvaluation) {
            this(reason, nearest, nearestEvaluation, false);
        }

        /** The time limit ended the search before it found a plan. */
        public static Infeasible outOfTime(String reason) {
            return new Infeasible(reason, null, null, true);
        }
    }
}
