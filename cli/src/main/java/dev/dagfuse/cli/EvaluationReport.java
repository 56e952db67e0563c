package dev.dagfuse.cli;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.ModelOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Renders a plan's model evaluation as a table, Markdown, JSON or YAML (used by {@code evaluate}). */
final class EvaluationReport {

    enum Format { table, json, yaml, markdown }

    private final Workflow workflow;
    private final Profile profile;
    private final Plan plan;
    private final Evaluation evaluation;
    private final ModelOptions options;
    /** Whether costs are core-seconds (a platform without money) rather than USD. */
    private final boolean coreSeconds;

    EvaluationReport(Workflow workflow, Profile profile, Plan plan, Evaluation evaluation, ModelOptions options) {
        this.workflow = workflow;
        this.profile = profile;
        this.plan = plan;
        this.evaluation = evaluation;
        this.options = options;
        this.coreSeconds = workflow.platform().costUnit() == CostUnit.CORE_SECONDS;
    }

    String render(Format format) {
        return switch (format) {
            case table -> text(false);
            case markdown -> text(true);
            case json -> ModelFiles.toJson(tree());
            case yaml -> ModelFiles.toYaml(tree());
        };
    }

    /** The JSON/YAML form: top-level {@code predicted} with p<N>Ms keys, as in plan files. */
    Map<String, Object> tree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workflow", workflow.name());
        root.put("platform", workflow.platform().description(plan.orchestration()));
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "monte-carlo");
        model.put("samples", options.samples());
        model.put("seed", options.seed());
        model.put("costUnit", costUnit());
        root.put("model", model);
        root.put("predicted", numbers(evaluation.predicted().latencyMs(), evaluation.predicted().meanCostUsd()));
        root.put("orchestrationCost", evaluation.orchestrationCostUsd());
        List<Object> groups = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            Evaluation.GroupEvaluation ge = evaluation.groups().get(g);
            Map<String, Object> row = ReportTrees.groupRow(group, ge, coreSeconds);
            row.put("latencyBasis", basis(group));
            groups.add(row);
        }
        root.put("groups", groups);
        if (plan.predicted() != null) {
            root.put("planPredicted", numbers(plan.predicted().latencyMs(), plan.predicted().meanCostUsd()));
            root.put("reproducesPlanPredicted", reproduces());
        }
        root.put("warnings", evaluation.warnings());
        return root;
    }

    private Map<String, Object> numbers(Map<Double, Double> latency, double cost) {
        return ReportTrees.numbers(latency, cost, coreSeconds);
    }


    /** Why the plan file's numbers are not reproduced, as far as the recorded model settings tell. */
    private String whyDifferent() {
        Predicted.Model was = plan.predicted().model();
        Predicted.Model is = evaluation.predicted().model();
        if (was == null || is == null) {
            return "the plan file does not record how its numbers were drawn (model: samples, seed, version)";
        }
        if (was.samples() != is.samples() || was.seed() != is.seed()) {
            return String.format(Locale.ROOT, "the plan's were drawn with %d samples and seed %d, these with %d and %d",
                    was.samples(), was.seed(), is.samples(), is.seed());
        }
        if (!was.version().equals(is.version())) {
            return "the plan's come from model version " + was.version() + ", these from version " + is.version();
        }
        return "same samples, seed and model version, so the profile or the workflow changed since the plan was made";
    }

    private boolean reproduces() {
        Predicted given = plan.predicted();
        Predicted now = evaluation.predicted();
        for (Map.Entry<Double, Double> e : given.latencyMs().entrySet()) {
            Double v = now.latencyMs().get(e.getKey());
            if (v == null || Math.abs(v - e.getValue()) > 1e-6 * Math.max(1, Math.abs(v))) {
                return false;
            }
        }
        return Math.abs(given.meanCostUsd() - now.meanCostUsd()) <= 1e-9 * Math.max(1e-12, Math.abs(now.meanCostUsd()));
    }

    private String text(boolean markdown) {
        List<Double> percentiles = new ArrayList<>(evaluation.predicted().latencyMs().keySet());
        List<String> header = new ArrayList<>(List.of("group", "memory", "bundle", "invocations"));
        percentiles.forEach(p -> header.add(Objective.percentileKey(p)));
        header.add(coreSeconds ? "core-s/req" : "cost/1M req");
        header.add("latency basis");
        List<List<String>> rows = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            Evaluation.GroupEvaluation ge = evaluation.groups().get(g);
            List<String> row = new ArrayList<>(List.of(group.id(), group.memoryMB() + " MB",
                    group.bundleSize() + "/" + group.fanOut(), String.valueOf(group.invocations())));
            percentiles.forEach(p -> row.add(Quantities.formatMs(ge.latencyMs().get(p))));
            row.add(cost(ge.meanCostUsd(), true));
            row.add(basis(group));
            rows.add(row);
        }
        if (evaluation.orchestrationCostUsd() > 0) {
            List<String> row = new ArrayList<>(List.of("(Step Functions express)", "", "", ""));
            percentiles.forEach(p -> row.add(""));
            row.add(cost(evaluation.orchestrationCostUsd(), true));
            row.add("");
            rows.add(row);
        }
        List<String> total = new ArrayList<>(List.of("request", "", "", String.valueOf(
                plan.groups().stream().mapToInt(PlanGroup::invocations).sum())));
        percentiles.forEach(p -> total.add(Quantities.formatMs(evaluation.predicted().latencyMs().get(p))));
        total.add(cost(evaluation.predicted().meanCostUsd(), true));
        total.add("");
        rows.add(total);

        StringBuilder out = new StringBuilder();
        String title = "Plan for " + workflow.name() + " on " + workflow.platform().description(plan.orchestration());
        String model = "Modelled, not measured: Monte Carlo over " + String.format(Locale.ROOT, "%,d", options.samples())
                + " requests, seed " + options.seed() + " (docs/model.md).";
        if (markdown) {
            out.append("## ").append(title).append("\n\n").append(model).append("\n\n");
            out.append(markdownTable(header, rows, 1));
        } else {
            out.append(title).append('\n').append(model).append("\n\n");
            out.append(textTable(header, rows, 1));
        }
        out.append('\n');
        Predicted p = evaluation.predicted();
        out.append(markdown ? "**Mean cost:** " : "Mean cost: ").append(cost(p.meanCostUsd(), false));
        if (!coreSeconds) {
            out.append(" per request (").append(String.format(Locale.ROOT, "$%.2f", p.costPerMillionUsd()))
                    .append(" per 1M requests)");
        } else {
            out.append(" core-seconds per request");
        }
        out.append('\n');
        if (plan.objective() != null) {
            out.append(markdown ? "**Objective:** " : "Objective: ").append(objective()).append('\n');
        }
        if (plan.predicted() != null) {
            out.append(markdown ? "**Plan's predicted numbers:** " : "Plan's predicted numbers: ")
                    .append(reproduces() ? "reproduced exactly." : "differ from this evaluation: " + whyDifferent() + ".")
                    .append('\n');
        }
        for (String w : evaluation.warnings()) {
            out.append(markdown ? "- **Warning:** " : "Warning: ").append(w).append('\n');
        }
        return out.toString();
    }

    private String objective() {
        Objective o = plan.objective();
        double achieved = evaluation.predicted().latencyMs().getOrDefault(o.percentile(), Double.NaN);
        if (o instanceof Objective.Latency l) {
            return Objective.percentileKey(l.percentile()) + " ≤ " + Quantities.formatMs(l.targetMs()) + ": "
                    + (achieved <= l.targetMs() ? "met" : "NOT met") + " (" + Quantities.formatMs(achieved) + ")";
        }
        Objective.Budget b = (Objective.Budget) o;
        double cost = evaluation.predicted().meanCostUsd();
        return "mean cost ≤ " + cost(b.budgetUsd(), false) + ": " + (cost <= b.budgetUsd() ? "met" : "NOT met")
                + " (" + cost(cost, false) + "), " + Objective.percentileKey(b.percentile()) + " " + Quantities.formatMs(achieved);
    }

    private String basis(PlanGroup group) {
        Set<String> kinds = new LinkedHashSet<>();
        int size = group.bundleSize() > 1 ? ScalingModel.MB_PER_VCPU : group.memoryMB();
        for (String f : group.functions()) {
            FunctionProfile fp = profile.function(f);
            if (fp != null) {
                String b = ScalingModel.of(fp).basis(size);
                kinds.add(b.startsWith("fitted") ? (b.contains("a=0") ? "fitted (a=0 assumed)" : "fitted") : b);
            }
        }
        return String.join(" + ", kinds) + (group.bundleSize() > 1 ? " @1769 MB, shared" : "");
    }

    private String cost(double value, boolean perMillion) {
        if (coreSeconds) {
            return String.format(Locale.ROOT, "%.4f", value);
        }
        return perMillion ? String.format(Locale.ROOT, "$%.2f", value * 1e6) : String.format(Locale.ROOT, "$%.8f", value);
    }

    private String costUnit() {
        return coreSeconds ? "core-seconds" : "USD";
    }


    static String textTable(List<String> header, List<List<String>> rows, int leftAligned) {
        int[] width = new int[header.size()];
        for (int c = 0; c < header.size(); c++) {
            width[c] = header.get(c).length();
            for (List<String> r : rows) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.size(); c++) {
                String cell = r.get(c);
                String pad = " ".repeat(width[c] - cell.length());
                line.append(c < leftAligned || c == r.size() - 1 ? cell + pad : pad + cell);
                if (c < r.size() - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    static String markdownTable(List<String> header, List<List<String>> rows, int leftAligned) {
        StringBuilder out = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int c = 0; c < header.size(); c++) {
            out.append(c < leftAligned || c == header.size() - 1 ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> r : rows) {
            out.append("| ").append(String.join(" | ", r.stream().map(s -> s.replace("|", "\\|")).toList())).append(" |\n");
        }
        return out.toString();
    }
}
