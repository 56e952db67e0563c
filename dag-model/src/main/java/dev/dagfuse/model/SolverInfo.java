// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/**
 * How a plan was found.
 *
 * @param name the planner, e.g. {@code cp-sat}, {@code greedy}, {@code exhaustive}, {@code baseline}, {@code manual}
 * @param status e.g. {@code OPTIMAL}, {@code FEASIBLE}
 * @param wallMs wall time of the search
 * @param iterations solve-and-check rounds (0 when not applicable)
 * @param gap relative gap between the plan's cost and the best bound (0 when proven optimal, NaN when unknown)
 */
public record SolverInfo(String name, String status, long wallMs, int iterations, double gap) {

    public static SolverInfo manual() {
        return new SolverInfo("manual", "GIVEN", 0, 0, Double.NaN);
    }
}
