// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Orchestration;

import dev.dagfuse.model.Plan;

/** Evaluates whole plans of one workflow and profile with the Monte Carlo model. */
public interface PlanEvaluator {

    /** The model's numbers for {@code plan}; deterministic for the evaluator's seed. */
    Evaluation evaluate(Plan plan);

    /** The per-request latency draws of {@code plan}, index i being request i (common random numbers). */
    double[] latencyDraws(Plan plan);

    /** The group-level view the planners search over, sharing this evaluator's draws (the default orchestration's). */
    GroupModel groupModel();

    /** The group-level view for plans under {@code orchestration}; the default view when it has none. */
    default GroupModel groupModel(Orchestration orchestration) {
        return groupModel();
    }

    ModelOptions options();

    /**
     * The same model drawing only the first {@code samples} requests (the same numbers for them: common random numbers),
     * for searching a large workflow under a short time limit; this evaluator when it cannot (the default).
     */
    default PlanEvaluator withSamples(int samples) {
        return this;
    }
}
