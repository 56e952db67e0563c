// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/** What the planner optimizes. */
public sealed interface Objective permits Objective.Latency, Objective.Budget {

    /** The latency percentile the objective is about (target or minimized). */
    double percentile();

    /** Minimum mean cost such that the {@code percentile} of request latency is ≤ {@code targetMs}. */
    record Latency(double percentile, double targetMs) implements Objective {
        public Latency {
            Validate.percentile(percentile);
            if (!(targetMs > 0) || Double.isInfinite(targetMs)) {
                throw new IllegalArgumentException("The latency target (" + targetMs + " ms) must be > 0.");
            }
        }
    }

    /** Minimum {@code percentile} latency such that the mean cost per request is ≤ {@code budgetUsd}. */
    record Budget(double budgetUsd, double percentile) implements Objective {
        public Budget {
            Validate.percentile(percentile);
            if (!(budgetUsd > 0) || Double.isInfinite(budgetUsd)) {
                throw new IllegalArgumentException("The budget (" + budgetUsd + " USD per request) must be > 0.");
            }
        }
    }

    /** Percentile naming shared by objectives, plans and reports: 95 → "p95", 99.9 → "p99.9". */
    static String percentileKey(double percentile) {
        if (percentile == Math.rint(percentile)) {
            return "p" + (long) percentile;
        }
        return "p" + java.math.BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
    }

    final class Validate {
        private Validate() {
        }

        static void percentile(double p) {
            if (!(p > 0 && p < 100)) {
                throw new IllegalArgumentException("The percentile (" + p + ") must be > 0 and < 100. Maybe 95 or 99.");
            }
        }
    }
}
