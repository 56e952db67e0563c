package dev.dagfuse.check;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What to check: a workflow (with its profile) now against a baseline.
 *
 * @param workflowFile the workflow
 * @param profileFile the profile, or {@code null} for profile.yaml beside the workflow (else inline profiles)
 * @param baselineFile a baseline snapshot or a plan file with predicted numbers
 * @param planFile the plan to evaluate now, or {@code null} to re-plan the workflow for its objective
 * @param tolerances how much worse the numbers may get
 * @param solver the planner used when re-planning ({@code cp-sat}, {@code greedy}, {@code exhaustive})
 * @param timeLimit the planner's time limit
 */
public record CheckRequest(Path workflowFile, Path profileFile, Path baselineFile, Path planFile, Tolerances tolerances,
                           String solver, Duration timeLimit) {

    public CheckRequest {
        Objects.requireNonNull(workflowFile, "workflowFile");
        Objects.requireNonNull(baselineFile, "baselineFile");
        Objects.requireNonNull(tolerances, "tolerances");
        Objects.requireNonNull(solver, "solver");
        Objects.requireNonNull(timeLimit, "timeLimit");
    }
}
