// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations ({@code 250ms}, {@code 3s}, {@code 1.5s}, {@code 2m}) and sizes ({@code 512KB}, {@code 6MB}) of the YAML formats. */
public final class Quantities {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Pattern RATE = Pattern.compile("([-+]?\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|min|h))?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");

    /** No duration dagfuse accepts is longer: a year, in milliseconds. */
    private static final double MAX_PARSED_MS = 366 * 86_400_000.0;

    private Quantities() {
    }

    /** Milliseconds of a duration; a bare number is milliseconds. Callers check the range that applies. */
    public static double parseDurationMs(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("The duration (" + shown(text)
                    + ") is not valid. Maybe 250ms, 3s, 1.5s or 2m (a bare number is milliseconds).");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            case "h" -> value * 3_600_000;
            default -> throw new IllegalStateException(unit);
        };
        // far beyond any range a caller allows, and not an Infinity that reads as "(Infinity ms) must be > 0"
        if (!(ms <= MAX_PARSED_MS)) {
            throw new IllegalArgumentException("The duration (" + shown(text) + ") is too large. Maybe 3s or 10m.");
        }
        return ms;
    }

    /**
     * Requests per second of a rate: {@code 20/s}, {@code 1200/min}, {@code 3600/h}; a bare number is per second.
     * Callers check the range that applies.
     */
    public static double parseRatePerSecond(String text) {
        Matcher m = RATE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("The rate (" + shown(text)
                    + ") is not valid. Maybe 20/s, 1200/min or 3600/h (a bare number is per second).");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "s" -> value;
            case "min" -> value / 60;
            case "h" -> value / 3600;
            default -> throw new IllegalStateException(unit);
        };
    }

    /** Bytes of a size; KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024; a bare number is bytes. */
    public static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("The size (" + text
                    + ") is not valid. Maybe 2048 (bytes), 512KB, 6MB, 1GB or 64KiB.");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "B" : m.group(2);
        double factor = switch (unit) {
            case "B" -> 1;
            case "KB" -> 1e3;
            case "MB" -> 1e6;
            case "GB" -> 1e9;
            case "KiB" -> 1024;
            case "MiB" -> 1024.0 * 1024;
            case "GiB" -> 1024.0 * 1024 * 1024;
            default -> throw new IllegalStateException(unit);
        };
        double bytes = value * factor;
        // Math.round would saturate at Long.MAX_VALUE, which later overflowed the solver's sums
        if (!(bytes < 0x1p62)) {
            throw new IllegalArgumentException("The size (" + shown(text) + ") is too large. Maybe 6MB or 1GB.");
        }
        return Math.round(bytes);
    }

    /** A value as a message shows it: at most 40 characters. */
    private static String shown(String text) {
        return text.length() <= 40 ? text : text.substring(0, 20) + "…(" + text.length() + " characters)";
    }

    /** A short human form of a duration in milliseconds: {@code 850ms}, {@code 3.2s}. */
    public static String formatMs(double ms) {
        if (ms < 1_000) {
            return String.format(Locale.ROOT, ms < 10 ? "%.1fms" : "%.0fms", ms);
        }
        return String.format(Locale.ROOT, "%.2fs", ms / 1_000);
    }
}
