// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import dev.dagfuse.model.Profile;

import java.util.List;

/**
 * The result of a profiling run: the profile of the functions that have samples, and a report per function.
 *
 * @param profile the measured functions only
 * @param functions a report per function of the workflow, in topological order
 */
public record ProfileRun(Profile profile, List<FunctionReport> functions) {

    public ProfileRun {
        functions = List.copyOf(functions);
    }

    /** Whether some function that should have been measured has no successful run (the CLI exits 1). */
    public boolean hasFailures() {
        return functions.stream().anyMatch(f -> f.status() == FunctionReport.Status.FAILED);
    }
}
