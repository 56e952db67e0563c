package dev.dagfuse.optimizer;

import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.internal.model.MonteCarloEvaluator;

/** Builds the latency/cost model of a workflow (docs/model.md). */
public final class Models {

    private Models() {
    }

    /**
     * The Monte Carlo model with the default platform constants. Every function needs a profile with latency
     * samples: a missing one is an {@link dev.dagfuse.model.InputException} naming it (see {@link Inputs#requireProfiles}).
     */
    public static PlanEvaluator monteCarlo(Workflow workflow, Profile profile, ModelOptions options) {
        return monteCarlo(workflow, profile, options, ModelParameters.defaults());
    }

    public static PlanEvaluator monteCarlo(Workflow workflow, Profile profile, ModelOptions options,
                                           ModelParameters parameters) {
        Inputs.requireProfiles(workflow, profile, null);
        return new MonteCarloEvaluator(workflow, profile, options, parameters);
    }
}
