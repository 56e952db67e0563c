// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One command's time: created once when {@code plan}, {@code compare} or {@code pareto} starts, and shared by everything
 * that command does (drawing the candidates, every planner, compare's several plans, pareto's points).
 *
 * <p>It has two sides. The <b>nominal</b> limit is what deterministic work allowances are derived from, at fixed
 * documented rates (CP-SAT's deterministic time, candidates visited, draws made; docs/planner.md): the same limit gives
 * the same allowances, so the same plan whatever the load. The <b>deadline</b> is the wall clock, a safety net only:
 * when it passes first, the work stops there and {@link #wallClockFired()} says so (the result may then depend on the
 * load). {@link #slice} gives a part of the limit to one step (a compare row, a pareto point): its nominal limit is a
 * fixed fraction of this one, its deadline never later than this one's.
 */
public final class TimeBudget {

    private final LongSupplier clock;
    private final long startNanos;
    private final long limitNanos;
    private final long deadlineNanos;
    /** Shared with the slices: whether any step was stopped by the wall clock rather than by its work allowance. */
    private final AtomicBoolean wallFired;

    private TimeBudget(LongSupplier clock, long startNanos, long limitNanos, long deadlineNanos, AtomicBoolean wallFired) {
        this.clock = clock;
        this.startNanos = startNanos;
        this.limitNanos = limitNanos;
        this.deadlineNanos = deadlineNanos;
        this.wallFired = wallFired;
    }

    /** A budget of {@code limit} starting now on the JVM's monotonic clock. */
    public static TimeBudget start(Duration limit) {
        return start(limit, System::nanoTime);
    }

    /** A budget of {@code limit} starting now on {@code nanoClock} (tests pass a fake clock). */
    public static TimeBudget start(Duration limit, LongSupplier nanoClock) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(nanoClock, "nanoClock");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("The time limit (" + limit + ") must be > 0. Maybe 10s.");
        }
        long now = nanoClock.getAsLong();
        long nanos = limit.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : limit.toNanos();
        return new TimeBudget(nanoClock, now, nanos, now + nanos, new AtomicBoolean());
    }

    /** The nominal limit: what work allowances are computed from. */
    public Duration limit() {
        return Duration.ofNanos(limitNanos);
    }

    /** The nominal limit in seconds. */
    public double limitSeconds() {
        return limitNanos / 1e9;
    }

    /** The clock's reading now. */
    public long now() {
        return clock.getAsLong();
    }

    /** When the wall-clock safety net stops work (the clock's reading). */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** Wall time left before the deadline, never negative. */
    public long remainingNanos() {
        return Math.max(0, deadlineNanos - clock.getAsLong());
    }

    /** Wall time since this budget (or the budget it was sliced from) started. */
    public long elapsedNanos() {
        return clock.getAsLong() - startNanos;
    }

    /** Whether the wall-clock deadline has passed. Does not record anything (see {@link #stopByWallClock}). */
    public boolean expired() {
        return clock.getAsLong() >= deadlineNanos;
    }

    /**
     * Whether the deadline has passed; when it has, records that the wall clock (not a work allowance) stopped work, so
     * that the output can say the result may depend on the load.
     */
    public boolean stopByWallClock() {
        if (expired()) {
            wallFired.set(true);
            return true;
        }
        return false;
    }

    /** Whether the wall clock stopped some step of this budget (or of a slice of it) before its work allowance. */
    public boolean wallClockFired() {
        return wallFired.get();
    }

    /**
     * A part of this budget for one step: nominal limit {@code fraction} of this one's (deterministic), deadline at
     * most that much wall time from now and never after this one's.
     */
    public TimeBudget slice(double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("The fraction (" + fraction + ") must be in (0, 1].");
        }
        long nanos = Math.max(1, (long) (limitNanos * fraction));
        long now = clock.getAsLong();
        long deadline = Math.min(deadlineNanos, now + nanos);
        return new TimeBudget(clock, now, nanos, deadline, wallFired);
    }

    /**
     * A deterministic work allowance: this budget's nominal seconds times {@code unitsPerSecond}, the documented rate of
     * a kind of work (e.g. candidates visited per second on the reference machine).
     */
    public double allowance(double unitsPerSecond) {
        return limitSeconds() * unitsPerSecond;
    }

    @Override
    public String toString() {
        return "TimeBudget[limit " + limit() + ", " + remainingNanos() / 1_000_000 + " ms left]";
    }
}
