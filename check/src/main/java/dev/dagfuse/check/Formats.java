package dev.dagfuse.check;

import dev.dagfuse.model.Quantities;

import java.util.Locale;

/** How the check and the report print numbers. */
public final class Formats {

    private Formats() {
    }

    /** USD: {@code $1,234.57}, {@code $0.0421}. */
    public static String usd(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        if (abs >= 1 || abs == 0) {
            return String.format(Locale.ROOT, "$%,.2f", value);
        }
        return "$" + new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros()
                .toPlainString();
    }

    public static String ms(double value) {
        return Double.isNaN(value) ? "–" : Quantities.formatMs(value);
    }

    /** Core-seconds (the local platform's cost): {@code 1,234.6 core-s}, {@code 0.0421 core-s}. */
    public static String coreSeconds(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        String digits = abs >= 1 || abs == 0 ? String.format(Locale.ROOT, "%,.1f", value)
                : new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return digits + " core-s";
    }

    /** A cost in its unit: USD, or core-seconds on {@code platform: local}. */
    public static String cost(MetricCheck.Unit unit, double value) {
        return unit == MetricCheck.Unit.CORE_SECONDS ? coreSeconds(value) : usd(value);
    }

    public static String value(MetricCheck m, double value) {
        return m.isCost() ? cost(m.unit(), value) : (m.approximate() && !Double.isNaN(value) ? "≈" : "") + ms(value);
    }

    /** A relative change: {@code +12.3%}, {@code −4.0%}, {@code 0%}, {@code +∞}, {@code new}. */
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

    public static String limit(MetricCheck m) {
        return "+" + Tolerances.formatPercent(m.limit());
    }

    public static String status(MetricCheck.Status status) {
        return switch (status) {
            case OK -> "ok";
            case IMPROVED -> "improved";
            case REGRESSED -> "REGRESSED";
            case MISSING -> "missing";
        };
    }
}
