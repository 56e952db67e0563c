// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import java.util.List;

/**
 * What a deploy did (or, dry, would do).
 *
 * @param changes each change made, one line each ("create function X (2048 MB arm64)")
 * @param unchanged each resource already as planned
 * @param stateMachineArn the state machine's ARN (null on a dry run that would create it)
 * @param dryRun whether nothing was changed on purpose
 */
public record DeployResult(List<String> changes, List<String> unchanged, String stateMachineArn, boolean dryRun) {

    public DeployResult {
        changes = List.copyOf(changes);
        unchanged = List.copyOf(unchanged);
    }

    public boolean changed() {
        return !changes.isEmpty();
    }
}
