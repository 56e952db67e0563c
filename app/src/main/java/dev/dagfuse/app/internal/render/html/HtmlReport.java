// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import dev.dagfuse.app.ReportData;
import dev.dagfuse.app.internal.render.PlanText;
import dev.dagfuse.app.internal.render.Units;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.dagfuse.app.internal.render.html.Svg.esc;

/**
 * The plan report: one self-contained HTML file. Inline CSS and SVG only, plus a short inline script that records
 * any error into the page (so that a headless browser's DOM dump shows it); a Content-Security-Policy forbids every
 * network request.
 */
public final class HtmlReport {

    /** The inline script: counts errors, console errors and blocked requests into attributes of the root element. */
    static final String ERROR_RECORDER = """
            (function () {
              var errors = [];
              var root = document.documentElement;
              function record(message) {
                errors.push(String(message));
                root.setAttribute('data-errors', String(errors.length));
                var box = document.getElementById('report-errors');
                if (box) { box.textContent = errors.join('\\n'); box.hidden = false; }
              }
              root.setAttribute('data-errors', '0');
              window.addEventListener('error', function (e) {
                record(e.message || ('failed to load: ' + (e.target && (e.target.src || e.target.href))));
              }, true);
              window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
              document.addEventListener('securitypolicyviolation', function (e) { record('blocked: ' + e.blockedURI); });
              var consoleError = console.error;
              console.error = function () {
                record(Array.prototype.join.call(arguments, ' '));
                return consoleError.apply(console, arguments);
              };
              window.addEventListener('load', function () {
                root.setAttribute('data-svg-count', String(document.querySelectorAll('svg').length));
                root.setAttribute('data-loaded', 'true');
              });
            })();
            """;

    private static final String CSS = """
            :root { color-scheme: light; }
            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1d2330;
                   margin: 0; background: #f6f7f9; }
            main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 40px; }
            h1 { font-size: 24px; margin: 0 0 4px; }
            h2 { font-size: 17px; margin: 0 0 10px; }
            .sub { color: #5b6475; margin: 0 0 16px; }
            section { background: #fff; border: 1px solid #e1e4ea; border-radius: 10px; padding: 16px 18px; margin: 16px 0; }
            .cards { display: flex; gap: 14px; flex-wrap: wrap; }
            .card { background: #fff; border: 1px solid #e1e4ea; border-radius: 10px; padding: 12px 16px; min-width: 200px; }
            .card .k { color: #5b6475; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
            .card .v { font-size: 22px; font-weight: 600; }
            .card .d { color: #5b6475; }
            .better { color: #1e7a3c; } .worse { color: #b03a2e; }
            .row { display: flex; gap: 16px; flex-wrap: wrap; }
            .row section { flex: 1 1 520px; margin: 0; min-width: 0; }
            svg.chart:not(.dag) { width: 100%; height: auto; max-width: 720px; display: block; }
            svg.dag { max-width: 100%; height: auto; display: block; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; width: 100%; }
            th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #eceef2; vertical-align: top; }
            th { font-weight: 600; color: #3b4455; background: #fafbfc; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            .swatch { display: inline-block; width: 11px; height: 11px; border-radius: 3px; margin-right: 6px;
                      vertical-align: -1px; border: 1px solid rgba(0,0,0,.25); }
            .note { color: #5b6475; font-size: 13px; margin: 8px 0 0; }
            svg text { font-family: inherit; font-size: 12px; fill: #1d2330; }
            svg .tick, svg .axis-note, svg .edge-label, svg .cluster-footer, svg .node-sub { fill: #5b6475; font-size: 11px; }
            svg .cluster-label { font-weight: 600; font-size: 12px; }
            svg .node-label { font-weight: 600; }
            svg .grid { stroke: #edf0f4; } svg .axis { stroke: #6b7383; }
            svg .axis-label { fill: #3b4455; font-size: 12px; }
            svg .node:hover rect:last-of-type { stroke-width: 2.5; }
            #report-errors { color: #b03a2e; white-space: pre-wrap; }
            dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
            dt { color: #5b6475; } dd { margin: 0; }
            """;

    private HtmlReport() {
    }

