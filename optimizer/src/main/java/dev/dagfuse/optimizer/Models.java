// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.internal.model.MonteCarloEvaluator;

/** Builds the latency/cost model of a workflow (docs/model.md). */
public final class Models {

    /**
     * The model's version, recorded with every prediction ({@code model.version} in plan files): raised whenever a
     * change can move the model's numbers for the same inputs, samples and seed (1: the first release; 2: bundles
     * computed per function clock, equal to 1 up to rounding, and on {@code platform: local} the work of a group read
     * at the whole cores it holds rather than at its nominal size; 3: Step Functions state hand-offs, Map forms and
     * waves, Express children, the state payload of collected outputs and joins, and 6 vCPUs at 10,240 MB; 4: with an
     * arrival rate, a choice's option and a loop's body draw their cold starts and size their provisioned concurrency
     * at their own rate of runs, the requests' rate × P(it runs) × E[iterations], not once per request).
     */
    public static final String VERSION = "4";

    private Models() {
    }

    /**
     * The Monte Carlo model of a workflow on its platform ({@code workflow.platform()}, whose overheads and prices it
     * uses; the platform is calibrated by the profile's machine, e.g. the local store's measured costs). Every function
     * needs a profile with latency samples: a missing one is an {@link dev.dagfuse.model.InputException} naming it
     * (see {@link Inputs#requireProfiles}).
     */
    public static PlanEvaluator monteCarlo(Workflow workflow, Profile profile, ModelOptions options) {
        Inputs.requireProfiles(workflow, profile, null);
        if (options.patternFor(workflow) != null) {
            return new dev.dagfuse.optimizer.internal.model.PatternEvaluator(workflow, profile, options);
        }
        return new MonteCarloEvaluator(workflow, profile, options);
    }

    /**
     * About how many bytes of heap drawing {@code samples} requests of {@code workflow} takes at most, so that a
     * caller can refuse before the work starts: a whole plan's evaluation keeps one array of draws per group, each
     * drawing thread a few per candidate, and on a platform with shared cores (local) one per invocation of a
     * fan-out. The model's caches are not counted: they are bounded by a share of the heap.
     */
    public static long memoryBytes(Workflow workflow, int samples) {
        int maxFanOut = workflow.functions().values().stream().mapToInt(f -> f.fanOut()).max().orElse(1);
        long perThread = 2L + (workflow.platform().sharedCores() > 0 ? maxFanOut : 0);
        long arrays = workflow.functions().size() + 4L + Runtime.getRuntime().availableProcessors() * perThread;
        return arrays * samples * Double.BYTES;
    }
}
