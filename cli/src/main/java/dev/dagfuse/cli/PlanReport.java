package dev.dagfuse.cli;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.ModelOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders what {@code plan}, {@code pareto} and {@code compare} print: plans with their modelled numbers. */
final class PlanReport {

    enum Format { table, json, yaml, markdown }

    private final Workflow workflow;
    private final ModelOptions options;
    /** Whether costs are core-seconds (a platform without money) rather than USD. */
    private final boolean coreSeconds;

    PlanReport(Workflow workflow, ModelOptions options) {
        this.workflow = workflow;
        this.options = options;
        this.coreSeconds = workflow.platform().costUnit() == CostUnit.CORE_SECONDS;
    }

    // ---- plan ----

    /** A plan (or the nearest plan when infeasible) next to the as-deployed baseline. */
    String plan(Plan plan, Evaluation evaluation, Plan baseline, Evaluation baselineEvaluation, String infeasibleReason,
                String planFile, Format format) {
        if (format == Format.json || format == Format.yaml) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("workflow", workflow.name());
            root.put("platform", workflow.platform().description(plan.orchestration()));
            root.put("model", modelTree());
            root.put("objective", objectiveTree(plan.objective()));
            root.put("status", infeasibleReason == null ? "planned" : "infeasible");
            if (infeasibleReason != null) {
                root.put("reason", infeasibleReason);
            }
            root.put("solver", solverTree(plan.solver()));
            root.put(infeasibleReason == null ? "plan" : "nearest", planTree(plan, evaluation));
            root.put("baseline", planTree(baseline, baselineEvaluation));
            root.put("planFile", planFile);
            return format == Format.json ? ModelFiles.toJson(root) : ModelFiles.toYaml(root);
        }
        boolean md = format == Format.markdown;
        StringBuilder out = new StringBuilder();
        String title = (infeasibleReason == null ? "Plan for " : "Nearest plan (does not meet the objective) for ")
                + workflow.name() + " on " + workflow.platform().description(plan.orchestration()) + ": "
                + describe(plan.objective());
        heading(out, title, md);
        List<Double> ps = percentiles(evaluation);
        double p = plan.objective().percentile();
        List<String> header = List.of("group", "memory", "bundle", "invocations", label(p), costHeader());
        List<List<String>> rows = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            Evaluation.GroupEvaluation ge = evaluation.groups().get(g);
            rows.add(List.of(String.join(" + ", group.functions()), group.memoryMB() + " MB",
                    group.bundleSize() + "/" + group.fanOut(), String.valueOf(group.invocations()),
                    ms(ge.latencyMs().get(p)), cost(ge.meanCostUsd())));
        }
        if (evaluation.orchestrationCostUsd() > 0) {
            rows.add(List.of("(" + workflow.platform().orchestrationName(plan.orchestration()) + ")", "", "", "", "",
                    cost(evaluation.orchestrationCostUsd())));
        }
        out.append(table(header, rows, md)).append('\n');
        List<String> totalsHeader = new ArrayList<>(List.of(""));
        ps.forEach(q -> totalsHeader.add(label(q)));
        totalsHeader.add("invocations");
        totalsHeader.add(costHeader());
        List<List<String>> totals = new ArrayList<>();
        totals.add(totalsRow(infeasibleReason == null ? "plan" : "nearest plan", plan, evaluation.predicted(), ps));
        totals.add(totalsRow("as deployed", baseline, baselineEvaluation.predicted(), ps));
        List<String> change = new ArrayList<>(List.of("change"));
        for (double q : ps) {
            change.add(percentChange(baselineEvaluation.predicted().latencyMs().get(q), evaluation.predicted().latencyMs().get(q)));
        }
        change.add(percentChange(invocations(baseline), invocations(plan)));
        change.add(percentChange(baselineEvaluation.predicted().meanCostUsd(), evaluation.predicted().meanCostUsd()));
        totals.add(change);
        out.append(table(totalsHeader, totals, md)).append('\n');
        line(out, md, "Objective", objectiveOutcome(plan.objective(), evaluation.predicted()));
        if (infeasibleReason != null) {
            line(out, md, "Infeasible", infeasibleReason);
        }
        line(out, md, "Solver", solverLine(plan.solver()));
        for (String w : evaluation.warnings()) {
            line(out, md, "Warning", w);
        }
        if (planFile != null) {
            line(out, md, "Plan file", planFile + " (dagfuse evaluate reproduces its numbers with the same --samples and --seed)");
        }
        return out.toString();
    }

    private List<String> totalsRow(String name, Plan plan, Predicted predicted, List<Double> ps) {
        List<String> row = new ArrayList<>(List.of(name));
        for (double q : ps) {
            Double v = predicted.latencyMs().get(q);
            row.add(v == null ? "" : ms(v));
        }
        row.add(String.valueOf(invocations(plan)));
        row.add(cost(predicted.meanCostUsd()));
        return row;
    }

    // ---- compare ----

    record Row(String name, Plan plan, Evaluation evaluation, String note) {
    }

    String compare(List<Row> rows, Objective objective, Format format) {
        List<Double> ps = percentiles(rows.get(0).evaluation());
        if (format == Format.json || format == Format.yaml) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("workflow", workflow.name());
            root.put("platform", platformLine());
            root.put("model", modelTree());
            root.put("objective", objectiveTree(objective));
            List<Object> list = new ArrayList<>();
            for (Row r : rows) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", r.name());
                m.put("meetsObjective", meets(objective, r.evaluation().predicted()));
                if (r.note() != null) {
                    m.put("note", r.note());
                }
                m.put("solver", solverTree(r.plan().solver()));
                m.put("plan", planTree(r.plan(), r.evaluation()));
                list.add(m);
            }
            root.put("plans", list);
            return format == Format.json ? ModelFiles.toJson(root) : ModelFiles.toYaml(root);
        }
        boolean md = format == Format.markdown;
        StringBuilder out = new StringBuilder();
        heading(out, "Plans for " + workflow.name() + " on " + platformLine() + ": " + describe(objective), md);
        List<String> header = new ArrayList<>(List.of("plan", "groups", "invocations"));
        ps.forEach(q -> header.add(label(q)));
        header.add(costHeader());
        header.add("objective");
        header.add("search");
        List<List<String>> table = new ArrayList<>();
        for (Row r : rows) {
            List<String> row = new ArrayList<>(List.of(r.name(), String.valueOf(r.plan().groups().size()),
                    String.valueOf(invocations(r.plan()))));
            ps.forEach(q -> row.add(ms(r.evaluation().predicted().latencyMs().get(q))));
            row.add(cost(r.evaluation().predicted().meanCostUsd()));
            row.add(meets(objective, r.evaluation().predicted()) ? "met" : "not met");
            row.add(searchLine(r.plan().solver()) + (r.note() == null ? "" : "; " + r.note()));
            table.add(row);
        }
        out.append(table(header, table, md)).append('\n');
        for (Row r : rows) {
            line(out, md, r.name(), groupsLine(r.plan()));
        }
        return out.toString();
    }

    // ---- pareto ----

    String pareto(List<Plan> plans, List<Evaluation> evaluations, double percentile, String format) {
        switch (format) {
            case "csv" -> {
                StringBuilder out = new StringBuilder("point," + Objective.percentileKey(percentile) + "Ms,"
                        + (coreSeconds ? "meanCoreSeconds" : "meanCostUsd,costPerMillionUsd") + ",groups,invocations,solverStatus\n");
                for (int i = 0; i < plans.size(); i++) {
                    Predicted p = evaluations.get(i).predicted();
                    out.append(i + 1).append(',').append(String.format(Locale.ROOT, "%.3f", p.percentileMs(percentile)))
                            .append(',').append(String.format(Locale.ROOT, "%.10g", p.meanCostUsd()));
                    if (!coreSeconds) {
                        out.append(',').append(String.format(Locale.ROOT, "%.6f", p.costPerMillionUsd()));
                    }
                    out.append(",\"").append(groupsLine(plans.get(i))).append("\",").append(invocations(plans.get(i)))
                            .append(',').append(plans.get(i).solver().status()).append('\n');
                }
                return out.toString();
            }
            case "json" -> {
                Map<String, Object> root = new LinkedHashMap<>();
                root.put("workflow", workflow.name());
                root.put("platform", platformLine());
                root.put("model", modelTree());
                root.put("percentile", percentile);
                List<Object> points = new ArrayList<>();
                for (int i = 0; i < plans.size(); i++) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("point", i + 1);
                    m.put("solver", solverTree(plans.get(i).solver()));
                    m.put("plan", planTree(plans.get(i), evaluations.get(i)));
                    points.add(m);
                }
                root.put("points", points);
                return ModelFiles.toJson(root);
            }
            default -> {
                StringBuilder out = new StringBuilder();
                heading(out, "Cost vs " + label(percentile) + " frontier of " + workflow.name() + " on " + platformLine(), false);
                List<String> header = List.of("point", label(percentile), costHeader(), "invocations", "groups (memory, bundle)");
                List<List<String>> rows = new ArrayList<>();
                for (int i = 0; i < plans.size(); i++) {
                    Predicted p = evaluations.get(i).predicted();
                    rows.add(List.of(String.valueOf(i + 1), ms(p.percentileMs(percentile)), cost(p.meanCostUsd()),
                            String.valueOf(invocations(plans.get(i))), groupsLine(plans.get(i))));
                }
                out.append(table(header, rows, false));
                return out.toString();
            }
        }
    }

    // ---- pieces ----

    private void heading(StringBuilder out, String title, boolean md) {
        String model = "Modelled, not measured: Monte Carlo over " + String.format(Locale.ROOT, "%,d", options.samples())
                + " requests, seed " + options.seed() + " (docs/model.md).";
        if (md) {
            out.append("## ").append(title).append("\n\n").append(model).append("\n\n");
        } else {
            out.append(title).append('\n').append(model).append("\n\n");
        }
    }

    private static void line(StringBuilder out, boolean md, String key, String value) {
        out.append(md ? "**" + key + ":** " : key + ": ").append(value).append(md ? "  \n" : "\n");
    }

    private static String table(List<String> header, List<List<String>> rows, boolean md) {
        return md ? EvaluationReport.markdownTable(header, rows, 1) : EvaluationReport.textTable(header, rows, 1);
    }

    static String groupsLine(Plan plan) {
        List<String> parts = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            parts.add(g.id() + "@" + g.memoryMB() + (g.fanOut() > 1 ? " ×" + g.bundleSize() + "/" + g.fanOut() : ""));
        }
        return String.join(" | ", parts);
    }

    private Map<String, Object> modelTree() {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "monte-carlo");
        model.put("samples", options.samples());
        model.put("seed", options.seed());
        model.put("costUnit", coreSeconds ? "core-seconds" : "USD");
        return model;
    }

    static Map<String, Object> objectiveTree(Objective o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o instanceof Objective.Latency l) {
            m.put("kind", "latency");
            m.put("percentile", l.percentile());
            m.put("targetMs", l.targetMs());
        } else {
            Objective.Budget b = (Objective.Budget) o;
            m.put("kind", "budget");
            m.put("percentile", b.percentile());
            m.put("budgetUsd", b.budgetUsd());
        }
        return m;
    }

    static Map<String, Object> solverTree(SolverInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("status", s.status());
        m.put("wallMs", s.wallMs());
        m.put("iterations", s.iterations());
        m.put("gap", Double.isNaN(s.gap()) ? null : s.gap());
        return m;
    }

    private Map<String, Object> planTree(Plan plan, Evaluation evaluation) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> groups = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            Evaluation.GroupEvaluation ge = evaluation.groups().get(g);
            Map<String, Object> row = ReportTrees.groupRow(group, ge, coreSeconds);
            groups.add(row);
        }
        root.put("groups", groups);
        root.put("predicted", numbers(evaluation.predicted().latencyMs(), evaluation.predicted().meanCostUsd()));
        root.put("warnings", evaluation.warnings());
        return root;
    }

    private Map<String, Object> numbers(Map<Double, Double> latency, double cost) {
        return ReportTrees.numbers(latency, cost, coreSeconds);
    }

    private static List<Double> percentiles(Evaluation e) {
        return new ArrayList<>(e.predicted().latencyMs().keySet());
    }

    static int invocations(Plan plan) {
        return plan.groups().stream().mapToInt(PlanGroup::invocations).sum();
    }

    static String label(double p) {
        return Objective.percentileKey(p).toUpperCase(Locale.ROOT);
    }

    private static String ms(Double v) {
        return v == null ? "" : Quantities.formatMs(v);
    }

    private String costHeader() {
        return coreSeconds ? "core-s/req" : "cost/1M req";
    }

    private String cost(double usd) {
        return coreSeconds ? String.format(Locale.ROOT, "%.4f", usd) : String.format(Locale.ROOT, "$%.2f", usd * 1e6);
    }

    private String money(double usd) {
        return coreSeconds ? String.format(Locale.ROOT, "%.4f core-s", usd) : String.format(Locale.ROOT, "$%.8f", usd);
    }

    private static String percentChange(double before, double after) {
        if (before == 0) {
            return after == 0 ? "0%" : "";
        }
        return String.format(Locale.ROOT, "%+.0f%%", (after - before) / before * 100);
    }

    String describe(Objective o) {
        if (o instanceof Objective.Latency l) {
            return label(l.percentile()) + " ≤ " + Quantities.formatMs(l.targetMs()) + " at minimum cost";
        }
        Objective.Budget b = (Objective.Budget) o;
        return "minimum " + label(b.percentile()) + " within " + money(b.budgetUsd()) + " per request";
    }

    static boolean meets(Objective o, Predicted p) {
        if (o instanceof Objective.Latency l) {
            return p.percentileMs(l.percentile()) <= l.targetMs();
        }
        return p.meanCostUsd() <= ((Objective.Budget) o).budgetUsd();
    }

    private String objectiveOutcome(Objective o, Predicted p) {
        String verdict = meets(o, p) ? "met" : "NOT met";
        if (o instanceof Objective.Latency l) {
            return label(l.percentile()) + " ≤ " + Quantities.formatMs(l.targetMs()) + ": " + verdict + " ("
                    + Quantities.formatMs(p.percentileMs(l.percentile())) + ")";
        }
        Objective.Budget b = (Objective.Budget) o;
        return "mean cost ≤ " + money(b.budgetUsd()) + ": " + verdict + " (" + money(p.meanCostUsd()) + "), "
                + label(b.percentile()) + " " + Quantities.formatMs(p.percentileMs(b.percentile()));
    }

    static String solverLine(SolverInfo s) {
        StringBuilder b = new StringBuilder(s.name()).append(", ").append(s.status());
        if (s.iterations() > 0) {
            b.append(", ").append(s.iterations()).append(s.iterations() == 1 ? " round" : " rounds");
        }
        b.append(", ").append(Quantities.formatMs(s.wallMs()));
        if (!Double.isNaN(s.gap())) {
            b.append(String.format(Locale.ROOT, ", gap %.2f%%", s.gap() * 100));
        }
        return b.toString();
    }

    private static String searchLine(SolverInfo s) {
        if ("baseline".equals(s.name()) || "manual".equals(s.name())) {
            return "as declared";
        }
        return solverLine(s);
    }

    private String platformLine() {
        return workflow.platform().description();
    }
}
