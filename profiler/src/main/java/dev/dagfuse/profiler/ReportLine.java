// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Lambda {@code REPORT} log line, e.g.
 * {@code REPORT RequestId: 8f5f… Duration: 12.34 ms Billed Duration: 13 ms Memory Size: 1024 MB Max Memory Used: 80 MB Init Duration: 150.12 ms}.
 * Fields are separated by tabs in the raw log; exports often turn them into spaces, so any whitespace is accepted.
 *
 * @param requestId the invocation's request id
 * @param durationMs the handler's run time
 * @param billedDurationMs the billed duration (whole milliseconds)
 * @param memorySizeMB the function's configured memory
 * @param maxMemoryUsedMB the peak memory of the execution environment (runtime included)
 * @param initDurationMs the INIT phase of a cold start, or {@code null} on a warm invocation
 * @param restoreDurationMs a SnapStart restore (a cold start from a snapshot), or {@code null}
 * @param status the invocation's status when the line gives one (e.g. {@code timeout}), else {@code null}
 */
public record ReportLine(String requestId, double durationMs, long billedDurationMs, int memorySizeMB,
                         int maxMemoryUsedMB, Double initDurationMs, Double restoreDurationMs, String status) {

    /** A line without a SnapStart restore or a status. */
    public ReportLine(String requestId, double durationMs, long billedDurationMs, int memorySizeMB, int maxMemoryUsedMB,
                      Double initDurationMs) {
        this(requestId, durationMs, billedDurationMs, memorySizeMB, maxMemoryUsedMB, initDurationMs, null, null);
    }

    private static final String MARKER = "REPORT RequestId:";
    private static final Pattern REQUEST_ID = Pattern.compile("REPORT RequestId:\\s*([0-9A-Za-z-]+)");
    // "Duration:" alone, not the end of "Billed Duration:", "Init Duration:", "Restore Duration:".
    private static final Pattern DURATION = Pattern.compile("(?<![A-Za-z] )Duration:\\s*([0-9]+(?:\\.[0-9]+)?)\\s*ms");
    private static final Pattern BILLED = Pattern.compile("Billed Duration:\\s*([0-9]+(?:\\.[0-9]+)?)\\s*ms");
    private static final Pattern MEMORY = Pattern.compile("Memory Size:\\s*([0-9]+)\\s*MB");
    private static final Pattern MAX_USED = Pattern.compile("Max Memory Used:\\s*([0-9]+)\\s*MB");
    private static final Pattern INIT = Pattern.compile("Init Duration:\\s*([0-9]+(?:\\.[0-9]+)?)\\s*ms");
    // "Restore Duration:" alone, not "Billed Restore Duration:"
    private static final Pattern RESTORE = Pattern.compile("(?<!Billed )Restore Duration:\\s*([0-9]+(?:\\.[0-9]+)?)\\s*ms");
    private static final Pattern STATUS = Pattern.compile("Status:\\s*([A-Za-z.]+)");

    /** Whether this invocation started a fresh execution environment (an INIT, or a SnapStart restore). */
    public boolean coldStart() {
        return initDurationMs != null || restoreDurationMs != null;
    }

    /** The time a cold start added before the handler ran: the INIT phase, or the SnapStart restore. */
    public double coldStartMs() {
        return initDurationMs != null ? initDurationMs : restoreDurationMs != null ? restoreDurationMs : 0;
    }

    /** Whether the invocation hit its timeout: its duration is then only a lower bound of its latency. */
    public boolean timedOut() {
        return "timeout".equalsIgnoreCase(status);
    }

    /** Whether {@code line} holds a REPORT record (anywhere: exports prefix it with timestamps or columns). */
    public static boolean isReport(String line) {
        return line.contains(MARKER);
    }

    /**
     * Parses the REPORT record in {@code line}.
     *
     * @return empty when the line holds no REPORT record
     * @throws IllegalArgumentException when it holds one that lacks a required field
     */
    public static Optional<ReportLine> parse(String line) {
        int at = line.indexOf(MARKER);
        if (at < 0) {
            return Optional.empty();
        }
        String text = line.substring(at);
        Matcher id = REQUEST_ID.matcher(text);
        String requestId = id.find() ? id.group(1) : "";
        double duration = required(DURATION, text, "Duration");
        double billed = required(BILLED, text, "Billed Duration");
        double memory = required(MEMORY, text, "Memory Size");
        double maxUsed = required(MAX_USED, text, "Max Memory Used");
        Matcher init = INIT.matcher(text);
        Double initMs = init.find() ? Double.valueOf(init.group(1)) : null;
        Matcher restore = RESTORE.matcher(text);
        Double restoreMs = restore.find() ? Double.valueOf(restore.group(1)) : null;
        Matcher status = STATUS.matcher(text);
        return Optional.of(new ReportLine(requestId, duration, (long) Math.ceil(billed), (int) memory, (int) maxUsed, initMs,
                restoreMs, status.find() ? status.group(1) : null));
    }

    private static double required(Pattern field, String text, String name) {
        Matcher m = field.matcher(text);
        if (!m.find()) {
            String shown = text.length() > 160 ? text.substring(0, 160) + "…" : text;
            throw new IllegalArgumentException("The REPORT line has no " + name + " field (" + shown.strip()
                    + "). Expected e.g. \"" + name + ": " + example(name) + "\".");
        }
        return Double.parseDouble(m.group(1));
    }

    private static String example(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "memory size" -> "1024 MB";
            case "max memory used" -> "80 MB";
            case "billed duration" -> "13 ms";
            default -> "12.34 ms";
        };
    }
}
