package dev.dagfuse.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations ({@code 250ms}, {@code 3s}, {@code 1.5s}, {@code 2m}) and sizes ({@code 512KB}, {@code 6MB}) of the YAML formats. */
public final class Quantities {

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");
    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");

    private Quantities() {
    }

    /** Milliseconds of a duration; a bare number is milliseconds. */
    public static double parseDurationMs(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("The duration (" + text
                    + ") is not valid. Maybe 250ms, 3s, 1.5s or 2m (a bare number is milliseconds).");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "ms" : m.group(2);
        return switch (unit) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            case "h" -> value * 3_600_000;
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
        return Math.round(value * factor);
    }

    /** A short human form of a duration in milliseconds: {@code 850ms}, {@code 3.2s}. */
    public static String formatMs(double ms) {
        if (ms < 1_000) {
            return String.format(Locale.ROOT, ms < 10 ? "%.1fms" : "%.0fms", ms);
        }
        return String.format(Locale.ROOT, "%.2fs", ms / 1_000);
    }
}
