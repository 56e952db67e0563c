// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.check.MetricCheck;
import dev.dagfuse.check.RegressionCheck;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Quantities;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The one formatter of numbers with units in dagfuse's output: durations, costs (USD, or core-seconds on a platform
 * without money), percentages and sizes. The forms differ by where they are shown (a table cell, a sentence, an
 * axis tick) and stay as each output has always printed them.
 */
public final class Units {

    /** What a missing number shows as. */
    public static final String NONE = "–";

    private Units() {
    }

    // ---- durations ----

    /** {@code 850ms}, {@code 3.20s} ({@link Quantities#formatMs}, which the modules' messages use too). */
    public static String ms(double ms) {
        return Quantities.formatMs(ms);
    }

    /** As {@link #ms}; NaN is {@link #NONE}. */
    public static String msOrNone(double ms) {
        return Double.isNaN(ms) ? NONE : ms(ms);
    }

    /** As {@link #ms}; {@code null} is empty. */
    public static String msOrEmpty(Double ms) {
        return ms == null ? "" : ms(ms);
    }

    /** "P95", "P99.9". */
    public static String percentile(double p) {
        return RegressionCheck.percentileName(p);
    }

    // ---- costs ----

    /** USD with cents from $1 and three significant digits below: {@code $1,234.57}, {@code $0.0421}. */
    public static String usd(double value) {
        if (Double.isNaN(value)) {
            return NONE;
        }
        double abs = Math.abs(value);
        if (abs >= 1 || abs == 0) {
            return String.format(Locale.ROOT, "$%,.2f", value);
        }
        return "$" + threeDigits(value);
    }

    /** Core-seconds (the local platform's cost): {@code 1,234.6 core-s}, {@code 0.0421 core-s}. */
    public static String coreSeconds(double value) {
        if (Double.isNaN(value)) {
            return NONE;
        }
        double abs = Math.abs(value);
        String digits = abs >= 1 || abs == 0 ? String.format(Locale.ROOT, "%,.1f", value) : threeDigits(value);
        return digits + " core-s";
    }

    /** A cost in its unit, as {@link #usd} or {@link #coreSeconds}. */
    public static String cost(CostUnit unit, double value) {
        return unit == CostUnit.CORE_SECONDS ? coreSeconds(value) : usd(value);
    }

    /** A check's cost in its unit, as {@link #usd} or {@link #coreSeconds}. */
    public static String cost(MetricCheck.Unit unit, double value) {
        return unit == MetricCheck.Unit.CORE_SECONDS ? coreSeconds(value) : usd(value);
    }

    /** A plan table's cost column: USD per 1M requests ({@code $231.09}), or core-seconds per request ({@code 0.6172}). */
    public static String costColumn(CostUnit unit, double perRequest) {
        return unit == CostUnit.CORE_SECONDS ? coreSecondsNumber(perRequest)
                : String.format(Locale.ROOT, "$%.2f", perRequest * 1e6);
    }

