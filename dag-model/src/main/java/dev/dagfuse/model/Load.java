// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Locale;

/**
 * The load a workflow is planned for ({@code load:} in the workflow, {@code --rate}): requests arrive as a Poisson
 * process at this rate. On a platform that recycles idle environments it gives each group its cold-start probability
 * (docs/model.md, "Cold starts from the arrival rate").
 *
 * @param ratePerSecond requests per second, within (0, {@link Ranges#MAX_RATE_PER_SECOND}]
 */
public record Load(double ratePerSecond) {

    public Load {
        if (!(ratePerSecond > 0 && ratePerSecond <= Ranges.MAX_RATE_PER_SECOND)) {
            throw new IllegalArgumentException(problem(ratePerSecond, "load"));
        }
    }

    /** The message for a rate out of range, of {@code where} (e.g. {@code load}, {@code --rate}). */
    public static String problem(double ratePerSecond, String where) {
        return "The rate (" + shown(ratePerSecond) + "/s) of " + where + " must be > 0 and ≤ "
                + shown(Ranges.MAX_RATE_PER_SECOND) + "/s. Maybe 20/s or 1200/min.";
    }

    /** The rate as the formats write it, e.g. {@code 20/s}, {@code 0.5/s}. */
    public String text() {
        return shown(ratePerSecond) + "/s";
    }

    private static String shown(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
