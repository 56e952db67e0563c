// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.Draws;
import dev.dagfuse.app.EvaluatedPlan;
import dev.dagfuse.app.ReportData;
import dev.dagfuse.app.ReportService;
import dev.dagfuse.app.internal.render.Units;
import dev.dagfuse.check.ModelVersion;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The report's data from a workflow, its profile and a plan (given, or planned for the objective). */
public final class Reporting implements ReportService {

    /** Points of the CDF curves kept in the page (the draws are thinned evenly in probability). */
    static final int CDF_POINTS = 400;

    @Override
    public Result report(Request request) {
        Inputs.Loaded in = Inputs.loadForModel(request.workflowFile(), request.profileFile());
        Workflow workflow = in.workflow();
        Objective objective = workflow.objective();
        // a plan file's numbers are shown as drawn: with the samples and seed it records
        Plan given = request.planFile() == null ? null : ModelFiles.readPlan(request.planFile(), workflow);
        ModelOptions options = Session.drawn(Draws.RECORDED_OR_DEFAULT, given);
        if (objective != null) {
            options = options.withPercentile(objective.percentile());
        }
        Session session = new Session(in, options);
        PlanEvaluator evaluator = session.evaluator();
        PlanChoice choice = PlanChoice.choose(session, given, request.planFile(), objective, request.search(),
                request.workflowFile(), "There is nothing to plan for: the workflow has no objective. Add objective: "
                        + "latency: {percentile: 95, target: 3s}, or give the plan to show with --plan.");
        List<String> planNotes = new ArrayList<>();
        if (choice instanceof PlanChoice.None none) {
            return new NoPlan(none.outOfTime() ? none.reason() : "No plan exists: " + none.reason(), none.outOfTime());
        }
        if (choice instanceof PlanChoice.Given) {
            planNotes.add("The plan is " + request.planFile() + ".");
        } else if (choice instanceof PlanChoice.Nearest nearest) {
            planNotes.add("The objective cannot be met (" + nearest.reason() + "); the plan shown is the nearest.");
        }
        Evaluation evaluation = choice.plan().evaluation();
        Plan plan = choice.plan().plan().withPredicted(evaluation.predicted());
        EvaluatedPlan asDeployed = session.asDeployed(objective);
        Plan deployed = asDeployed.plan().withPredicted(asDeployed.evaluation().predicted());
        EvaluatedPlan otherEvaluated = session.asDeployedOtherOrchestration(objective);
        Plan other = otherEvaluated == null ? null
                : otherEvaluated.plan().withPredicted(otherEvaluated.evaluation().predicted());
        List<ReportData.Move> waterfall = session.waterfall(plan).stream()
                .map(m -> new ReportData.Move(m.move(), m.plan().plan())).toList();
        List<ReportData.GroupRow> rows = new ArrayList<>();
        Map<String, Evaluation.GroupEvaluation> byId = new LinkedHashMap<>();
        evaluation.groups().forEach(g -> byId.put(g.groupId(), g));
        for (PlanGroup g : plan.groups()) {
            Evaluation.GroupEvaluation e = byId.get(g.id());
            rows.add(new ReportData.GroupRow(g.id(), g.functions(), g.memoryMB(), g.fanOut(), g.bundleSize(),
                    g.invocations(), e == null ? Map.of() : e.latencyMs(), e == null ? Double.NaN : e.meanCostUsd(),
                    e == null ? Double.NaN : e.coldStartProbability(), e == null ? null : e.provisioned(),
                    g.snapStart()));
        }
        List<String> assumptions = new ArrayList<>(planNotes);
        assumptions.addAll(assumptions(workflow.platform(), options.withRate(options.rateFor(workflow))));
        assumptions.addAll(evaluation.warnings().stream().map(w -> "Warning: " + w).toList());
        List<ReportData.FrontierPoint> frontier = new ArrayList<>();
        String frontierNote;
        double percentile = objective == null ? 95 : objective.percentile();
        if (request.frontierPoints() >= 2) {
            Planner planner = PlanChoice.planner(request.search().solver());
            // the sweep sets its own targets; the request carries the percentile and the search options
            PlanRequest base = PlanRequest.of(objective != null ? objective : new Objective.Latency(percentile, 1e15))
                    .withTimeLimit(request.search().timeLimit());
            long start = System.nanoTime();
            List<ReportData.FrontierPoint> swept = new ArrayList<>();
            List<PlanResult.Planned> sweep;
            try {
                sweep = Planners.pareto(planner, workflow, evaluator, base, request.frontierPoints());
            } catch (IllegalArgumentException e) {
                // the request cannot be searched, e.g. too large for the exhaustive planner
                throw new InputException(request.workflowFile().toString(), "", e.getMessage());
            }
            for (PlanResult.Planned p : sweep) {
                swept.add(new ReportData.FrontierPoint(p.evaluation().predicted().percentileMs(percentile),
                        p.evaluation().predicted().costPerMillionUsd(), label(p.plan())));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // the chosen plan is a point of the same model on the same draws: it belongs to the frontier unless dominated
            Double chosenLatency = plan.predicted().latencyMs().get(percentile);
            if (chosenLatency != null) {
                swept.add(new ReportData.FrontierPoint(chosenLatency, plan.predicted().costPerMillionUsd(),
                        "the chosen plan: " + label(plan)));
            }
            frontier.addAll(nonDominated(swept));
            frontierNote = String.format(Locale.ROOT, "The frontier: the plans that %s found cheapest for %s targets "
                    + "evenly between its fastest and its cheapest plan, with the chosen plan, dominated ones dropped "
                    + "(%d plans, %.1f s to compute). The staircase is the cheapest known cost for each target.",
                    planner.name(), Units.percentile(percentile), frontier.size(), seconds);
        } else {
            frontierNote = "The frontier was not computed (--points 0): the chart shows the chosen plan and the "
                    + "as-deployed workflow only.";
        }
        return new ReportData(workflow, plan, deployed, objective,
                ReportData.Cdf.ofDraws(evaluator.latencyDraws(plan), CDF_POINTS),
                ReportData.Cdf.ofDraws(evaluator.latencyDraws(deployed), CDF_POINTS), frontier, frontierNote, rows,
                assumptions, profileInfo(in.profile(), in.profileFile()), request.generatedBy(), other, waterfall);
    }

    /** The points no other point beats on both latency and cost (ties: the first kept), fastest first. */
    static List<ReportData.FrontierPoint> nonDominated(List<ReportData.FrontierPoint> points) {
        List<ReportData.FrontierPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(ReportData.FrontierPoint::latencyMs)
                .thenComparingDouble(ReportData.FrontierPoint::costPerMillionUsd));
        List<ReportData.FrontierPoint> out = new ArrayList<>();
        double cheapest = Double.POSITIVE_INFINITY;
        for (ReportData.FrontierPoint p : sorted) {
            if (p.costPerMillionUsd() < cheapest) {
                out.add(p);
                cheapest = p.costPerMillionUsd();
            }
        }
        return out;
    }

