// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.render;

import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;

import java.util.List;
import java.util.Objects;

/**
 * A profile to show per function and memory size, measured and modelled ({@code dagfuse profile show}).
 *
 * @param profile the profile
 * @param workflow gives the function order, the platform's prices and each function's memoryMB and options (shown
 *     too); {@code null} for AWS x86_64 us-east-1 prices
 * @param sizes the sizes to show besides the measured ones (and the workflow's)
 */
public record ProfileView(Profile profile, Workflow workflow, List<Integer> sizes) {

    /** The sizes shown besides the measured ones: Lambda's common sizes and whole vCPUs. */
    public static final List<Integer> DEFAULT_SIZES = List.of(128, 256, 512, 1024, 1769, 2048, 3008, 3538, 5307, 7076,
            10_240);

    public ProfileView {
        Objects.requireNonNull(profile, "profile");
        sizes = List.copyOf(sizes);
    }
}
