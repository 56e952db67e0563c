// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import java.nio.file.Path;
import java.util.Objects;

/** The data of the HTML plan report ({@code dagfuse report}): a plan, its distributions and the frontier. */
public interface ReportService {

    /**
     * @param workflowFile the workflow
     * @param profileFile the profile, or {@code null} for profile.yaml beside the workflow (else inline profiles)
     * @param planFile the plan to show, or {@code null} to plan the workflow for its objective
     * @param search the planner (and its time limit) for the plan and for each plan of the frontier
     * @param frontierPoints plans of the cost vs latency frontier (0: none, the chart shows the chosen plan and the
     *     as-deployed workflow only)
     * @param generatedBy e.g. "dagfuse 0.1.0"
     */
    record Request(Path workflowFile, Path profileFile, Path planFile, Search search, int frontierPoints,
                   String generatedBy) {
        public Request {
            Objects.requireNonNull(workflowFile, "workflowFile");
            Objects.requireNonNull(search, "search");
            if (frontierPoints == 1 || frontierPoints < 0) {
                throw new IllegalArgumentException("The frontier points (" + frontierPoints + ") must be 0 or ≥ 2.");
            }
        }
    }

    sealed interface Result permits ReportData, NoPlan {
    }

    /** No plan exists at all (a function fits no memory size), or none was found in time ({@code outOfTime}). */
    record NoPlan(String message, boolean outOfTime) implements Result {
        public NoPlan(String message) {
            this(message, false);
        }
    }

    Result report(Request request);
}
