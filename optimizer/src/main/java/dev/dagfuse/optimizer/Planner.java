// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Workflow;

/**
 * Chooses fusion, bundling and memory for a workflow. Implementations are stateless and deterministic: the same
 * workflow, evaluator (profile, model options) and request give the same result.
 */
public interface Planner {

    /** The name used on the command line: {@code cp-sat}, {@code exhaustive}, {@code greedy}. */
    String name();

    /**
     * Plans {@code workflow} with the model behind {@code evaluator}, whose evaluations of a plan must include
     * the percentile of the plan's objective (the Monte Carlo model adds it).
     *
     * @throws IllegalArgumentException when the request cannot be searched (e.g. too large for {@code exhaustive})
     */
    default PlanResult plan(Workflow workflow, PlanEvaluator evaluator, PlanRequest request) {
        return plan(workflow, evaluator, request, TimeBudget.start(request.timeLimit()));
    }

    /**
     * As {@link #plan(Workflow, PlanEvaluator, PlanRequest)}, within {@code budget} (a command's one budget, or a slice
     * of it) instead of a budget of its own from {@code request.timeLimit()}: the search's work allowance comes from
     * the budget's nominal limit, its wall-clock safety net from the budget's deadline (docs/planner.md).
     */
    PlanResult plan(Workflow workflow, PlanEvaluator evaluator, PlanRequest request, TimeBudget budget);
}
