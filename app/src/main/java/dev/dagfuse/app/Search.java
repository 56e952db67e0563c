// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to search for plans.
 *
 * @param solver the planner: {@code cp-sat}, {@code exhaustive} or {@code greedy}
 * @param timeLimit the planner's wall-clock limit, drawing the candidates included
 * @param fusion whether in-series functions may be fused
 * @param bundling whether fan-out branches may share an invocation
 * @param memoryOptionsMB the memory sizes to consider; empty for the functions' or the platform's
 * @param threads solver threads (1 keeps results identical run to run)
 * @param gap stop minimizing cost once within this fraction of the solver's bound (0: search to the optimum)
 */
public record Search(String solver, Duration timeLimit, boolean fusion, boolean bundling, List<Integer> memoryOptionsMB,
                     int threads, double gap) {

    public Search {
        Objects.requireNonNull(solver, "solver");
        Objects.requireNonNull(timeLimit, "timeLimit");
        memoryOptionsMB = List.copyOf(memoryOptionsMB);
    }

    /** The given planner and time limit; fusion and bundling allowed, every size, one thread, no gap. */
    public static Search of(String solver, Duration timeLimit) {
        return new Search(solver, timeLimit, true, true, List.of(), 1, 0);
    }
}
