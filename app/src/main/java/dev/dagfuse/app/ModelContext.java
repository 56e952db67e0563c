// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.ModelOptions;

import java.nio.file.Path;

/**
 * What a result's numbers were computed from.
 *
 * @param workflow the workflow read
 * @param profile its profile: the profile file's functions over the workflow's inline ones
 * @param profileFile the profile file, or {@code null} when only inline profiles were found
 * @param options how the model drew (samples, seed, percentiles)
 */
public record ModelContext(Workflow workflow, Profile profile, Path profileFile, ModelOptions options) {
}
