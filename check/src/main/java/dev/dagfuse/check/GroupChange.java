// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import java.util.List;

/**
 * How one group (or one set of regrouped functions) differs between the baseline and now.
 *
 * @param label the group's id, or {@code old ids → new ids} when the grouping changed
 * @param kind what kind of change it is
 * @param baselineGroups the ids of the baseline's groups involved
 * @param currentGroups the ids of the current plan's groups involved
 * @param configChanges what changed in the plan, for people: {@code memory 2048 → 1024 MB}, {@code fusion removed}
 * @param metrics the group's cost per 1M requests and latency percentiles, baseline vs now (empty when the baseline
 *     has no group numbers)
 * @param blamed whether the check names this group as a cause of the regression
 */
public record GroupChange(String label, Kind kind, List<String> baselineGroups, List<String> currentGroups,
                          List<String> configChanges, List<MetricCheck> metrics, boolean blamed) {

    public enum Kind {
        /** Same functions, memory and bundle size. */
        SAME,
        /** Same functions; memory or bundle size changed. */
        RECONFIGURED,
        /** The functions are fused differently: a fusion was removed or added. */
        REGROUPED,
        /** Functions that the baseline did not have. */
        ADDED,
        /** Functions that no longer exist. */
        REMOVED
    }

    public GroupChange {
        baselineGroups = List.copyOf(baselineGroups);
        currentGroups = List.copyOf(currentGroups);
        configChanges = List.copyOf(configChanges);
        metrics = List.copyOf(metrics);
    }

    /** Whether anything about the group differs: its plan or its numbers. */
    public boolean changed() {
        return kind != Kind.SAME || metrics.stream().anyMatch(MetricCheck::changed);
    }

    GroupChange blame() {
        return new GroupChange(label, kind, baselineGroups, currentGroups, configChanges, metrics, true);
    }
}
