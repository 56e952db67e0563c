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
 * @param stoppedBy {@code null} when the search ended on its own; {@link #TIME_LIMIT} when the work allowance derived
 *     from the time limit ended it (deterministic: the same limit gives the same plan); {@link #WALL_CLOCK} when the
 *     wall clock did, as a safety net (the plan may then depend on the machine's load)
 * @param searchSamples the requests the search drew per candidate when fewer than the prediction's (a large workflow
 *     under a short limit, docs/planner.md); 0 when the search drew as many as the prediction
 */
public record SolverInfo(String name, String status, long wallMs, int iterations, double gap, String stoppedBy,
                         int searchSamples) {

    /** The work allowance derived from --time-limit ended the search. */
    public static final String TIME_LIMIT = "time-limit";
    /** The wall clock ended the search before its work allowance did. */
    public static final String WALL_CLOCK = "wall-clock";

    /** A search that ended on its own, drawing as many requests as its prediction. */
    public SolverInfo(String name, String status, long wallMs, int iterations, double gap) {
        this(name, status, wallMs, iterations, gap, null, 0);
    }

    public static SolverInfo manual() {
        return new SolverInfo("manual", "GIVEN", 0, 0, Double.NaN);
    }

    /** This info with {@code stoppedBy} (kept when already set to the wall clock, which says more). */
    public SolverInfo stoppedBy(String by) {
        String s = WALL_CLOCK.equals(stoppedBy) ? stoppedBy : by;
        return new SolverInfo(name, status, wallMs, iterations, gap, s, searchSamples);
    }

    /** This info noting that the search drew {@code samples} requests per candidate. */
    public SolverInfo searchedWith(int samples) {
        return new SolverInfo(name, status, wallMs, iterations, gap, stoppedBy, samples);
    }

    /** This info with another status and gap. */
    public SolverInfo withStatus(String s, double g) {
        return new SolverInfo(name, s, wallMs, iterations, g, stoppedBy, searchSamples);
    }
}
