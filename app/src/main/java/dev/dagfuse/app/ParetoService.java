// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** The cost vs latency frontier at a percentile ({@code dagfuse pareto}). */
public interface ParetoService {

    /**
     * @param workflowFile the workflow
     * @param profileFile the profile, or {@code null} for profile.yaml beside the workflow (else inline profiles)
     * @param percentile the percentile, or {@code null} for the workflow objective's (else 95)
     * @param search the planner and its options
     * @param draws how the model draws
     * @param points targets to plan for, extremes included (≥ 2)
     * @param planDirectory where to write each point's plan as point-NN.json, or {@code null}
     */
    record Request(Path workflowFile, Path profileFile, Double percentile, Search search, Draws draws, int points,
                   Path planDirectory) {
        public Request {
            Objects.requireNonNull(workflowFile, "workflowFile");
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(draws, "draws");
            if (points < 2) {
                throw new IllegalArgumentException("The points (" + points + ") must be ≥ 2. Maybe 20.");
            }
        }
    }

    /**
     * @param frontier the non-dominated plans, each different, fastest first; empty when no plan exists
     * @param searched the plans searched for: the fastest, the cheapest and the targets between them
     * @param dropped the plans found but not listed: the same plan as another target's, or dominated by another
     * @param stoppedBy null, or why some point's search ended early: {@code SolverInfo.TIME_LIMIT} (its share of the
     *     time limit) or {@code SolverInfo.WALL_CLOCK}
     */
    record Result(ModelContext context, double percentile, List<EvaluatedPlan> frontier, int searched, int dropped,
                  String stoppedBy) {
        public Result {
            frontier = List.copyOf(frontier);
        }

        /** A frontier with nothing dropped and no search stopped early. */
        public Result(ModelContext context, double percentile, List<EvaluatedPlan> frontier) {
            this(context, percentile, frontier, frontier.size(), 0, null);
        }
    }

    Result pareto(Request request);
}
