// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import java.util.List;

/**
 * The outcome of comparing a workflow's current numbers with a baseline.
 *
 * @param workflow the workflow's name
 * @param verdict {@link Verdict#PASS} or {@link Verdict#REGRESSION}
 * @param tolerances the limits applied
 * @param failures problems that fail the check by themselves, e.g. an objective that can no longer be met
 * @param totals the request-level checks: cost per 1M requests and each latency percentile
 * @param groups per group (or regrouped set of functions), every one, changed or not
 * @param reasons what changed in the inputs (profile, model, workflow, objective), most likely cause first
 * @param notes how the current numbers were obtained, e.g. "Re-planned with cp-sat for P95 ≤ 3.00s."
 * @param baseline the baseline compared with
 * @param current the current numbers
 */
public record CheckResult(String workflow, Verdict verdict, Tolerances tolerances, List<String> failures,
                          List<MetricCheck> totals,
                          List<GroupChange> groups, List<String> reasons, List<String> notes, Snapshot baseline,
                          Snapshot current) {

    public enum Verdict { PASS, REGRESSION }

    public CheckResult {
        failures = List.copyOf(failures);
        totals = List.copyOf(totals);
        groups = List.copyOf(groups);
        reasons = List.copyOf(reasons);
        notes = List.copyOf(notes);
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    public List<GroupChange> changedGroups() {
        return groups.stream().filter(GroupChange::changed).toList();
    }

    public List<GroupChange> blamedGroups() {
        return groups.stream().filter(GroupChange::blamed).toList();
    }

    public List<MetricCheck> regressions() {
        return totals.stream().filter(MetricCheck::regressed).toList();
    }
}
