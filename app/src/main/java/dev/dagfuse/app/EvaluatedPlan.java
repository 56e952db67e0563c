// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.Plan;
import dev.dagfuse.optimizer.Evaluation;

import java.util.Objects;

/**
 * A plan with the model's numbers for it.
 *
 * @param plan the plan (a plan file's keeps the predicted numbers it was written with)
 * @param evaluation the model's numbers now
 */
public record EvaluatedPlan(Plan plan, Evaluation evaluation) {

    public EvaluatedPlan {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(evaluation, "evaluation");
    }
}
