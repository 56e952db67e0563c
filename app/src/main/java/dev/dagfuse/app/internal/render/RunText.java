// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.executor.RunReport;
import dev.dagfuse.executor.RunReport.Breakdown;
import dev.dagfuse.executor.RunReport.GroupStats;
import dev.dagfuse.executor.RunReport.RequestResult;
import dev.dagfuse.executor.RunReport.RequestStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static dev.dagfuse.app.internal.render.TextTable.Align.LEFT;
import static dev.dagfuse.app.internal.render.TextTable.Align.RIGHT;

/** A {@link RunReport} as the table {@code dagfuse run} prints. */
public final class RunText {

    private static final int MAX_FAILURES_SHOWN = 10;

    /** Measured vs predicted: a label and four numbers at fixed widths, one space apart. */
    private static final TextTable LATENCY = TextTable.of(LEFT, RIGHT, RIGHT, RIGHT, RIGHT).fixed(13, 10, 10, 10, 10)
            .gap(" ").newline(System.lineSeparator());
    private static final TextTable GROUPS = TextTable.of(LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT,
            RIGHT, RIGHT).fixed(28, 6, 7, 7, 5, 9, 9, 9, 8, 7, 8).gap(" ").newline(System.lineSeparator());

    private RunText() {
    }

    public static String render(RunReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "dagfuse run: %s, %d requests%s, %s, %d cores, %.1f s%s%n", r.workflow(),
                r.requested(), r.warmup() > 0 ? " (+" + r.warmup() + " warm-up)" : "", r.load(), r.cores(), r.wallSeconds(),
                r.interrupted() ? " (STOPPED: partial report)" : ""));
        s.append(String.format(Locale.ROOT, "requests: %d ok, %d failed, %d not run%n", r.succeeded(), r.failed(), r.notRun()));
        if (r.measured() != null) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("latency (ms)", "P50", "P95", "P99", "mean"));
            RunReport.Latency m = r.measured();
            rows.add(List.of("measured", ms(m.p50Ms()), ms(m.p95Ms()), ms(m.p99Ms()),
                    ms(m.meanMs() == null ? Double.NaN : m.meanMs())));
            if (r.predicted() != null) {
                RunReport.Latency p = r.predicted();
                rows.add(List.of("predicted", ms(p.p50Ms()), ms(p.p95Ms()), ms(p.p99Ms()), ""));
                RunReport.RelativeError e = r.relativeError();
                rows.add(List.of("error", Units.signedPercent(e.p50()), Units.signedPercent(e.p95()),
                        Units.signedPercent(e.p99()), ""));
            }
            s.append(System.lineSeparator()).append(LATENCY.render(rows));
            if (r.predicted() != null) {
                s.append("(predicted: ").append(r.predictedSource()).append(")").append(System.lineSeparator());
            } else {
                s.append("(no prediction: give --profile, or a plan with predicted numbers)").append(System.lineSeparator());
            }
        }
        Breakdown b = r.timeBreakdown();
        if (b != null) {
            s.append(String.format(Locale.ROOT, "%nwhere the time went (mean per request, along the critical path):%n"));
            s.append(String.format(Locale.ROOT,
                    "  work %.1f ms (%s)  transfer %.1f ms (%s)  queueing for cores %.1f ms (%s)  overhead %.1f ms (%s)  = %.1f ms%n",
                    b.workMs(), share(b.workMs(), b.totalMs()), b.transferMs(), share(b.transferMs(), b.totalMs()),
                    b.queueMs(), share(b.queueMs(), b.totalMs()), b.overheadMs(), share(b.overheadMs(), b.totalMs()),
                    b.totalMs()));
        }
        List<List<String>> groups = new ArrayList<>();
        groups.add(List.of("group", "bundle", "inv/req", "threads", "cores", "P50 ms", "P95 ms", "P99 ms", "attempts",
                "retries", "timeouts"));
        for (GroupStats g : r.groups()) {
            groups.add(List.of(abbreviate(g.id(), 28), String.valueOf(g.bundleSize()),
                    String.valueOf(g.invocationsPerRequest()), String.valueOf(g.threadsPerInvocation()),
                    String.valueOf(g.coresPerInvocation()), ms(g.p50Ms()), ms(g.p95Ms()), ms(g.p99Ms()),
                    String.valueOf(g.attempts()), String.valueOf(g.retries()), String.valueOf(g.timeouts())));
        }
        s.append(System.lineSeparator()).append(GROUPS.render(groups));
        RunReport.StoreStats st = r.store();
        s.append(String.format(Locale.ROOT, "%nstore: %d writes (%s), %d reads (%s), in %s%n", st.writes(),
                Units.bytes(st.bytesWritten()), st.reads(), Units.bytes(st.bytesRead()), r.workDir()));
        List<RequestResult> failures = r.requests().stream().filter(q -> q.status() == RequestStatus.FAILED).toList();
        if (!failures.isEmpty()) {
            s.append(String.format(Locale.ROOT, "%nfailed requests (%d):%n", failures.size()));
            failures.stream().limit(MAX_FAILURES_SHOWN).forEach(q -> s.append(String.format(Locale.ROOT,
                    "  request %d%s: function %s, branch %d, %d attempt%s%s: %s%n", q.index(), q.warmup() ? " (warm-up)" : "",
                    q.failure().function(), q.failure().branch(), q.failure().attempts(),
                    q.failure().attempts() == 1 ? "" : "s", q.failure().timedOut() ? ", timed out" : "",
                    q.failure().exception())));
            if (failures.size() > MAX_FAILURES_SHOWN) {
                s.append(String.format(Locale.ROOT, "  … and %d more (see the JSON report)%n", failures.size() - MAX_FAILURES_SHOWN));
            }
        }
        return s.toString();
    }

    /** Milliseconds to 0.1 ms, as measured. */
    private static String ms(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String share(double part, double total) {
        return Units.share(part, total, "n/a");
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }
}
