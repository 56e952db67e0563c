// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.EvaluatedPlan;
import dev.dagfuse.app.RequestException;
import dev.dagfuse.app.Search;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;

import java.nio.file.Path;

/**
 * The plan a check or a report is about: a given plan file evaluated, or the workflow planned for its objective.
 * Both report a planner they cannot use as bad input (of the workflow, for a request the planner refuses).
 */
sealed interface PlanChoice {

    EvaluatedPlan plan();

    /** The plan file, evaluated now. */
    record Given(EvaluatedPlan plan, Path file) implements PlanChoice {
    }

    /** A plan that meets the objective, from {@code planner}. */
    record Planned(EvaluatedPlan plan, String planner) implements PlanChoice {
    }

    /** No plan meets the objective: the nearest one, from {@code planner}, and why. */
    record Nearest(EvaluatedPlan plan, String reason, String planner) implements PlanChoice {
    }

    /** No plan exists at all (a function fits no memory size), or the time limit came first ({@code outOfTime}). */
    record None(String reason, boolean outOfTime) implements PlanChoice {
        @Override
        public EvaluatedPlan plan() {
            return null;
        }
    }

    /** The planner of that name; an unknown name is bad input. */
    static Planner planner(String solver) {
        try {
            return Planners.byName(solver);
        } catch (IllegalArgumentException e) {
            throw new InputException(null, "", e.getMessage());
        }
    }

    /**
     * {@code given} evaluated, or a plan for {@code objective} searched with {@code search}.
     *
     * @param workflowFile names the workflow in the errors of a search that cannot run
     * @param noObjective what to say when there is neither a plan nor an objective
     */
    static PlanChoice choose(Session session, Plan given, Path planFile, Objective objective, Search search,
                             Path workflowFile, String noObjective) {
        if (given != null) {
            try {
                return new Given(session.evaluate(given), planFile);
            } catch (InputException e) {
                throw e.withFile(planFile.toString());
            }
        }
        if (objective == null) {
            throw new InputException(workflowFile.toString(), "objective", noObjective);
        }
        Planner planner = planner(search.solver());
        PlanResult result;
        try {
            result = planner.plan(session.workflow(), session.evaluator(), Session.request(objective, search));
        } catch (IllegalArgumentException | RequestException e) {
            // the request cannot be searched, e.g. too large for the exhaustive planner
            throw new InputException(workflowFile.toString(), "", e.getMessage());
        }
        if (result instanceof PlanResult.Planned planned) {
            return new Planned(new EvaluatedPlan(planned.plan(), planned.evaluation()), planner.name());
        }
        PlanResult.Infeasible infeasible = (PlanResult.Infeasible) result;
        if (infeasible.nearest() == null) {
            return new None(infeasible.reason(), infeasible.outOfTime());
        }
        return new Nearest(session.evaluated(infeasible.nearest(), infeasible.nearestEvaluation()), infeasible.reason(),
                planner.name());
    }
}
