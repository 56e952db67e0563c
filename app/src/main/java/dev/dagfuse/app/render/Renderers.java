// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.render;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.ClusterPlanService;
import dev.dagfuse.app.ClusterRunService;
import dev.dagfuse.app.CompareService;
import dev.dagfuse.app.EvaluateService;
import dev.dagfuse.app.ParetoService;
import dev.dagfuse.app.PlanService;
import dev.dagfuse.app.ReportData;
import dev.dagfuse.app.internal.render.CheckRenderers;
import dev.dagfuse.app.internal.render.ClusterRunText;
import dev.dagfuse.app.internal.render.ClusterText;
import dev.dagfuse.app.internal.render.EvaluationText;
import dev.dagfuse.app.internal.render.GraphText;
import dev.dagfuse.app.internal.render.PlanText;
import dev.dagfuse.app.internal.render.ProfileText;
import dev.dagfuse.app.internal.render.RunText;
import dev.dagfuse.app.internal.render.html.HtmlReport;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.executor.RunReport;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.profiler.ProfileRun;

import java.util.Map;

/**
 * The renderer of each result in each of its formats; asking for a format a result does not have is an
 * {@link IllegalArgumentException}. Every number is formatted in its unit: USD, or core-seconds on a platform without
 * money.
 */
public final class Renderers {

    private Renderers() {
    }

    /** A plan (or the nearest one) next to the as-deployed plan: TEXT, MARKDOWN, JSON, YAML. Empty without a plan. */
    public static Renderer<PlanService.Result> plan(Format format) {
        return switch (format) {
            case TEXT -> r -> new PlanText(r.context()).plan(r, false);
            case MARKDOWN -> r -> new PlanText(r.context()).plan(r, true);
            case JSON -> r -> json(new PlanText(r.context()).planTree(r));
            case YAML -> r -> yaml(new PlanText(r.context()).planTree(r));
            default -> throw unsupported("a plan", format);
        };
    }

    /** A plan's evaluation per group and in total: TEXT, MARKDOWN, JSON, YAML. */
    public static Renderer<EvaluateService.Result> evaluation(Format format) {
        return switch (format) {
            case TEXT -> r -> new EvaluationText(r).text(false);
            case MARKDOWN -> r -> new EvaluationText(r).text(true);
            case JSON -> r -> ModelFiles.toJson(new EvaluationText(r).tree());
            case YAML -> r -> ModelFiles.toYaml(new EvaluationText(r).tree());
            default -> throw unsupported("an evaluation", format);
        };
    }

    /** The compared plans side by side: TEXT, MARKDOWN, JSON, YAML. */
    public static Renderer<CompareService.Compared> comparison(Format format) {
        return switch (format) {
            case TEXT -> r -> new PlanText(r.context()).compare(r, false);
            case MARKDOWN -> r -> new PlanText(r.context()).compare(r, true);
            case JSON -> r -> ModelFiles.toJson(new PlanText(r.context()).compareTree(r));
            case YAML -> r -> ModelFiles.toYaml(new PlanText(r.context()).compareTree(r));
            default -> throw unsupported("a comparison", format);
        };
    }

    /** The cost vs latency frontier: TEXT, JSON, CSV. */
    public static Renderer<ParetoService.Result> frontier(Format format) {
        return switch (format) {
            case TEXT -> r -> new PlanText(r.context()).frontier(r);
            case JSON -> r -> ModelFiles.toJson(new PlanText(r.context()).frontierTree(r));
            case CSV -> r -> new PlanText(r.context()).frontierCsv(r);
            default -> throw unsupported("a frontier", format);
        };
    }

    /** A check against its baseline: TEXT, MARKDOWN (a pull-request comment), JSON, JUNIT (each check a test case). */
    public static Renderer<CheckResult> check(Format format) {
        return switch (format) {
            case TEXT, MARKDOWN, JSON, JUNIT -> r -> CheckRenderers.render(format, r);
            default -> throw unsupported("a check", format);
        };
    }

    /** "wrote FILE: plan of 3 groups (…), P50 …, $231.09 per 1M requests": a baseline written, in its cost unit. */
    public static Renderer<CheckService.Written> baselineWritten() {
        return CheckRenderers::written;
    }

    /** The plan report: one self-contained HTML page. */
    public static Renderer<ReportData> report() {
        return HtmlReport::render;
    }

    /** A workflow and a plan's groups: DOT, MERMAID. */
    public static Renderer<GraphView> graph(Format format) {
        return switch (format) {
            case DOT -> GraphText::dot;
            case MERMAID -> GraphText::mermaid;
            default -> throw unsupported("a graph", format);
        };
    }

    /** A profile per function and size, measured and modelled (TEXT). */
    public static Renderer<ProfileView> profile() {
        return ProfileText::render;
    }

    /** What a profiling run measured, per function and size, and its notes (TEXT). */
    public static Renderer<ProfileRun> profileRun() {
        return ProfileText::summary;
    }

    /** A local run, measured next to predicted: TEXT, JSON (a line at the end). */
    public static Renderer<RunReport> run(Format format) {
        return switch (format) {
            case TEXT -> RunText::render;
            case JSON -> r -> ModelFiles.toJson(r) + System.lineSeparator();
            default -> throw unsupported("a run", format);
        };
    }

    /** A cluster plan: each workflow's pools, its fair share, and who misses its target: TEXT, JSON. */
    public static Renderer<ClusterPlanService.Result> clusterPlan(Format format) {
        return switch (format) {
            case TEXT -> ClusterText::text;
            case JSON -> r -> ModelFiles.toJson(ClusterText.tree(r));
            default -> throw unsupported("a cluster plan", format);
        };
    }

    /** A cluster run, measured next to predicted per workflow and per pool: TEXT, JSON. */
    public static Renderer<ClusterRunService.Result> clusterRun(Format format) {
        return switch (format) {
            case TEXT -> ClusterRunText::text;
            case JSON -> r -> ModelFiles.toJson(ClusterRunText.tree(r));
            default -> throw unsupported("a cluster run", format);
        };
    }

    private static String json(Map<String, Object> tree) {
        return tree == null ? "" : ModelFiles.toJson(tree);
    }

    private static String yaml(Map<String, Object> tree) {
        return tree == null ? "" : ModelFiles.toYaml(tree);
    }

    private static IllegalArgumentException unsupported(String what, Format format) {
        return new IllegalArgumentException("The format (" + format.id() + ") is not one of " + what + "'s.");
    }
}
