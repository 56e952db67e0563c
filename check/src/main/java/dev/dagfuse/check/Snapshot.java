// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.ModelOptions;

import java.util.List;
import java.util.Optional;

/**
 * A plan with the model's numbers for it and what they were computed from: the content of a baseline file, or the
 * state of a workflow now. A plan file used as a baseline gives a snapshot without hashes, settings or group numbers.
 *
 * @param workflow the workflow's name
 * @param workflowHash {@code sha256:…} of the workflow's content ({@link Hashes#workflow}), or {@code null}
 * @param profileHash {@code sha256:…} of the profile's content ({@link Hashes#profile}), or {@code null}
 * @param profileSource the profile's {@code source} (e.g. {@code local-jvm}), or {@code null}
 * @param modelVersion the version of the latency/cost model that computed the numbers, or {@code null}
 * @param model the model's samples, seed and percentiles, or {@code null} when unknown
 * @param plan the plan, with its predicted totals ({@link Plan#predicted()} is never {@code null} here)
 * @param groups the model's numbers per group of the plan (empty when unknown)
 */
public record Snapshot(String workflow, String workflowHash, String profileHash, String profileSource,
                       String modelVersion, ModelOptions model, Plan plan, List<GroupNumbers> groups) {

    public Snapshot {
        if (plan == null || plan.predicted() == null) {
            throw new IllegalArgumentException("A snapshot needs a plan with predicted numbers.");
        }
        groups = List.copyOf(groups);
    }

    /** A plan's evaluation now, with what it was computed from: what {@code --write-baseline} writes. */
    public static Snapshot of(Workflow workflow, Profile profile, Plan plan, Evaluation evaluation, ModelOptions options) {
        List<GroupNumbers> groups = evaluation.groups().stream()
                .map(g -> new GroupNumbers(g.groupId(), g.latencyMs(), g.meanCostUsd())).toList();
        return new Snapshot(workflow.name(), Hashes.workflow(workflow), Hashes.profile(profile), profile.source(),
                ModelVersion.current(), options, plan.withPredicted(evaluation.predicted()), groups);
    }

    /** A plan file used as a baseline: only its groups and predicted totals are known. */
    public static Snapshot ofPlan(Plan plan) {
        // a plan file that records how its numbers were drawn is re-evaluated with the same samples and seed
        ModelOptions model = plan.predicted() == null || plan.predicted().model() == null ? null
                : new ModelOptions(ModelOptions.DEFAULT_SAMPLES, ModelOptions.DEFAULT_SEED,
                        List.copyOf(plan.predicted().latencyMs().keySet())).withDrawsOf(plan);
        return new Snapshot(plan.workflow(), null, null, null, null, model, plan, List.of());
    }

    public Predicted predicted() {
        return plan.predicted();
    }

    /** Whether this came from a plan file rather than a full snapshot. */
    public boolean isPlanOnly() {
        return workflowHash == null;
    }

    public Optional<GroupNumbers> group(String groupId) {
        return groups.stream().filter(g -> g.groupId().equals(groupId)).findFirst();
    }
}
