// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import dev.dagfuse.model.CostUnit;

/**
 * One number compared between the baseline and now.
 *
 * @param name what it is, for people: {@code cost per 1M requests}, {@code P95}
 * @param key what it is, for machines: {@code costPerMillionUsd}, {@code p95Ms}
 * @param unit {@link Unit#USD} or {@link Unit#CORE_SECONDS} (a cost) or {@link Unit#MS}
 * @param baseline the baseline's value (NaN when the baseline does not have it)
 * @param current the current value (NaN when it no longer exists)
 * @param change the relative change, (current − baseline) / baseline; NaN when either is missing, ±∞ from 0
 * @param limit the largest allowed relative increase
 * @param status how the change compares with the limit
 * @param approximate whether the values are approximations (a latency summed over several groups)
 */
public record MetricCheck(String name, String key, Unit unit, double baseline, double current, double change,
                          double limit, Status status, boolean approximate) {

    /** USD: a cost on Lambda; CORE_SECONDS: a "cost" on {@code platform: local} (cores held × seconds); MS: a latency. */
    public enum Unit {
        USD, CORE_SECONDS, MS;

        /** The unit of a platform's costs. */
        public static Unit of(CostUnit costUnit) {
            return costUnit == CostUnit.USD ? USD : CORE_SECONDS;
        }
    }

    public enum Status {
        /** Within the limit and not better. */
        OK,
        /** Lower than the baseline. */
        IMPROVED,
        /** Increased by more than the limit. */
        REGRESSED,
        /** Only one side has the number. */
        MISSING
    }

    static MetricCheck of(String name, String key, Unit unit, double baseline, double current, double limit,
                          boolean approximate) {
        double change;
        if (Double.isNaN(baseline) || Double.isNaN(current)) {
            change = Double.NaN;
        } else if (baseline == current) {
            change = 0;
        } else if (baseline == 0) {
            change = current > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        } else {
            change = (current - baseline) / Math.abs(baseline);
        }
        Status status;
        if (Double.isNaN(change)) {
            status = Status.MISSING;
        } else if (change > limit + 1e-12) {
            status = Status.REGRESSED;
        } else if (change < 0) {
            status = Status.IMPROVED;
        } else {
            status = Status.OK;
        }
        return new MetricCheck(name, key, unit, baseline, current, change, limit, status, approximate);
    }

    public boolean regressed() {
        return status == Status.REGRESSED;
    }

    public boolean isCost() {
        return unit != Unit.MS;
    }

    /** Whether the value moved at all. */
    public boolean changed() {
        return status == Status.MISSING || (change != 0 && !Double.isNaN(change));
    }

    /** current − baseline. */
    public double delta() {
        return current - baseline;
    }
}
