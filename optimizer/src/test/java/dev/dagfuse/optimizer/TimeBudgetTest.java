// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The command's one time budget, on a fake clock (nanoseconds set by the test). */
class TimeBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private TimeBudget budget(long seconds) {
        return TimeBudget.start(Duration.ofSeconds(seconds), now::get);
    }

    @Test
    void itExpiresAtItsLimitOnItsClock() {
        TimeBudget b = budget(10);
        assertThat(b.expired()).isFalse();
        assertThat(b.remainingNanos()).isEqualTo(10_000_000_000L);
        now.addAndGet(9_999_999_999L);
        assertThat(b.expired()).isFalse();
        assertThat(b.remainingNanos()).isEqualTo(1);
        now.addAndGet(1);
        assertThat(b.expired()).isTrue();
        assertThat(b.remainingNanos()).isZero();
        assertThat(b.elapsedNanos()).isEqualTo(10_000_000_000L);
    }

    @Test
    void allowancesComeFromTheNominalLimitNotFromTheClock() {
        TimeBudget b = budget(10);
        double before = b.allowance(1e6);
        now.addAndGet(7_000_000_000L); // a slow machine: most of the wall time gone
        assertThat(b.allowance(1e6)).isEqualTo(before).isEqualTo(1e7);
    }

    @Test
    void aSliceHasAFixedShareOfTheLimitAndNeverOutlivesItsParent() {
        TimeBudget b = budget(10);
        now.addAndGet(8_000_000_000L);
        TimeBudget half = b.slice(0.5);
        // nominal: half of 10 s whatever the time already spent (deterministic allowances)
        assertThat(half.limit()).isEqualTo(Duration.ofSeconds(5));
        // wall: only the parent's 2 s are left
        assertThat(half.deadlineNanos()).isEqualTo(b.deadlineNanos());
        TimeBudget early = budget(10).slice(0.25);
        assertThat(early.deadlineNanos()).isEqualTo(now.get() + 2_500_000_000L);
    }

    @Test
    void theWallClockFiringIsRecordedForTheWholeCommand() {
        TimeBudget b = budget(1);
        TimeBudget part = b.slice(0.5);
        assertThat(part.stopByWallClock()).isFalse();
        assertThat(b.wallClockFired()).isFalse();
        now.addAndGet(600_000_000L);
        // expired() only looks; stopByWallClock() records
        assertThat(part.expired()).isTrue();
        assertThat(b.wallClockFired()).isFalse();
        assertThat(part.stopByWallClock()).isTrue();
        assertThat(b.wallClockFired()).isTrue();
    }

    @Test
    void aLimitMustBePositive() {
        assertThatThrownBy(() -> TimeBudget.start(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be > 0");
        assertThatThrownBy(() -> budget(1).slice(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
