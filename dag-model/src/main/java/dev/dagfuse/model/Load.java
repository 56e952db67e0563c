// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.List;
import java.util.Locale;

/**
 * The load a workflow is planned for ({@code load:} in the workflow, {@code --rate}): requests arrive as a Poisson
 * process at this rate, or at each hour's rate of a daily pattern. On a platform that recycles idle environments it
 * gives each group its cold-start probability (docs/model.md, "Cold starts from the arrival rate", "Hourly patterns").
 *
 * @param ratePerSecond requests per second, within (0, {@link Ranges#MAX_RATE_PER_SECOND}]; for a pattern, its mean
 *     over the day
 * @param hourly null for a steady rate; else the rate of each hour of the day, 0 to 23: 24 finite values ≥ 0 and ≤
 *     {@link Ranges#MAX_RATE_PER_SECOND}, at least one &gt; 0
 */
public record Load(double ratePerSecond, List<Double> hourly) {

    public static final int HOURS = 24;

    public Load {
        if (hourly != null) {
            hourly = List.copyOf(hourly);
            String problem = patternProblem(hourly);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            ratePerSecond = hourly.stream().mapToDouble(Double::doubleValue).sum() / HOURS;
        }
        if (!(ratePerSecond > 0 && ratePerSecond <= Ranges.MAX_RATE_PER_SECOND)) {
            throw new IllegalArgumentException(problem(ratePerSecond, "load"));
        }
    }

    /** A steady rate. */
    public Load(double ratePerSecond) {
        this(ratePerSecond, null);
    }

    /** A daily pattern: the rate of each hour, 0 to 23. */
    public static Load hourly(List<Double> perHour) {
        return new Load(0, perHour);
    }

    public boolean isPattern() {
        return hourly != null;
    }

    /** Why {@code perHour} is not a pattern (null when it is): 24 finite rates ≥ 0, at least one &gt; 0. */
    public static String patternProblem(List<Double> perHour) {
        if (perHour.size() != HOURS) {
            return "The pattern has " + perHour.size() + " rates; it needs exactly 24, one per hour from 0 to 23, in "
                    + "requests per second, e.g. [2, 1, 1, 1, 1, 2, 5, 10, 20, 20, 20, 20, 20, 20, 20, 20, 20, 15, 10, 8, 6, "
                    + "5, 4, 3].";
        }
        boolean some = false;
        for (int h = 0; h < HOURS; h++) {
            Double r = perHour.get(h);
            if (r == null || !(r >= 0 && r <= Ranges.MAX_RATE_PER_SECOND)) {
                return "The rate of hour " + h + " (" + r + ") must be a number ≥ 0 and ≤ "
                        + shown(Ranges.MAX_RATE_PER_SECOND) + " requests per second.";
            }
            some |= r > 0;
        }
        return some ? null : "The pattern's rates are all 0; at least one hour needs requests.";
    }

    /** The message for a rate out of range, of {@code where} (e.g. {@code load}, {@code --rate}). */
    public static String problem(double ratePerSecond, String where) {
        return "The rate (" + shown(ratePerSecond) + "/s) of " + where + " must be > 0 and ≤ "
                + shown(Ranges.MAX_RATE_PER_SECOND) + "/s. Maybe 20/s or 1200/min.";
    }

    /** The rate as the formats write it, e.g. {@code 20/s}, {@code 0.5/s}; a pattern by its mean and peak. */
    public String text() {
        if (hourly != null) {
            return "hourly pattern, mean " + shown(round(ratePerSecond)) + "/s, peak "
                    + shown(hourly.stream().mapToDouble(Double::doubleValue).max().orElse(0)) + "/s";
        }
        return shown(ratePerSecond) + "/s";
    }

    private static double round(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(4)).doubleValue();
    }

    private static String shown(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString().toLowerCase(Locale.ROOT);
    }
}
