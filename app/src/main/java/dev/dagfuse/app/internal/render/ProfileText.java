// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.app.render.ProfileView;
import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.stats.Quantiles;
import dev.dagfuse.profiler.FunctionReport;
import dev.dagfuse.profiler.ProfileRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static dev.dagfuse.app.internal.render.TextTable.Align.LEFT;
import static dev.dagfuse.app.internal.render.TextTable.Align.RIGHT;

/**
 * A profile as {@code profile show} prints it: per function, a table of sizes with n, p50, p95, p99, cold start p50
 * and the billed cost of one warm invocation, each row saying whether it was measured or modelled by the
 * {@link ScalingModel}; and the summary after a profiling run.
 */
public final class ProfileText {

    private static final int QUANTILE_GRID = 200;

    private ProfileText() {
    }

    public static String render(ProfileView view) {
        Profile profile = view.profile();
        Workflow workflow = view.workflow();
        List<Integer> sizes = view.sizes();
        Platform platform = workflow == null ? AwsLambdaPlatform.defaults() : workflow.platform();
        StringBuilder s = new StringBuilder();
        s.append("profile: source ").append(profile.source());
        if (!profile.machine().isEmpty()) {
            String where = String.join(", ", profile.machine().entrySet().stream()
                    .filter(e -> List.of("cpuModel", "cores", "jvm", "region", "platform").contains(e.getKey()))
                    .map(e -> e.getKey() + " " + e.getValue()).toList());
            if (!where.isEmpty()) {
                s.append(" (").append(where).append(')');
            }
        }
        s.append(nl());
        s.append("cost: ").append(platform.invocationCostFormula()).append(nl());
        List<String> names = new ArrayList<>();
        if (workflow != null) {
            workflow.functions().keySet().stream().filter(profile.functions()::containsKey).forEach(names::add);
        }
        profile.functions().keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);
        for (String name : names) {
            FunctionSpec spec = workflow == null ? null : workflow.functions().get(name);
            s.append(nl()).append(function(name, profile.function(name), spec, platform, sizes));
        }
        return s.toString();
    }

    private static String function(String name, FunctionProfile p, FunctionSpec spec, Platform platform,
                                   List<Integer> extraSizes) {
        StringBuilder s = new StringBuilder(name).append(": ");
        if (p.latencyMs().isEmpty()) {
            return s.append("no latency samples").append(nl()).toString();
        }
        ScalingModel model = ScalingModel.of(p);
        s.append("parallelism ").append(p.parallelism());
        if (p.peakMemoryMB() > 0) {
            s.append(String.format(Locale.ROOT, ", peak memory %.1f MB (feasible from %d MB)", p.peakMemoryMB(),
                    model.minFeasibleMemoryMB()));
        } else {
            s.append(", peak memory unknown");
        }
        s.append(", output ").append(p.outputBytes() > 0 ? Units.bytes(p.outputBytes()) : "unknown");
        String cold = p.coldStartMs().isEmpty() ? "-" : Units.ms(Quantiles.median(p.coldStartMs()));
        s.append(", cold start p50 ").append(p.coldStartMs().isEmpty() ? "not measured"
                : cold + " (n=" + p.coldStartMs().size() + ")").append(nl());
        ScalingModel.Fit fit = model.fit();
        s.append("  fit of the medians: t(m) = ");
        if (fit.assumedAllCpu()) {
            s.append(Units.ms(fit.bMs())).append(" / cpu(m): one measured size, so a = 0 is assumed "
                    + "(all the work is CPU)");
        } else if (fit.fromCpuFraction()) {
            s.append(Units.ms(fit.aMs())).append(" + ").append(Units.ms(fit.bMs()))
                    .append(" / cpu(m): one measured size, split by its recorded cpuFraction ")
                    .append(String.format(Locale.ROOT, "%.2f", p.cpuFraction()));
        } else {
            s.append(Units.ms(fit.aMs())).append(" + ").append(Units.ms(fit.bMs()))
                    .append(" / cpu(m), least squares over ").append(fit.sizesUsed()).append(" sizes");
        }
        s.append(", cpu(m) = min(m/1769, ").append(p.parallelism()).append(", 6)").append(nl());

        TreeSet<Integer> sizes = new TreeSet<>(p.latencyMs().keySet());
        sizes.addAll(extraSizes);
        if (spec != null) {
            sizes.add(spec.memoryMB());
            sizes.addAll(spec.memoryOptionsMB());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"MB", "vCPU", "n", "p50", "p95", "p99", "cold p50", platform.costUnit() == CostUnit.USD ? "USD/inv" : "core-s",
                "basis"});
        int hidden = 0;
        for (int m : sizes) {
            if (m < platform.memoryMinMB() || m > platform.memoryMaxMB()) {
                continue;
            }
            boolean measured = model.isMeasured(m);
            if (!measured && !model.isFeasible(m)) {
                hidden++;
                continue;
            }
            List<Double> samples = p.latencyMs().get(m);
            String basis = model.basis(m);
            if (spec != null && m == spec.memoryMB()) {
                basis += ", as deployed";
            }
            if (measured && !model.isFeasible(m)) {
                basis += ", below peak x 1.1";
            }
            rows.add(new String[] {String.valueOf(m),
                    String.format(Locale.ROOT, "%.2f", ScalingModel.cpu(m, p.parallelism())),
                    measured ? String.valueOf(samples.size()) : "-",
                    Units.ms(model.quantileMs(m, 0.5)),
                    Units.ms(model.quantileMs(m, 0.95)),
                    Units.ms(model.quantileMs(m, 0.99)),
                    cold,
                    cost(model, m, samples, platform),
                    basis});
        }
        s.append(indent(table(rows)));
        if (hidden > 0) {
            s.append("  (").append(hidden).append(" smaller size").append(hidden == 1 ? "" : "s")
                    .append(" hidden: below peak memory x 1.1)").append(nl());
        }
        return s.toString();
    }

    /** The mean cost of one warm invocation: samples at a measured size, the modelled quantile function elsewhere. */
    private static String cost(ScalingModel model, int m, List<Double> samples, Platform platform) {
        List<Double> durations = new ArrayList<>();
        if (samples != null) {
            durations.addAll(samples);
        } else {
            for (int i = 0; i < QUANTILE_GRID; i++) {
                durations.add(model.quantileMs(m, (i + 0.5) / QUANTILE_GRID));
            }
        }
        double cost = platform.invocationCost(null, m, durations);
        return platform.costUnit() == CostUnit.USD ? Units.usdSignificant(cost) : Units.coreSecondsNumber(cost);
    }

    /** The sizes table: numbers right-aligned, the basis (last) left. */
    private static String table(List<String[]> rows) {
        return TextTable.namesLeft(0, rows.get(0).length).newline(nl()).renderArrays(rows);
    }

    private static String indent(String text) {
        StringBuilder s = new StringBuilder();
        text.lines().forEach(l -> s.append("  ").append(l).append(nl()));
        return s.toString();
    }

    private static String nl() {
        return System.lineSeparator();
    }

    /** After a profiling run: per function and measured size n, p50, p95, p99, cold start p50, errors; then notes. */
    public static String summary(ProfileRun run) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"function", "status", "MB", "n", "p50", "p95", "p99", "cold p50", "errors"});
        for (FunctionReport r : run.functions()) {
            FunctionProfile p = run.profile().function(r.function());
            String status = r.status().name().toLowerCase(Locale.ROOT);
            String errors = String.valueOf(r.errors());
            if (p == null) {
                rows.add(new String[] {r.function(), status, "-", "-", "-", "-", "-", "-", errors});
                continue;
            }
            String cold = p.coldStartMs().isEmpty() ? "-" : Units.ms(Quantiles.median(p.coldStartMs()));
            boolean first = true;
            for (Map.Entry<Integer, List<Double>> e : p.latencyMs().entrySet()) {
                List<Double> samples = e.getValue();
                rows.add(new String[] {first ? r.function() : "", first ? status : "", String.valueOf(e.getKey()),
                        String.valueOf(samples.size()), Units.ms(Quantiles.of(samples, 0.5)),
                        Units.ms(Quantiles.of(samples, 0.95)),
                        Units.ms(Quantiles.of(samples, 0.99)), first ? cold : "", first ? errors : ""});
                first = false;
            }
        }
        // function and status left-aligned, the numbers (errors last) right-aligned
        TextTable table = TextTable.of(LEFT, LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT).newline(nl());
        StringBuilder s = new StringBuilder(table.renderArrays(rows));
        boolean header = false;
        for (FunctionReport r : run.functions()) {
            List<String> notes = new ArrayList<>(r.notes());
            if (r.error() != null) {
                notes.add(0, (r.status() == FunctionReport.Status.FAILED ? "no successful run: " : "first error: ")
                        + r.error());
            }
            if (notes.isEmpty()) {
                continue;
            }
            if (!header) {
                s.append(nl()).append("notes:").append(nl());
                header = true;
            }
            for (String note : notes) {
                s.append("  ").append(r.function()).append(": ").append(note).append(nl());
            }
        }
        return s.toString();
    }
}
