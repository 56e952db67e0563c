// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.app.EvaluateService;
import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
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

/** A plan's model evaluation as a table, Markdown, or a JSON/YAML tree ({@code dagfuse evaluate}). */
public final class EvaluationText {

    private final Workflow workflow;
    private final Profile profile;
    private final Plan plan;
    private final Evaluation evaluation;
    private final ModelOptions options;
    private final CostUnit unit;

    public EvaluationText(EvaluateService.Result result) {
        this.workflow = result.context().workflow();
        this.profile = result.context().profile();
        this.plan = result.evaluated().plan();
        this.evaluation = result.evaluated().evaluation();
        this.options = result.context().options();
        this.unit = workflow.platform().costUnit();
    }

    /** The JSON/YAML form: top-level {@code predicted} with p<N>Ms keys, as in plan files. */
    public Map<String, Object> tree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workflow", workflow.name());
        root.put("platform", workflow.platform().description(plan.orchestration()));
        root.put("model", Trees.model(options, unit, rate()));
        root.put("predicted", numbers(evaluation.predicted()));
        root.put("orchestrationCost", evaluation.orchestrationCostUsd());
        if (evaluation.hours() != null) {
            root.put("hours", Provisioning.hoursTree(evaluation));
        }
        List<Object> groups = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            Map<String, Object> row = Trees.groupRow(group, evaluation.groups().get(g), unit, rate());
            row.put("latencyBasis", basis(group));
            groups.add(row);
        }
        root.put("groups", groups);
        if (plan.predicted() != null) {
            root.put("planPredicted", numbers(plan.predicted()));
            root.put("reproducesPlanPredicted", reproduces());
        }
        root.put("warnings", evaluation.warnings());
        return root;
    }

    private Map<String, Object> numbers(Predicted predicted) {
        return Trees.numbers(predicted.latencyMs(), predicted.meanCostUsd(), unit);
    }

    /** Why the plan file's numbers are not reproduced, as far as the recorded model settings tell. */
    private String whyDifferent() {
        Predicted.Model was = plan.predicted().model();
        Predicted.Model is = evaluation.predicted().model();
        if (was == null || is == null) {
            return "the plan file does not record how its numbers were drawn (model: samples, seed, version)";
        }
        if (was.ratePerSecond() != is.ratePerSecond()) {
            return "the plan's were drawn " + (was.ratePerSecond() > 0 ? "for requests arriving at "
                    + Units.rate(was.ratePerSecond()) : "without an arrival rate") + ", these "
                    + (is.ratePerSecond() > 0 ? "at " + Units.rate(is.ratePerSecond()) : "without one");
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

    /** The table, or with {@code markdown} the same as Markdown. */
    public String text(boolean markdown) {
        List<Double> percentiles = new ArrayList<>(evaluation.predicted().latencyMs().keySet());
        boolean cold = rate() > 0;
        boolean provisioned = Provisioning.any(evaluation);
        List<String> header = new ArrayList<>(List.of("group", "memory", "bundle", "invocations"));
        if (provisioned) {
            header.addAll(Provisioning.HEADER);
        }
        if (cold) {
            header.add("P(cold)");
        }
        percentiles.forEach(p -> header.add(Objective.percentileKey(p)));
        header.add(Units.costColumnHeader(unit));
        header.add("latency basis");
        List<List<String>> rows = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            Evaluation.GroupEvaluation ge = evaluation.groups().get(g);
            List<String> row = new ArrayList<>(List.of(group.id(), group.memoryMB() + " MB",
                    group.bundleSize() + "/" + group.fanOut(), String.valueOf(group.invocations())));
            if (provisioned) {
                row.addAll(Provisioning.cells(ge, unit));
            }
            if (cold) {
                row.add(Units.probability(ge.coldStartProbability()));
            }
            percentiles.forEach(p -> row.add(Units.ms(ge.latencyMs().get(p))));
            row.add(Units.costColumn(unit, ge.meanCostUsd()));
            row.add(basis(group));
            rows.add(row);
        }
        if (evaluation.orchestrationCostUsd() > 0) {
            List<String> row = new ArrayList<>(List.of("(" + workflow.platform().orchestrationName(plan.orchestration()) + ")", "", "", ""));
            if (provisioned) {
                row.addAll(Provisioning.EMPTY);
            }
            if (cold) {
                row.add("");
            }
            percentiles.forEach(p -> row.add(""));
            row.add(Units.costColumn(unit, evaluation.orchestrationCostUsd()));
            row.add("");
            rows.add(row);
        }
        List<String> total = new ArrayList<>(List.of("request", "", "", String.valueOf(
                plan.groups().stream().mapToInt(PlanGroup::invocations).sum())));
        if (provisioned) {
            total.addAll(Provisioning.EMPTY);
        }
        if (cold) {
            total.add("");
        }
        percentiles.forEach(p -> total.add(Units.ms(evaluation.predicted().latencyMs().get(p))));
        total.add(Units.costColumn(unit, evaluation.predicted().meanCostUsd()));
        total.add("");
        rows.add(total);

        StringBuilder out = new StringBuilder();
        String title = "Plan for " + workflow.name() + " on " + workflow.platform().description(plan.orchestration());
        String model = PlanText.modelledLine(options, rate(), options.patternFor(workflow));
        if (markdown) {
            out.append("## ").append(title).append("\n\n").append(model).append("\n\n");
        } else {
            out.append(title).append('\n').append(model).append("\n\n");
        }
        out.append(PlanText.table(header, rows, markdown));
        out.append('\n');
        Predicted p = evaluation.predicted();
        out.append(markdown ? "**Mean cost:** " : "Mean cost: ").append(Units.costPerRequest(unit, p.meanCostUsd()));
        if (unit == CostUnit.CORE_SECONDS) {
            out.append(" core-seconds per request");
        } else {
            out.append(" per request (").append(Units.costColumn(unit, p.meanCostUsd())).append(" per 1M requests)");
        }
        out.append('\n');
        if (plan.objective() != null) {
            out.append(markdown ? "**Objective:** " : "Objective: ").append(objective()).append('\n');
        }
        String hours = Provisioning.hoursLine(evaluation, unit);
        if (hours != null) {
            out.append(markdown ? "**Hourly pattern:** " : "Hourly pattern: ").append(hours).append('\n');
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
            return Objective.percentileKey(l.percentile()) + " ≤ " + Units.ms(l.targetMs()) + ": "
                    + (achieved <= l.targetMs() ? "met" : "NOT met") + " (" + Units.ms(achieved) + ")";
        }
        Objective.Budget b = (Objective.Budget) o;
        double cost = evaluation.predicted().meanCostUsd();
        return "mean cost ≤ " + Units.costPerRequest(unit, b.budgetUsd()) + ": " + (cost <= b.budgetUsd() ? "met" : "NOT met")
                + " (" + Units.costPerRequest(unit, cost) + "), " + Objective.percentileKey(b.percentile()) + " "
                + Units.ms(achieved);
    }

    /** The arrival rate the model drew cold starts for (the options', else the workflow's), 0: none or no effect. */
    private double rate() {
        // only where a rate gives cold starts (a platform that keeps idle environments)
        return workflow.platform().idleKeepAliveMs().isPresent() ? options.rateFor(workflow) : 0;
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

}
