// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import java.nio.file.Path;
import java.util.Objects;

/** The model's numbers for a given plan ({@code dagfuse evaluate}). */
public interface EvaluateService {

    /**
     * @param workflowFile the workflow
     * @param profileFile the profile, or {@code null} for profile.yaml beside the workflow (else inline profiles)
     * @param planFile the plan to evaluate
     * @param draws how the model draws; {@code null} fields: as the plan file records
     */
    record Request(Path workflowFile, Path profileFile, Path planFile, Draws draws) {
        public Request {
            Objects.requireNonNull(workflowFile, "workflowFile");
            Objects.requireNonNull(planFile, "planFile");
            Objects.requireNonNull(draws, "draws");
        }
    }

    /** @param evaluated the plan as read (with the predicted numbers it records) and its numbers now */
    record Result(ModelContext context, EvaluatedPlan evaluated) {
    }

    Result evaluate(Request request);
}
