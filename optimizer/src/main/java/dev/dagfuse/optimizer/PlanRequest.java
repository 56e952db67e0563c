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
 */
public record PlanRequest(Objective objective, boolean fusion, boolean bundling, List<Integer> memoryOptionsMB,
                          Duration timeLimit, int threads) {

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
    }

    /** Fusion and bundling allowed, the model's memory sizes, the default time limit, one thread. */
    public static PlanRequest of(Objective objective) {
        return new PlanRequest(objective, true, true, List.of(), DEFAULT_TIME_LIMIT, 1);
    }

    public PlanRequest withObjective(Objective o) {
        return new PlanRequest(o, fusion, bundling, memoryOptionsMB, timeLimit, threads);
    }

    public PlanRequest withFusion(boolean on) {
        return new PlanRequest(objective, on, bundling, memoryOptionsMB, timeLimit, threads);
    }

    public PlanRequest withBundling(boolean on) {
        return new PlanRequest(objective, fusion, on, memoryOptionsMB, timeLimit, threads);
    }

    public PlanRequest withMemoryOptionsMB(List<Integer> sizes) {
        return new PlanRequest(objective, fusion, bundling, sizes, timeLimit, threads);
    }

    public PlanRequest withTimeLimit(Duration limit) {
        return new PlanRequest(objective, fusion, bundling, memoryOptionsMB, limit, threads);
    }

    public PlanRequest withThreads(int n) {
        return new PlanRequest(objective, fusion, bundling, memoryOptionsMB, timeLimit, n);
    }
}