    /** "split 1024 MB · extract+classify 2048 MB ×8/4 · merge 512 MB" (bundle size after the slash). */
    static String label(Plan plan) {
        return String.join(" · ", plan.groups().stream().map(g -> g.id() + " " + g.memoryMB() + " MB"
                + (g.fanOut() > 1 ? " ×" + g.fanOut() + (g.bundleSize() > 1 ? "/" + g.bundleSize() : "") : "")).toList());
    }

    /** The model's assumptions, with the values in use (docs/model.md has the sources). */
    static List<String> assumptions(Platform platform, ModelOptions options) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "Monte Carlo over %,d requests, seed %d (model %s): percentiles are taken "
                + "over these draws, and the plan and the as-deployed workflow are evaluated on the same draws (common "
                + "random numbers). All numbers are predictions, not measurements. Details: docs/model.md.",
                options.samples(), options.seed(), ModelVersion.current()));
        if (options.ratePerSecond() > 0 && platform.idleKeepAliveMs().isPresent()) {
            out.add("Requests arrive as a Poisson process at " + new dev.dagfuse.model.Load(options.ratePerSecond()).text()
                    + ": each group's cold-start probability follows from it (docs/model.md §3a).");
        }
        out.add("Latency at a memory size: the profile's samples where measured; quantiles interpolated linearly "
                + "between measured sizes; outside them, a fitted a + b / cpu(m) with cpu(m) = min(m / 1769 MB, "
                + "parallelism, 6) vCPUs. A size below 1.1 × peak memory is infeasible.");
        out.add("A fused group runs its functions back to back in one invocation at one memory size: no invoke "
                + "overhead and no transfer between them. A bundle of k branches shares cpu(m) vCPUs by processor "
                + "sharing and needs k × peak memory × 1.1 ≤ m.");
        out.addAll(platform.assumptions());
        return out;
    }

    static ReportData.ProfileInfo profileInfo(Profile profile, Path file) {
        Map<String, String> functions = new LinkedHashMap<>();
        profile.functions().forEach((name, p) -> functions.put(name, summary(p)));
        return new ReportData.ProfileInfo(file == null ? "inline profile: blocks of the workflow" : file.toString(),
                profile.source(), profile.machine(), functions);
    }

    private static String summary(FunctionProfile p) {
        String sizes = p.latencyMs().entrySet().stream()
                .map(e -> e.getKey() + " MB × " + e.getValue().size())
                .collect(Collectors.joining(", "));
        StringBuilder out = new StringBuilder("samples at " + sizes);
        if (p.peakMemoryMB() > 0) {
            out.append(String.format(Locale.ROOT, "; peak %.0f MB", p.peakMemoryMB()));
        }
        out.append("; parallelism ").append(p.parallelism());
        out.append("; output ").append(Units.bytesShort(p.outputBytes()));
        if (!p.coldStartMs().isEmpty()) {
            out.append("; ").append(p.coldStartMs().size()).append(" cold starts");
        }
        return out.toString();
    }
}