    public static String render(ReportData data) {
        StringBuilder html = new StringBuilder(64 * 1024);
        String name = data.workflow().name();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                + "script-src 'unsafe-inline'; img-src data:\">\n");
        html.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.append("<title>dagfuse report: ").append(esc(name)).append("</title>\n");
        html.append("<script>\n").append(ERROR_RECORDER).append("</script>\n");
        html.append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        html.append("<h1>").append(esc(name)).append("</h1>\n<p class=\"sub\">");
        if (!data.workflow().description().isBlank()) {
            html.append(esc(data.workflow().description())).append(" · ");
        }
        html.append(esc(objectiveText(data.objective()))).append(" · planned by ").append(esc(solver(data.plan())))
                .append(" · ").append(esc(data.generatedBy())).append("</p>\n");
        cards(html, data);
        html.append("<section id=\"dag-section\"><h2>The DAG and the plan</h2>\n<div class=\"scroll\">\n")
                .append(DagSvg.render(data.workflow(), data.plan())).append("</div>\n<p class=\"note\">Columns are the "
                        + "longest path from an entry. Each box around functions is one group of the plan (one Lambda "
                        + "function: a fused chain runs back to back in one invocation); a stack is a fan-out; a dashed "
                        + "frame is a bundle (several branches in one invocation).</p></section>\n");
        html.append("<div class=\"row\">\n<section id=\"cdf-section\"><h2>Predicted request latency</h2>\n")
                .append(Charts.cdf(data)).append("<p class=\"note\">The distribution of request latency over the model's "
                        + "draws, the plan next to the as-deployed workflow (no fusion, no bundling, each function at its "
                        + "memoryMB).</p></section>\n");
        html.append("<section id=\"frontier-section\"><h2>Cost vs latency</h2>\n").append(Charts.frontier(data))
                .append("<p class=\"note\">").append(esc(data.frontierNote())).append("</p></section>\n</div>\n");
        groups(html, data);
        waterfall(html, data);
        html.append("<section id=\"assumptions\"><h2>The model's assumptions</h2>\n<ul>\n");
        for (String a : data.assumptions()) {
            html.append("<li>").append(esc(a)).append("</li>\n");
        }
        html.append("</ul></section>\n");
        profile(html, data.profile());
        html.append("<p class=\"note\">All numbers are the model's predictions from the profile, not measurements.</p>\n");
        html.append("<pre id=\"report-errors\" hidden></pre>\n</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String objectiveText(Objective objective) {
        if (objective instanceof Objective.Latency l) {
            return "objective: minimum cost with " + Units.percentile(l.percentile()) + " ≤ "
                    + Units.ms(l.targetMs());
        }
        if (objective instanceof Objective.Budget b) {
            return "objective: minimum " + Units.percentile(b.percentile()) + " within "
                    + Units.usd(b.budgetUsd() * 1e6) + " per 1M requests";
        }
        return "no objective";
    }

    private static String solver(Plan plan) {
        if (plan.solver() == null) {
            return "unknown";
        }
        return plan.solver().name() + (plan.solver().status() == null ? "" : " (" + plan.solver().status() + ")");
    }

    private static void cards(StringBuilder html, ReportData data) {
        double percentile = data.objective() == null ? 95 : data.objective().percentile();
        String pName = Units.percentile(percentile);
        Double planP = data.plan().predicted().latencyMs().get(percentile);
        Double deployedP = data.asDeployed().predicted().latencyMs().get(percentile);
        double planCost = data.plan().predicted().costPerMillionUsd();
        double deployedCost = data.asDeployed().predicted().costPerMillionUsd();
        html.append("<div class=\"cards\">\n");
        card(html, pName + " latency", planP == null ? "–" : Units.msOrNone(planP),
                deployedP == null || planP == null ? "" : "as deployed " + Units.msOrNone(deployedP) + " ("
                        + change(planP, deployedP) + ")", planP != null && deployedP != null && planP <= deployedP);
        card(html, "cost per 1M requests", Units.usd(planCost), "as deployed " + Units.usd(deployedCost) + " ("
                + change(planCost, deployedCost) + ")", planCost <= deployedCost);
        int invocations = data.plan().groups().stream().mapToInt(g -> g.invocations()).sum();
        int deployedInvocations = data.asDeployed().groups().stream().mapToInt(g -> g.invocations()).sum();
        card(html, "groups · invocations per request", data.plan().groups().size() + " · " + invocations,
                "as deployed " + data.asDeployed().groups().size() + " · " + deployedInvocations, invocations
                        <= deployedInvocations);
        if (data.objective() instanceof Objective.Latency l && planP != null) {
            boolean met = planP <= l.targetMs() + 1e-9;
            card(html, "target", pName + " ≤ " + Units.msOrNone(l.targetMs()), met ? "met" : "not met", met);
        }
        html.append("</div>\n");
    }

