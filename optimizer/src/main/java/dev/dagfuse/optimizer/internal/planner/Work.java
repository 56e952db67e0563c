// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.optimizer.TimeBudget;

/**
 * One search's work account: a deterministic allowance in <em>work seconds</em> (seconds of the reference machine,
 * counted from what the search did at the documented rates below, never read from a clock), and the command's
 * {@link TimeBudget} as the wall-clock safety net. A search asks {@link #left()} between steps; the same inputs and limit
 * give the same steps, so the same plan, unless the wall clock fires first (then {@link #stoppedBy()} says so).
 */
final class Work {

    /**
     * Work seconds per second of --time-limit that a search may use: the rest of the limit is for drawing the candidates
     * (the sample schedule keeps that within {@link #DRAW_SHARE}) and for the final evaluations.
     */
    static final double SEARCH_SHARE = 0.5;
    /** The share of --time-limit the sample schedule gives to drawing the candidates. */
    static final double DRAW_SHARE = 0.3;
    /** The share of --time-limit for re-evaluating the plan found at the full samples when the search drew fewer. */
    static final double REEVALUATE_SHARE = 0.1;
    /**
     * Drawing rate: (requests × items of work) per work second, an item being one function's work in one fan-out branch
     * (a candidate group of 3 functions with fan-out 10 drawn for 1,000 requests is 30,000 units). Measured on the
     * reference machine (2 shared cores, the CLI's client compiler; bench/README.md).
     */
    static final double DRAW_UNITS_PER_SECOND = 4.0e7;
    /** Plan-walking rate: (requests × groups) combined per work second (longest paths, percentiles, pruning). */
    static final double PASS_UNITS_PER_SECOND = 2.0e8;
    /** A CP-SAT round's fixed cost in work seconds (a solver and its model created, loaded through JNI, solved). */
    static final double ROUND_SECONDS = 0.003;
    /** Model literals (variables and the cuts' terms) built and presolved per work second in a CP-SAT round. */
    static final double MODEL_LITERALS_PER_SECOND = 1.0e5;
    /** CP-SAT's deterministic time per work second (its unit is about a second of one core on its authors' machines). */
    static final double CP_SAT_DTIME_PER_SECOND = 1.0;

    final TimeBudget budget;
    final long start;
    private final double allowance;
    private double used;
    private String stoppedBy;

    Work(TimeBudget budget, long start, double allowance) {
        this.budget = budget;
        this.start = start;
        this.allowance = allowance;
    }

    /** A search's account: {@link #SEARCH_SHARE} of the budget's nominal seconds. */
    static Work forSearch(TimeBudget budget, long start) {
        return new Work(budget, start, budget.limitSeconds() * SEARCH_SHARE);
    }

    /** Whether work is left: false once the allowance is used up, or when the wall clock has passed the deadline. */
    boolean left() {
        if (stoppedBy != null) {
            return false;
        }
        if (used >= allowance) {
            stoppedBy = SolverInfo.TIME_LIMIT;
            return false;
        }
        if (budget.stopByWallClock()) {
            stoppedBy = SolverInfo.WALL_CLOCK;
            return false;
        }
        return true;
    }

    /** Whether the allowance is used up (no wall clock involved). */
    boolean spent() {
        return used >= allowance;
    }

    void charge(double workSeconds) {
        used += workSeconds;
    }

    /** Charges {@code units} of plan walking (requests × groups). */
    void chargePasses(double units) {
        used += units / PASS_UNITS_PER_SECOND;
    }

    /** Charges {@code units} of drawing (requests × items). */
    void chargeDraws(double units) {
        used += units / DRAW_UNITS_PER_SECOND;
    }

    double remaining() {
        return Math.max(0, allowance - used);
    }

    double used() {
        return used;
    }

    /** Records that the search stopped for want of work or wall time (whichever {@link #left()} found). */
    void stop(String by) {
        if (stoppedBy == null) {
            stoppedBy = by;
        }
    }

    /** Null when the search ended on its own, else {@link SolverInfo#TIME_LIMIT} or {@link SolverInfo#WALL_CLOCK}. */
    String stoppedBy() {
        return stoppedBy;
    }

    long wallMs() {
        return (budget.now() - start) / 1_000_000;
    }
}
