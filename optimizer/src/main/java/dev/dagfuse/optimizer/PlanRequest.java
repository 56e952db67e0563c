// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Objective;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What to plan for and how: the objective and the search options.
 *
 * @param objective minimum cost under a latency percentile target, or minimum latency under a budget
 * @param fusion whether in-series functions may be fused (off: every function is its own group)
 * @param bundling whether fan-out branches may share an invocation (off: bundle size 1 everywhere)
 * @param memoryOptionsMB the memory sizes to consider for every group; empty means the model's
 *     ({@link GroupModel#memoryOptions})
 * @param timeLimit wall-clock limit of the planner, drawing the candidate groups included; the planner returns its
 *     best verified plan when it is reached (when drawing alone takes longer, the search still gets a quarter of it)
 * @param threads solver threads (1 keeps the search deterministic even under a time limit that is not reached)
 * @param gap for minimum cost under a target: stop once the best plan's cost is within this fraction of the solver's
 *     lower bound (0.01 = 1%); 0 searches until the plan is proven optimal or a limit is reached
 */
public record PlanRequest(Objective objective, boolean fusion, boolean bundling, List<Integer> memoryOptionsMB,
                          Duration timeLimit, int threads, double gap) {

    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);

    public PlanRequest {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(timeLimit, "timeLimit");
        memoryOptionsMB = memoryOptionsMB.stream().sorted().distinct().toList();
        for (int m : memoryOptionsMB) {
            if (m < 1) {
                throw new IllegalArgumentException("The memory option (" + m + " MB) must be ≥ 1 MB. Maybe 512,1024,2048.");
            }
        }
        if (timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("The time limit (" + timeLimit + ") must be > 0. Maybe 30s.");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("The threads (" + threads + ") must be ≥ 1. Maybe 1.");
        }
        if (!(gap >= 0 && gap < 1)) {
            throw new IllegalArgumentException("The gap (" + gap + ") must be a fraction in [0, 1). Maybe 0.01 (1%).");
        }
    }

    /** As the canonical constructor, with gap 0 (search until proven or a limit). */
    public PlanRequest(Objective objective, boolean fusion, boolean bundling, List<Integer> memoryOptionsMB,
                       Duration timeLimit, int threads) {
        this(objective, fusion, bundling, memoryOptionsMB, timeLimit, threads, 0);
    }

    /** Fusion and bundling allowed, the model's memory sizes, the default time limit, one thread. */
    public static PlanRequest of(Objective objective) {
        return new PlanRequest(objective, true, true, List.of(), DEFAULT_TIME_LIMIT, 1);
    }

    public PlanRequest withObjective(Objective o) {
        return new PlanRequest(o, fusion, bundling, memoryOptionsMB, timeLimit, threads, gap);
    }

    public PlanRequest withFusion(boolean on) {
        return new PlanRequest(objective, on, bundling, memoryOptionsMB, timeLimit, threads, gap);
    }

    public PlanRequest withBundling(boolean on) {
        return new PlanRequest(objective, fusion, on, memoryOptionsMB, timeLimit, threads, gap);
    }

    public PlanRequest withMemoryOptionsMB(List<Integer> sizes) {
        return new PlanRequest(objective, fusion, bundling, sizes, timeLimit, threads, gap);
    }

    public PlanRequest withTimeLimit(Duration limit) {
        return new PlanRequest(objective, fusion, bundling, memoryOptionsMB, limit, threads, gap);
    }

    public PlanRequest withThreads(int n) {
        return new PlanRequest(objective, fusion, bundling, memoryOptionsMB, timeLimit, n, gap);
    }

    /** Stop minimizing cost once within this relative gap of the bound (see {@code gap}). */
    public PlanRequest withGap(double g) {
        return new PlanRequest(objective, fusion, bundling, memoryOptionsMB, timeLimit, threads, g);
    }
}