    private static String change(double now, double before) {
        return before == 0 ? "n/a" : Units.change((now - before) / before);
    }

    private static void card(StringBuilder html, String key, String value, String detail, boolean good) {
        html.append("<div class=\"card\"><div class=\"k\">").append(esc(key)).append("</div><div class=\"v\">")
                .append(esc(value)).append("</div><div class=\"d ").append(good ? "better" : "worse").append("\">")
                .append(esc(detail)).append("</div></div>\n");
    }

    private static void groups(StringBuilder html, ReportData data) {
        Set<Double> percentiles = new TreeSet<>();
        data.groups().forEach(g -> percentiles.addAll(g.latencyMs().keySet()));
        double total = data.groups().stream().mapToDouble(ReportData.GroupRow::meanCostUsd).sum();
        html.append("<section id=\"groups\"><h2>Groups</h2>\n<div class=\"scroll\"><table id=\"group-table\">\n<thead><tr>"
                + "<th>group</th><th>functions</th><th class=\"num\">memory</th><th class=\"num\">fan-out</th>"
                + "<th class=\"num\">bundle</th><th class=\"num\">invocations</th>");
        boolean provisioned = data.groups().stream().anyMatch(g -> g.provisioned() != null || g.snapStart());
        if (provisioned) {
            html.append("<th class=\"num\">start</th><th class=\"num\">spill</th><th class=\"num\">P(cold)</th>"
                    + "<th class=\"num\">keep per 1M</th>");
        }
        for (double p : percentiles) {
            html.append("<th class=\"num\">").append(Units.percentile(p)).append("</th>");
        }
        html.append("<th class=\"num\">cost per 1M</th><th class=\"num\">share</th></tr></thead>\n<tbody>\n");
        int index = 0;
        for (ReportData.GroupRow g : data.groups()) {
            html.append("<tr data-group=\"").append(esc(g.id())).append("\"><td><span class=\"swatch\" style=\"background:")
                    .append(DagSvg.PALETTE[index % DagSvg.PALETTE.length]).append("\"></span>").append(esc(g.id()))
                    .append("</td><td>").append(esc(String.join(" → ", g.functions()))).append("</td><td class=\"num\">")
                    .append(g.memoryMB()).append(" MB</td><td class=\"num\">").append(g.fanOut())
                    .append("</td><td class=\"num\">").append(g.bundleSize()).append("</td><td class=\"num\">")
                    .append(g.invocations()).append("</td>");
            if (provisioned) {
                var pc = g.provisioned();
                html.append("<td class=\"num\">").append(pc == null ? (g.snapStart() ? "SnapStart" : "on demand")
                                : pc.environments() + " provisioned")
                        .append("</td><td class=\"num\">").append(pc == null ? "–" : esc(Units.probability(pc.spill())))
                        .append("</td><td class=\"num\">").append(esc(Units.probability(g.coldStartProbability())))
                        .append("</td><td class=\"num\">").append(pc == null ? "–" : esc(Units.usd(pc.keepCostUsd() * 1e6)))
                        .append("</td>");
            }
            for (double p : percentiles) {
                Double v = g.latencyMs().get(p);
                html.append("<td class=\"num\">").append(v == null ? "–" : esc(Units.msOrNone(v))).append("</td>");
            }
            html.append("<td class=\"num\">").append(esc(Units.usd(g.meanCostUsd() * 1e6))).append("</td><td class=\"num\">")
                    .append(Units.share(g.meanCostUsd(), total, Units.NONE))
                    .append("</td></tr>\n");
            index++;
        }
        html.append("</tbody></table></div>\n<p class=\"note\">A group's latency is its own, from its first input to its "
                + "last invocation's end; the request's cost also includes orchestration (")
                .append(esc(Units.usd(data.plan().predicted().costPerMillionUsd() - total * 1e6)))
                .append(" per 1M requests).</p></section>\n");
    }

