// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.Snapshot;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.CostUnit;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The cost/latency regression gate ({@code dagfuse check}, the Maven plugin's goals): the workflow's numbers now
 * (re-planned for its objective, or a given plan evaluated, with the baseline's model settings) against a baseline,
 * and writing the numbers now as the next baseline.
 */
public interface CheckService {

    /**
     * @param workflowFile the workflow
     * @param profileFile the profile, or {@code null} for profile.yaml beside the workflow (else inline profiles)
     * @param baselineFile the baseline to check against (a snapshot or a plan file), or {@code null} to only write one
     * @param planFile the plan to evaluate now, or {@code null} to re-plan the workflow for its objective
     * @param tolerances how much worse the numbers may get
     * @param search the planner (and its time limit) used when re-planning
     * @param draws how the model draws a baseline written without one to check against (a check always draws as
     *     its baseline did)
     * @param writeBaseline where to write the numbers now as a baseline snapshot (JSON, or YAML for .yaml), or
     *     {@code null}; with a baseline it is written after the check
     */
    record Request(Path workflowFile, Path profileFile, Path baselineFile, Path planFile, Tolerances tolerances,
                   Search search, Draws draws, Path writeBaseline) {
        public Request {
            Objects.requireNonNull(workflowFile, "workflowFile");
            Objects.requireNonNull(tolerances, "tolerances");
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(draws, "draws");
            if (baselineFile == null && writeBaseline == null) {
                throw new IllegalArgumentException("A check needs a baseline to check against or one to write.");
            }
        }
    }

    sealed interface Result permits Checked, Written, NoPlan {
    }

    /**
     * The comparison with the baseline.
     *
     * @param written the baseline written after it, or {@code null}
     */
    record Checked(CheckResult result, Written written) implements Result {
    }

    /**
     * A baseline written.
     *
     * @param file where
     * @param snapshot what: the plan, its numbers and what they were computed from
     * @param costUnit the unit of its costs (the workflow platform's)
     * @param failures problems that would fail a check by themselves (an objective that can no longer be met)
     */
    record Written(Path file, Snapshot snapshot, CostUnit costUnit, List<String> failures) implements Result {
        public Written {
            failures = List.copyOf(failures);
        }
    }

    /** No plan exists at all (a function fits no memory size): the check fails without numbers to compare. */
    record NoPlan(String message) implements Result {
    }

    Result check(Request request);
}
