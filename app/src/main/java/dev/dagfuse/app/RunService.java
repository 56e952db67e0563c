// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.executor.RunOptions;
import dev.dagfuse.executor.RunReport;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Runs a plan on this machine and puts the model's prediction for that machine next to the measurements
 * ({@code dagfuse run}). Two steps, since the run's options (its request input) depend on the workflow read.
 */
public interface RunService {

    /**
     * @param workflowFile the workflow (its functions need handler: classes)
     * @param profileFile the profile the prediction uses, or {@code null} for profile.yaml beside the workflow, if any
     * @param planFile the plan to run, or {@code null} for the as-deployed plan
     */
    record Request(Path workflowFile, Path profileFile, Path planFile) {
        public Request {
            Objects.requireNonNull(workflowFile, "workflowFile");
        }
    }

    /** A workflow and its plan, read and ready to run. */
    interface Prepared {
        Workflow workflow();

        Plan plan();

        /** Runs the plan (blocking) and predicts it for the run's cores. */
        Result run(RunOptions options);

        /** Stops a run in progress from another thread (e.g. on Ctrl-C); it returns a partial report. */
        void stop();
    }

    /**
     * @param report what was measured, with the prediction when one could be made
     * @param notes what the reader should know about the prediction (none made, or one that leaves out queueing)
     */
    record Result(RunReport report, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    Prepared prepare(Request request);
}