    /** Core-seconds to four decimals without the unit, where a header or a sentence names it: {@code 0.6172}. */
    public static String coreSecondsNumber(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** The header of {@link #costColumn}. */
    public static String costColumnHeader(CostUnit unit) {
        return unit == CostUnit.CORE_SECONDS ? "core-s/req" : "cost/1M req";
    }

    /** One request's cost: {@code $0.00023109}, or core-seconds without the unit ({@code 0.6172}). */
    public static String costPerRequest(CostUnit unit, double perRequest) {
        return unit == CostUnit.CORE_SECONDS ? coreSecondsNumber(perRequest)
                : String.format(Locale.ROOT, "$%.8f", perRequest);
    }

    /** One request's cost with its unit: {@code $0.00023109}, {@code 0.6172 core-s}. */
    public static String costPerRequestWithUnit(CostUnit unit, double perRequest) {
        return costPerRequest(unit, perRequest) + (unit == CostUnit.CORE_SECONDS ? " core-s" : "");
    }

    /** An axis tick in USD: {@code $0}, whole dollars from $10 ({@code $1,200}), else as {@link #usd}. */
    public static String usdTick(double value) {
        if (value == 0) {
            return "$0";
        }
        return value >= 10 && value == Math.rint(value) ? String.format(Locale.ROOT, "$%,.0f", value) : usd(value);
    }

    /** Small USD amounts to three significant digits: {@code $2.08e-5}, {@code $0.000417}. */
    public static String usdSignificant(double value) {
        return String.format(Locale.ROOT, "$%.3g", value).replace("e-0", "e-");
    }

    /** "USD" or "core-seconds", as JSON and YAML name the unit. */
    public static String unitName(CostUnit unit) {
        return unit == CostUnit.CORE_SECONDS ? "core-seconds" : "USD";
    }

    private static String threeDigits(double value) {
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    // ---- percentages ----

    /** A relative change: {@code +12.3%}, {@code −4.0%}, {@code 0%}, {@code +∞}; NaN is {@code n/a}. */
    public static String change(double change) {
        if (Double.isNaN(change)) {
            return "n/a";
        }
        if (change == 0) {
            return "0%";
        }
        if (Double.isInfinite(change)) {
            return change > 0 ? "+∞" : "−∞";
        }
        String digits = String.format(Locale.ROOT, Math.abs(change) < 0.001 ? "%.2f%%" : "%.1f%%", Math.abs(change) * 100);
        return (change > 0 ? "+" : "−") + digits;
    }

    /** A change in whole percent, {@code +408%}; from 0 it is {@code 0%} (to 0) or empty. */
    public static String wholeChange(double before, double after) {
        if (before == 0) {
            return after == 0 ? "0%" : "";
        }
        return String.format(Locale.ROOT, "%+.0f%%", (after - before) / before * 100);
    }

    /** A relative error with one decimal, {@code +5.5%}, {@code -8.1%}; NaN is {@code n/a}. */
    public static String signedPercent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", fraction * 100);
    }

    /** {@code part} of {@code total} in whole percent ({@code 98%}), or {@code none} when the total is not positive. */
    public static String share(double part, double total, String none) {
        return total <= 0 ? none : String.format(Locale.ROOT, "%.0f%%", 100 * part / total);
    }

    /** A fraction as a percentage without needless digits: 0.05 → {@code 5%}, 0.025 → {@code 2.5%}. */
    public static String percent(double fraction) {
        return BigDecimal.valueOf(fraction * 100).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString() + "%";
    }

    /** A probability in percent with two decimals: {@code 0.31%}, {@code 27.40%}. */
    public static String probability(double p) {
        return String.format(Locale.ROOT, "%.2f%%", p * 100);
    }

    /** A rate: {@code 5/s}, {@code 0.5/s}. */
    public static String rate(double perSecond) {
        return new dev.dagfuse.model.Load(perSecond).text();
    }

    /** A largest allowed increase: {@code +5%}. */
    public static String limit(double fraction) {
        return "+" + percent(fraction);
    }

    /** {@code cost +5%, latency +5%}. */
    public static String tolerances(Tolerances t) {
        return "cost " + limit(t.maxCostIncrease()) + ", latency " + limit(t.maxLatencyIncrease());
    }

    /** A solver's relative gap: {@code 0.00%}. */
    public static String gap(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    // ---- sizes and counts ----

    /** Bytes to one decimal: {@code 2048 B}, {@code 65.9 KB}, {@code 12.3 MB} (bytes below 10,000, KB below 10 MB). */
    public static String bytes(long b) {
        if (b < 10_000) {
            return b + " B";
        }
        if (b < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", b / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }

    /** Bytes in the largest unit, whole when exact: {@code 658 B}, {@code 65.9 KB}, {@code 1 MB}. */
    public static String bytesShort(long b) {
        if (b < 1000) {
            return b + " B";
        }
        String[] units = {"KB", "MB", "GB"};
        double v = b;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f %s" : "%.1f %s", v, units[i]);
    }

    /** {@code 10,000}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
