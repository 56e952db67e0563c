// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.Objective;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Plans a workflow for an objective, next to the as-deployed plan ({@code dagfuse plan}). */
public interface PlanService {

    /**
     * @param workflowFile the workflow
     * @param profileFile the profile, or {@code null} for profile.yaml beside the workflow (else inline profiles)
     * @param objective what to plan for
     * @param search the planner and its options
     * @param draws how the model draws
     * @param planFile where to write the plan (JSON, or YAML for .yaml/.yml) when the objective is met, or {@code null}
     */
    record Request(Path workflowFile, Path profileFile, ObjectiveChoice objective, Search search, Draws draws,
                   Path planFile) {
        public Request {
            Objects.requireNonNull(workflowFile, "workflowFile");
            Objects.requireNonNull(objective, "objective");
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(draws, "draws");
        }
    }

    /** A plan that meets the objective, or why none does. Both show the as-deployed plan for comparison. */
    sealed interface Result permits Planned, Infeasible {
        ModelContext context();

        Objective objective();

        /** No fusion, no bundling, every function at its memoryMB, with the resolved objective. */
        EvaluatedPlan asDeployed();

        /**
         * The as-deployed plan under the orchestration the platform offers besides its default (Express beside
         * Standard), or {@code null} when it offers no other: a second baseline, so that a saving of state transitions
         * is not read as a saving of fusion.
         */
        EvaluatedPlan asDeployedOtherOrchestration();
    }

    /**
     * One move of the saving's waterfall, applied on top of the moves before it.
     *
     * @param move "as deployed", "orchestration", "fusion", "bundling", "sizing" or "architecture"
     * @param plan the plan after the move, with its numbers
     */
    record Move(String move, EvaluatedPlan plan) {
    }

    /**
     * @param planFile the plan file written, or {@code null}
     * @param waterfall where the saving comes from: the as-deployed plan, then each move towards {@code plan}
     */
    record Planned(ModelContext context, Objective objective, EvaluatedPlan plan, EvaluatedPlan asDeployed,
                   EvaluatedPlan asDeployedOtherOrchestration, List<Move> waterfall, Path planFile)
            implements Result {
        public Planned {
            waterfall = List.copyOf(waterfall);
        }
    }

    /**
     * @param reason why no plan meets the objective and what is reachable
     * @param nearest the plan closest to the objective, or {@code null} when no plan exists at all
     * @param outOfTime whether the time limit ended the search before it found a plan (not a proof: one may exist);
     *     then {@code nearest} and {@code asDeployed} are {@code null}
     */
    record Infeasible(ModelContext context, Objective objective, String reason, EvaluatedPlan nearest,
                      EvaluatedPlan asDeployed, EvaluatedPlan asDeployedOtherOrchestration, boolean outOfTime)
            implements Result {

        /** No plan meets the objective. */
        public Infeasible(ModelContext context, Objective objective, String reason, EvaluatedPlan nearest,
                          EvaluatedPlan asDeployed, EvaluatedPlan asDeployedOtherOrchestration) {
            this(context, objective, reason, nearest, asDeployed, asDeployedOtherOrchestration, false);
        }
    }

    /** Bad files are {@code InputException}s, requests that cannot be served {@link RequestException}s. */
    Result plan(Request request);
}