    /** Where the change against the as-deployed plan comes from, move by move, and the second baseline. */
    private static void waterfall(StringBuilder html, ReportData data) {
        if (data.waterfall().isEmpty()) {
            return;
        }
        double percentile = data.objective() == null ? 95 : data.objective().percentile();
        html.append("<section id=\"waterfall\"><h2>Where the change comes from</h2>\n<div class=\"scroll\">"
                + "<table id=\"waterfall-table\">\n<thead><tr><th>move</th><th class=\"num\">")
                .append(Units.percentile(percentile)).append("</th><th class=\"num\">change</th>"
                        + "<th class=\"num\">cost per 1M</th><th class=\"num\">change</th><th>groups</th></tr></thead>\n<tbody>\n");
        Plan previous = null;
        for (ReportData.Move m : data.waterfall()) {
            waterfallRow(html, m.move(), m.plan(), previous, percentile);
            previous = m.plan();
        }
        if (data.asDeployedOtherOrchestration() != null) {
            waterfallRow(html, "as deployed, " + data.asDeployedOtherOrchestration().orchestration().yamlName()
                    + " (second baseline)", data.asDeployedOtherOrchestration(), data.asDeployed(), percentile);
        }
        html.append("</tbody></table></div>\n<p class=\"note\">Each move is applied on top of the ones above it and "
                + "the change is against the row above: the orchestration (the plan's workflow type), fusion (the plan's "
                + "groups, one branch per invocation, at their functions' largest declared memory), bundling and Map "
                + "forms, sizing, then architecture (the plan itself).");
        if (data.asDeployedOtherOrchestration() != null) {
            html.append(" The last row is the as-deployed workflow under the other orchestration, against the "
                    + "as-deployed one: what changing the workflow type alone saves, with no fusion.");
        }
        html.append("</p></section>\n");
    }

    private static void waterfallRow(StringBuilder html, String move, Plan plan, Plan before, double percentile) {
        Double latency = plan.predicted().latencyMs().get(percentile);
        Double beforeLatency = before == null ? null : before.predicted().latencyMs().get(percentile);
        double cost = plan.predicted().costPerMillionUsd();
        html.append("<tr><td>").append(esc(move)).append("</td><td class=\"num\">")
                .append(latency == null ? "–" : Units.msOrNone(latency)).append("</td><td class=\"num\">")
                .append(latency == null || beforeLatency == null ? "" : change(latency, beforeLatency))
                .append("</td><td class=\"num\">").append(Units.usd(cost)).append("</td><td class=\"num\">")
                .append(before == null ? "" : change(cost, before.predicted().costPerMillionUsd()))
                .append("</td><td>").append(esc(PlanText.deployedGroupsLine(plan))).append("</td></tr>\n");
    }

    private static void profile(StringBuilder html, ReportData.ProfileInfo profile) {
        html.append("<section id=\"profile\"><h2>The profile</h2>\n<dl>\n<dt>source</dt><dd>").append(esc(profile.source()))
                .append("</dd>\n<dt>file</dt><dd>").append(esc(profile.file())).append("</dd>\n");
        for (Map.Entry<String, String> e : profile.machine().entrySet()) {
            html.append("<dt>").append(esc(e.getKey())).append("</dt><dd>").append(esc(e.getValue())).append("</dd>\n");
        }
        html.append("</dl>\n");
        if (!profile.functions().isEmpty()) {
            html.append("<table id=\"profile-table\"><thead><tr><th>function</th><th>measured</th></tr></thead><tbody>\n");
            profile.functions().forEach((f, summary) -> html.append("<tr><td>").append(esc(f)).append("</td><td>")
                    .append(esc(summary)).append("</td></tr>\n"));
            html.append("</tbody></table>\n");
        }
        html.append("</section>\n");
    }
}
