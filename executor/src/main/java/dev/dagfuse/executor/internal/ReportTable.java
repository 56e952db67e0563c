package dev.dagfuse.executor.internal;

import dev.dagfuse.executor.RunReport;
import dev.dagfuse.executor.RunReport.Breakdown;
import dev.dagfuse.executor.RunReport.GroupStats;
import dev.dagfuse.executor.RunReport.RequestResult;
import dev.dagfuse.executor.RunReport.RequestStatus;

import java.util.List;
import java.util.Locale;

/** Renders a {@link RunReport} as the table {@code dagfuse run} prints. */
public final class ReportTable {

    private static final int MAX_FAILURES_SHOWN = 10;

    private ReportTable() {
    }

    public static String render(RunReport r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "dagfuse run: %s, %d requests%s, %s, %d cores, %.1f s%s%n", r.workflow(),
                r.requested(), r.warmup() > 0 ? " (+" + r.warmup() + " warm-up)" : "", r.load(), r.cores(), r.wallSeconds(),
                r.interrupted() ? " (STOPPED: partial report)" : ""));
        s.append(String.format(Locale.ROOT, "requests: %d ok, %d failed, %d not run%n", r.succeeded(), r.failed(), r.notRun()));
        if (r.measured() != null) {
            s.append(String.format(Locale.ROOT, "%nlatency (ms)  %10s %10s %10s %10s%n", "P50", "P95", "P99", "mean"));
            RunReport.Latency m = r.measured();
            s.append(String.format(Locale.ROOT, "measured      %10.1f %10.1f %10.1f %10.1f%n", m.p50Ms(), m.p95Ms(), m.p99Ms(),
                    m.meanMs() == null ? Double.NaN : m.meanMs()));
            if (r.predicted() != null) {
                RunReport.Latency p = r.predicted();
                s.append(String.format(Locale.ROOT, "predicted     %10.1f %10.1f %10.1f%n", p.p50Ms(), p.p95Ms(), p.p99Ms()));
                RunReport.RelativeError e = r.relativeError();
                s.append(String.format(Locale.ROOT, "error         %10s %10s %10s%n", pct(e.p50()), pct(e.p95()), pct(e.p99())));
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
        s.append(String.format(Locale.ROOT, "%n%-28s %6s %7s %7s %5s %9s %9s %9s %8s %7s %8s%n", "group", "bundle", "inv/req",
                "threads", "cores", "P50 ms", "P95 ms", "P99 ms", "attempts", "retries", "timeouts"));
        for (GroupStats g : r.groups()) {
            s.append(String.format(Locale.ROOT, "%-28s %6d %7d %7d %5d %9.1f %9.1f %9.1f %8d %7d %8d%n", abbreviate(g.id(), 28),
                    g.bundleSize(), g.invocationsPerRequest(), g.threadsPerInvocation(), g.coresPerInvocation(), g.p50Ms(), g.p95Ms(), g.p99Ms(),
                    g.attempts(), g.retries(), g.timeouts()));
        }
        RunReport.StoreStats st = r.store();
        s.append(String.format(Locale.ROOT, "%nstore: %d writes (%s), %d reads (%s), in %s%n", st.writes(),
                bytes(st.bytesWritten()), st.reads(), bytes(st.bytesRead()), r.workDir()));
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

    private static String pct(double rel) {
        return Double.isNaN(rel) ? "n/a" : String.format(Locale.ROOT, "%+.1f%%", rel * 100);
    }

    private static String share(double part, double total) {
        return total <= 0 ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * part / total);
    }

    private static String abbreviate(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "…";
    }

    private static String bytes(long n) {
        if (n < 10_000) {
            return n + " B";
        }
        if (n < 10_000_000) {
            return String.format(Locale.ROOT, "%.1f KB", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}
