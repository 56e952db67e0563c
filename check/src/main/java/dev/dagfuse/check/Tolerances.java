// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much worse the current numbers may be than the baseline's before the check fails.
 *
 * @param maxCostIncrease the largest allowed relative increase of the mean cost (0.05 = 5%)
 * @param maxLatencyIncrease the largest allowed relative increase of each latency percentile
 */
public record Tolerances(double maxCostIncrease, double maxLatencyIncrease) {

    public static final Tolerances DEFAULT = new Tolerances(0.05, 0.05);

    private static final Pattern PERCENT = Pattern.compile("\\s*\\+?(\\d+(?:\\.\\d+)?)\\s*%?\\s*");

    public Tolerances {
        check("maximum cost increase", maxCostIncrease);
        check("maximum latency increase", maxLatencyIncrease);
    }

    private static void check(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("The " + what + " (" + value + ") must be a percentage ≥ 0, e.g. 5%.");
        }
    }

    /** Parses {@code 5%}, {@code 2.5%} or {@code 5} (a bare number is a percentage too) into a fraction. */
    public static double parsePercent(String text) {
        Matcher m = PERCENT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("The tolerance (" + text + ") is not a percentage. Maybe 5% or 2.5%.");
        }
        return Double.parseDouble(m.group(1)) / 100;
    }
}
