// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.List;
import java.util.Optional;

/**
 * An immutable plan: how a workflow's functions are fused, bundled and sized. Validated against its
 * workflow by {@code PlanValidator}.
 *
 * @param workflow the workflow's name
 * @param objective the objective it was planned for, or {@code null}
 * @param groups the groups in topological order
 * @param predicted the model's numbers for it, or {@code null} for a hand-written plan
 * @param solver how it was found
 * @param orchestration the Step Functions workflow type, or {@code null}: the platform's (and on a platform without a
 *     state machine)
 */
public record Plan(String workflow, Objective objective, List<PlanGroup> groups, Predicted predicted, SolverInfo solver,
                   Orchestration orchestration) {

    public Plan {
        groups = List.copyOf(groups);
    }

    /** A plan with the platform's orchestration. */
    public Plan(String workflow, Objective objective, List<PlanGroup> groups, Predicted predicted, SolverInfo solver) {
        this(workflow, objective, groups, predicted, solver, null);
    }

    public Optional<PlanGroup> groupOf(String function) {
        return groups.stream().filter(g -> g.functions().contains(function)).findFirst();
    }

    public Plan withPredicted(Predicted p) {
        return new Plan(workflow, objective, groups, p, solver, orchestration);
    }

    public Plan withOrchestration(Orchestration o) {
        return new Plan(workflow, objective, groups, predicted, solver, o);
    }

    /**
     * The same groups, sizes and bundles with the platform's orchestration, Map forms and architectures: how a plan
     * made for one platform runs on another (a Lambda plan run on this machine).
     */
    public Plan withPlatformDefaults() {
        return new Plan(workflow, objective, groups.stream().map(g -> g.deployedAs(null, null)).toList(), predicted,
                solver, null);
    }
}
