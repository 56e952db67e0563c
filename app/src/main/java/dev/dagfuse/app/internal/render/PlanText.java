// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.app.CompareService;
import dev.dagfuse.app.EvaluatedPlan;
import dev.dagfuse.app.ModelContext;
import dev.dagfuse.app.ParetoService;
import dev.dagfuse.app.PlanService;
import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.ModelOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code plan}, {@code pareto} and {@code compare} print: plans with their modelled numbers. */
public final class PlanText {

    private final Workflow workflow;
    private final ModelOptions options;
    private final CostUnit unit;

    public PlanText(ModelContext context) {
        this.workflow = context.workflow();
        this.options = context.options();
        this.unit = workflow.platform().costUnit();
    }

    // ---- plan ----

    /** A plan (or the nearest plan when infeasible) next to the as-deployed plan; empty when there is no plan. */
    public String plan(PlanService.Result result, boolean markdown) {
        Shown shown = Shown.of(result);
        if (shown == null) {
            return "";
        }
        Plan plan = shown.plan.plan();
        Evaluation evaluation = shown.plan.evaluation();
        Plan baseline = result.asDeployed().plan();
        Evaluation baselineEvaluation = result.asDeployed().evaluation();
        StringBuilder out = new StringBuilder();
        String title = (shown.reason == null ? "Plan for " : "Nearest plan (does not meet the objective) for ")
                + workflow.name() + " on " + workflow.platform().description(plan.orchestration()) + ": "
                + describe(plan.objective());
        heading(out, title, markdown);
        List<Double> ps = percentiles(evaluation);
        double p = plan.objective().percentile();
        boolean cold = rate() > 0;
        boolean provisioned = Provisioning.any(evaluation);
        List<String> header = new ArrayList<>(List.of("group", "memory", "bundle", "invocations"));
        if (provisioned) {
            header.addAll(Provisioning.HEADER);
        }
        if (cold) {
            header.add("P(cold)");
        }
        header.addAll(List.of(Units.percentile(p), Units.costColumnHeader(unit)));
        List<List<String>> rows = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            Evaluation.GroupEvaluation ge = evaluation.groups().get(g);
            List<String> row = new ArrayList<>(List.of(String.join(" + ", group.functions()), group.memoryMB() + " MB",
                    group.bundleSize() + "/" + group.fanOut(), String.valueOf(group.invocations())));
            if (provisioned) {
                row.addAll(Provisioning.cells(ge, unit));
            }
            if (cold) {
                row.add(Units.probability(ge.coldStartProbability()));
            }
            row.add(Units.msOrEmpty(ge.latencyMs().get(p)));
            row.add(Units.costColumn(unit, ge.meanCostUsd()));
            rows.add(row);
        }
        if (evaluation.orchestrationCostUsd() > 0) {
            List<String> row = new ArrayList<>(List.of("(" + workflow.platform().orchestrationName(plan.orchestration())
                    + ")", "", "", "", ""));
            if (provisioned) {
                row.addAll(Provisioning.EMPTY);
            }
            if (cold) {
                row.add("");
            }
            row.add(Units.costColumn(unit, evaluation.orchestrationCostUsd()));
            rows.add(row);
        }
        out.append(table(header, rows, markdown)).append('\n');
        List<String> totalsHeader = new ArrayList<>(List.of(""));
        ps.forEach(q -> totalsHeader.add(Units.percentile(q)));
        totalsHeader.add("invocations");
        totalsHeader.add(Units.costColumnHeader(unit));
        List<List<String>> totals = new ArrayList<>();
        totals.add(totalsRow(shown.reason == null ? "plan" : "nearest plan", plan, evaluation.predicted(), ps));
        totals.add(totalsRow("as deployed", baseline, baselineEvaluation.predicted(), ps));
        List<String> change = new ArrayList<>(List.of("change"));
        for (double q : ps) {
            change.add(Units.wholeChange(baselineEvaluation.predicted().latencyMs().get(q),
                    evaluation.predicted().latencyMs().get(q)));
        }
        change.add(Units.wholeChange(invocations(baseline), invocations(plan)));
        change.add(Units.wholeChange(baselineEvaluation.predicted().meanCostUsd(), evaluation.predicted().meanCostUsd()));
        totals.add(change);
        EvaluatedPlan other = result.asDeployedOtherOrchestration();
        if (other != null) {
            totals.add(totalsRow("as deployed, " + other.plan().orchestration().yamlName(), other.plan(),
                    other.evaluation().predicted(), ps));
        }
        out.append(table(totalsHeader, totals, markdown)).append('\n');
        if (result instanceof PlanService.Planned planned && !planned.waterfall().isEmpty()) {
            out.append(markdown ? "Where the change comes from, each move on top of the ones above it:\n\n"
                    : "Where the change comes from, each move on top of the ones above it:\n");
            out.append(table(waterfallHeader(p), waterfallRows(planned.waterfall(), p), markdown)).append('\n');
        }
        line(out, markdown, "Objective", objectiveOutcome(plan.objective(), evaluation.predicted()));
        String hours = Provisioning.hoursLine(evaluation, unit);
        if (hours != null) {
            line(out, markdown, "Hourly pattern", hours);
        }
        if (shown.reason != null) {
            line(out, markdown, "Infeasible", shown.reason);
        }
        line(out, markdown, "Solver", solverLine(plan.solver()));
        for (String w : evaluation.warnings()) {
            line(out, markdown, "Warning", w);
        }
        if (shown.planFile != null) {
            line(out, markdown, "Plan file", shown.planFile
                    + " (dagfuse evaluate reproduces its numbers with the same --samples and --seed)");
        }
        return out.toString();
    }

    /** The JSON/YAML tree of {@link #plan}; {@code null} when there is no plan. */
    public Map<String, Object> planTree(PlanService.Result result) {
        Shown shown = Shown.of(result);
        if (shown == null) {
            return null;
        }
        Plan plan = shown.plan.plan();
        Map<String, Object> root = headerTree();
        root.put("platform", workflow.platform().description(plan.orchestration()));
        root.put("objective", objectiveTree(plan.objective()));
        root.put("status", shown.reason == null ? "planned" : "infeasible");
        if (shown.reason != null) {
            root.put("reason", shown.reason);
        }
        root.put("solver", solverTree(plan.solver()));
        root.put(shown.reason == null ? "plan" : "nearest", planTree(shown.plan));
        root.put("baseline", planTree(result.asDeployed()));
        if (result.asDeployedOtherOrchestration() != null) {
            Map<String, Object> other = new LinkedHashMap<>();
            other.put("orchestration", result.asDeployedOtherOrchestration().plan().orchestration().yamlName());
            other.putAll(planTree(result.asDeployedOtherOrchestration()));
            root.put("baselineOtherOrchestration", other);
        }
        if (result instanceof PlanService.Planned planned) {
            List<Object> moves = new ArrayList<>();
            for (PlanService.Move m : planned.waterfall()) {
                Map<String, Object> move = new LinkedHashMap<>();
                move.put("move", m.move());
                move.put("groups", groupsLine(m.plan().plan()));
                Predicted predicted = m.plan().evaluation().predicted();
                move.put("predicted", Trees.numbers(predicted.latencyMs(), predicted.meanCostUsd(), unit));
                moves.add(move);
            }
            root.put("waterfall", moves);
        }
        root.put("planFile", shown.planFile);
        return root;
    }

    /** The plan shown for a result: the plan, or the nearest one with the reason it is not met. */
    private record Shown(EvaluatedPlan plan, String reason, String planFile) {
        static Shown of(PlanService.Result result) {
            if (result instanceof PlanService.Planned planned) {
                return new Shown(planned.plan(), null, planned.planFile() == null ? null : planned.planFile().toString());
            }
            PlanService.Infeasible infeasible = (PlanService.Infeasible) result;
            return infeasible.nearest() == null ? null : new Shown(infeasible.nearest(), infeasible.reason(), null);
        }
    }

    private List<String> waterfallHeader(double p) {
        return List.of("move", Units.percentile(p), "change", Units.costColumnHeader(unit), "change", "groups");
    }

    /** Each move's numbers and its change against the move before it. */
    private List<List<String>> waterfallRows(List<PlanService.Move> moves, double p) {
        List<List<String>> rows = new ArrayList<>();
        Predicted previous = null;
        for (PlanService.Move m : moves) {
            Predicted now = m.plan().evaluation().predicted();
            Double latency = now.latencyMs().get(p);
            rows.add(List.of(m.move(), Units.msOrEmpty(latency),
                    previous == null || latency == null ? "" : Units.wholeChange(previous.latencyMs().get(p), latency),
                    Units.costColumn(unit, now.meanCostUsd()),
                    previous == null ? "" : Units.wholeChange(previous.meanCostUsd(), now.meanCostUsd()),
                    movedLine(m)));
            previous = now;
        }
        return rows;
    }

    // the groups, and the orchestration where the planner chose it and the move is about it
    private String movedLine(PlanService.Move m) {
        Plan plan = m.plan().plan();
        String groups = deployedGroupsLine(plan);
        boolean named = workflow.platform().orchestrations().size() > 1
                && ("orchestration".equals(m.move()) || "as deployed".equals(m.move()));
        return named ? workflow.platform().orchestrationName(plan.orchestration()) + "; " + groups : groups;
    }

    private List<String> totalsRow(String name, Plan plan, Predicted predicted, List<Double> ps) {
        List<String> row = new ArrayList<>(List.of(name));
        for (double q : ps) {
            row.add(Units.msOrEmpty(predicted.latencyMs().get(q)));
        }
        row.add(String.valueOf(invocations(plan)));
        row.add(Units.costColumn(unit, predicted.meanCostUsd()));
        return row;
    }

    // ---- compare ----

    public String compare(CompareService.Compared compared, boolean markdown) {
        List<CompareService.Row> rows = compared.rows();
        Objective objective = compared.objective();
        List<Double> ps = percentiles(rows.get(0).plan().evaluation());
        StringBuilder out = new StringBuilder();
        heading(out, "Plans for " + workflow.name() + " on " + platformLine() + ": " + describe(objective), markdown);
        List<String> header = new ArrayList<>(List.of("plan", "groups", "invocations"));
        ps.forEach(q -> header.add(Units.percentile(q)));
        header.add(Units.costColumnHeader(unit));
        header.add("objective");
        header.add("search");
        List<List<String>> table = new ArrayList<>();
        for (CompareService.Row r : rows) {
            Plan plan = r.plan().plan();
            Predicted predicted = r.plan().evaluation().predicted();
            List<String> row = new ArrayList<>(List.of(r.name(), String.valueOf(plan.groups().size()),
                    String.valueOf(invocations(plan))));
            ps.forEach(q -> row.add(Units.msOrEmpty(predicted.latencyMs().get(q))));
            row.add(Units.costColumn(unit, predicted.meanCostUsd()));
            row.add(meets(objective, predicted) ? "met" : "not met");
            row.add(searchLine(plan.solver()) + (r.note() == null ? "" : "; " + r.note()));
            table.add(row);
        }
        out.append(table(header, table, markdown)).append('\n');
        for (CompareService.Row r : rows) {
            line(out, markdown, r.name(), groupsLine(r.plan().plan()));
        }
        for (String m : compared.missing()) {
            line(out, markdown, "not compared", m);
        }
        return out.toString();
    }

    public Map<String, Object> compareTree(CompareService.Compared compared) {
        Map<String, Object> root = headerTree();
        root.put("objective", objectiveTree(compared.objective()));
        List<Object> list = new ArrayList<>();
        for (CompareService.Row r : compared.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.name());
            m.put("meetsObjective", meets(compared.objective(), r.plan().evaluation().predicted()));
            if (r.note() != null) {
                m.put("note", r.note());
            }
            m.put("solver", solverTree(r.plan().plan().solver()));
            m.put("plan", planTree(r.plan()));
            list.add(m);
        }
        root.put("plans", list);
        if (!compared.missing().isEmpty()) {
            root.put("notCompared", compared.missing());
        }
        return root;
    }

    // ---- pareto ----

    public String frontier(ParetoService.Result result) {
        double percentile = result.percentile();
        StringBuilder out = new StringBuilder();
        heading(out, "Cost vs " + Units.percentile(percentile) + " frontier of " + workflow.name() + " on "
                + platformLine(), false);
        List<String> header = List.of("point", Units.percentile(percentile), Units.costColumnHeader(unit), "invocations",
                "groups (memory, bundle)");
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < result.frontier().size(); i++) {
            Plan plan = result.frontier().get(i).plan();
            Predicted p = result.frontier().get(i).evaluation().predicted();
            rows.add(List.of(String.valueOf(i + 1), Units.ms(p.percentileMs(percentile)),
                    Units.costColumn(unit, p.meanCostUsd()), String.valueOf(invocations(plan)), groupsLine(plan)));
        }
        out.append(table(header, rows, false));
        if (result.dropped() > 0) {
            out.append(String.format(Locale.ROOT, "%d plans searched for; %d not listed: the same plan as another "
                    + "target's, or dominated by another point.%n", result.searched(), result.dropped()));
        }
        if (dev.dagfuse.model.SolverInfo.TIME_LIMIT.equals(result.stoppedBy())) {
            out.append("Some points' searches stopped at their share of the time limit (best so far).\n");
        } else if (dev.dagfuse.model.SolverInfo.WALL_CLOCK.equals(result.stoppedBy())) {
            out.append("Some points' searches were stopped by wall clock; result may depend on load.\n");
        }
        return out.toString();
    }

    public String frontierCsv(ParetoService.Result result) {
        double percentile = result.percentile();
        boolean coreSeconds = unit == CostUnit.CORE_SECONDS;
        StringBuilder out = new StringBuilder("point," + Objective.percentileKey(percentile) + "Ms,"
                + (coreSeconds ? "meanCoreSeconds" : "meanCostUsd,costPerMillionUsd") + ",groups,invocations,solverStatus\n");
        for (int i = 0; i < result.frontier().size(); i++) {
            Plan plan = result.frontier().get(i).plan();
            Predicted p = result.frontier().get(i).evaluation().predicted();
            out.append(i + 1).append(',').append(String.format(Locale.ROOT, "%.3f", p.percentileMs(percentile)))
                    .append(',').append(String.format(Locale.ROOT, "%.10g", p.meanCostUsd()));
            if (!coreSeconds) {
                out.append(',').append(String.format(Locale.ROOT, "%.6f", p.costPerMillionUsd()));
            }
            out.append(",\"").append(groupsLine(plan)).append("\",").append(invocations(plan))
                    .append(',').append(plan.solver().status()).append('\n');
        }
        return out.toString();
    }

    public Map<String, Object> frontierTree(ParetoService.Result result) {
        Map<String, Object> root = headerTree();
        root.put("percentile", result.percentile());
        List<Object> points = new ArrayList<>();
        for (int i = 0; i < result.frontier().size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("point", i + 1);
            m.put("solver", solverTree(result.frontier().get(i).plan().solver()));
            m.put("plan", planTree(result.frontier().get(i)));
            points.add(m);
        }
        root.put("points", points);
        return root;
    }

    // ---- pieces ----

    private void heading(StringBuilder out, String title, boolean markdown) {
        String model = modelledLine(options, rate(), options.patternFor(workflow));
        if (markdown) {
            out.append("## ").append(title).append("\n\n").append(model).append("\n\n");
        } else {
            out.append(title).append('\n').append(model).append("\n\n");
        }
    }

    /**
     * "Modelled, not measured: Monte Carlo over 10,000 requests, seed 42 (docs/model.md).", with the arrival rate when
     * the cold starts were drawn for one.
     */
    static String modelledLine(ModelOptions options, double ratePerSecond, List<Double> pattern) {
        String arrivals = pattern != null && ratePerSecond > 0 ? ", requests arriving by the workflow's "
                + dev.dagfuse.model.Load.hourly(pattern).text() + " (Poisson within each hour; cold starts from each "
                + "hour's rate; the latency of the binding hour, the cost of the day)"
                : ratePerSecond > 0 ? ", requests arriving at " + Units.rate(ratePerSecond)
                + " (Poisson; cold starts from the rate)" : "";
        return "Modelled, not measured: Monte Carlo over " + Units.count(options.samples()) + " requests, seed "
                + options.seed() + arrivals + " (docs/model.md).";
    }

    /** The arrival rate the model drew cold starts for (the options', else the workflow's), 0: none or no effect. */
    private double rate() {
        // only where a rate gives cold starts (a platform that keeps idle environments)
        return workflow.platform().idleKeepAliveMs().isPresent() ? options.rateFor(workflow) : 0;
    }

    private static void line(StringBuilder out, boolean markdown, String key, String value) {
        out.append(markdown ? "**" + key + ":** " : key + ": ").append(value).append(markdown ? "  \n" : "\n");
    }

    /** A plan or evaluation table: names left, numbers right, the last column left. */
    static String table(List<String> header, List<List<String>> rows, boolean markdown) {
        TextTable table = TextTable.namesLeft(1, header.size());
        return markdown ? table.markdown(header, rows) : table.render(header, rows);
    }

    /** As {@link #groupsLine}, with each group's Map form and architecture where the plan sets them. */
    public static String deployedGroupsLine(Plan plan) {
        List<String> parts = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            parts.add(g.id() + "@" + g.memoryMB() + (g.fanOut() > 1 ? " ×" + g.bundleSize() + "/" + g.fanOut() : "")
                    + (g.map() == null ? "" : " " + g.map().yamlName())
                    + (g.architecture() == null ? "" : " " + g.architecture().yamlName()));
        }
        return String.join(" | ", parts);
    }

    static String groupsLine(Plan plan) {
        List<String> parts = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            parts.add(g.id() + "@" + g.memoryMB() + (g.fanOut() > 1 ? " ×" + g.bundleSize() + "/" + g.fanOut() : ""));
        }
        return String.join(" | ", parts);
    }

    /** What every tree starts with: the workflow, its platform and how the model drew. */
    private Map<String, Object> headerTree() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workflow", workflow.name());
        root.put("platform", platformLine());
        root.put("model", Trees.model(options, unit, rate()));
        return root;
    }

    private static Map<String, Object> objectiveTree(Objective o) {
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

    private static Map<String, Object> solverTree(SolverInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("status", s.status());
        m.put("wallMs", s.wallMs());
        m.put("iterations", s.iterations());
        m.put("gap", Double.isNaN(s.gap()) ? null : s.gap());
        return m;
    }

    private Map<String, Object> planTree(EvaluatedPlan evaluated) {
        Plan plan = evaluated.plan();
        Evaluation evaluation = evaluated.evaluation();
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> groups = new ArrayList<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            groups.add(Trees.groupRow(plan.groups().get(g), evaluation.groups().get(g), unit, rate()));
        }
        root.put("groups", groups);
        root.put("predicted", Trees.numbers(evaluation.predicted().latencyMs(), evaluation.predicted().meanCostUsd(), unit));
        if (evaluation.hours() != null) {
            root.put("hours", Provisioning.hoursTree(evaluation));
        }
        root.put("warnings", evaluation.warnings());
        return root;
    }

    private static List<Double> percentiles(Evaluation e) {
        return new ArrayList<>(e.predicted().latencyMs().keySet());
    }

    private static int invocations(Plan plan) {
        return plan.groups().stream().mapToInt(PlanGroup::invocations).sum();
    }

    private String describe(Objective o) {
        if (o instanceof Objective.Latency l) {
            return Units.percentile(l.percentile()) + " ≤ " + Units.ms(l.targetMs()) + " at minimum cost";
        }
        Objective.Budget b = (Objective.Budget) o;
        return "minimum " + Units.percentile(b.percentile()) + " within "
                + Units.costPerRequestWithUnit(unit, b.budgetUsd()) + " per request";
    }

    private static boolean meets(Objective o, Predicted p) {
        if (o instanceof Objective.Latency l) {
            return p.percentileMs(l.percentile()) <= l.targetMs();
        }
        return p.meanCostUsd() <= ((Objective.Budget) o).budgetUsd();
    }

    private String objectiveOutcome(Objective o, Predicted p) {
        String verdict = meets(o, p) ? "met" : "NOT met";
        if (o instanceof Objective.Latency l) {
            return Units.percentile(l.percentile()) + " ≤ " + Units.ms(l.targetMs()) + ": " + verdict + " ("
                    + Units.ms(p.percentileMs(l.percentile())) + ")";
        }
        Objective.Budget b = (Objective.Budget) o;
        return "mean cost ≤ " + Units.costPerRequestWithUnit(unit, b.budgetUsd()) + ": " + verdict + " ("
                + Units.costPerRequestWithUnit(unit, p.meanCostUsd()) + "), " + Units.percentile(b.percentile()) + " "
                + Units.ms(p.percentileMs(b.percentile()));
    }

    private static String solverLine(SolverInfo s) {
        StringBuilder b = new StringBuilder(s.name()).append(", ").append(s.status());
        if (s.iterations() > 0) {
            b.append(", ").append(s.iterations()).append(s.iterations() == 1 ? " round" : " rounds");
        }
        b.append(", ").append(Units.ms(s.wallMs()));
        if (!Double.isNaN(s.gap())) {
            // the solver's bound is over the candidates it searched (a coarse memory grid first), not over every plan:
            // exhaustive search over the full grid has found plans cheaper than a 0.0001% gap suggests
            b.append(", gap ").append(Units.gap(s.gap())).append(" within the candidates searched");
        }
        if (dev.dagfuse.model.SolverInfo.TIME_LIMIT.equals(s.stoppedBy())) {
            // the work allowance derived from --time-limit: the same limit and seed give the same plan
            b.append("; stopped at the time limit (best so far)");
        } else if (dev.dagfuse.model.SolverInfo.WALL_CLOCK.equals(s.stoppedBy())) {
            b.append("; stopped by wall clock; result may depend on load");
        }
        if (s.searchSamples() > 0) {
            b.append("; searched with ").append(String.format(java.util.Locale.ROOT, "%,d", s.searchSamples()))
                    .append(" requests per candidate");
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
