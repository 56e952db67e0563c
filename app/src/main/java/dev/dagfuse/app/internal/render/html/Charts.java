// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import dev.dagfuse.app.ReportData;
import dev.dagfuse.app.internal.render.Units;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;

import static dev.dagfuse.app.internal.render.html.Svg.esc;
import static dev.dagfuse.app.internal.render.html.Svg.n;

/** The latency CDF and the cost vs latency frontier as SVG charts with axes, ticks and a legend. */
final class Charts {

    static final double W = 620;
    static final double H = 380;
    static final double LEFT = 72;
    static final double RIGHT = 20;
    static final double TOP = 40;
    static final double BOTTOM = 52;
    static final String PLAN = "#2f6bd0";
    static final String DEPLOYED = "#8a8a8a";
    static final String TARGET = "#c0392b";

    private Charts() {
    }

    /** Maps data to plot coordinates. */
    private record Frame(double x0, double x1, double y0, double y1) {
        double x(double v) {
            return LEFT + (v - x0) / (x1 - x0) * (W - LEFT - RIGHT);
        }

        double y(double v) {
            return H - BOTTOM - (v - y0) / (y1 - y0) * (H - TOP - BOTTOM);
        }
    }

    static String cdf(ReportData data) {
        Objective objective = data.objective();
        double percentile = objective == null ? 95 : objective.percentile();
        double p = percentile / 100;
        double target = objective instanceof Objective.Latency l ? l.targetMs() : Double.NaN;
        double xmax = Math.max(data.planCdf().quantile(0.995), data.asDeployedCdf().quantile(0.995));
        if (!Double.isNaN(target)) {
            xmax = Math.max(xmax, target * 1.1);
        }
        List<Double> ticks = Svg.ticks(0, xmax * 1.04, 6);
        Frame f = new Frame(0, ticks.get(ticks.size() - 1), 0, 1);
        StringBuilder svg = open("cdf", "Predicted request latency CDF of the plan and of the as-deployed workflow");
        axes(svg, f, ticks, Svg.ticks(0, 1, 5), Charts::msTick, v -> Math.round(v * 100) + "%", "request latency",
                "requests at or below");
        // the percentile the objective is about
        svg.append("<line class=\"percentile-line\" x1=\"").append(n(f.x(f.x0))).append("\" x2=\"").append(n(f.x(f.x1)))
                .append("\" y1=\"").append(n(f.y(p))).append("\" y2=\"").append(n(f.y(p)))
                .append("\" stroke=\"#999\" stroke-dasharray=\"2 3\"/>");
        svg.append("<text class=\"axis-note\" x=\"").append(n(f.x(f.x0) + 4)).append("\" y=\"").append(n(f.y(p) - 4))
                .append("\">").append(Units.percentile(percentile)).append("</text>\n");
        if (!Double.isNaN(target)) {
            svg.append("<g class=\"target\"><line x1=\"").append(n(f.x(target))).append("\" x2=\"").append(n(f.x(target)))
                    .append("\" y1=\"").append(n(f.y(0))).append("\" y2=\"").append(n(f.y(1)))
                    .append("\" stroke=\"").append(TARGET).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>")
                    .append("<text x=\"").append(n(f.x(target) + (f.x(target) > W * 0.7 ? -5 : 5))).append("\" y=\"")
                    .append(n(f.y(0.06))).append(f.x(target) > W * 0.7 ? "\" text-anchor=\"end" : "")
                    .append("\" fill=\"").append(TARGET).append("\">target ")
                    .append(esc(Units.percentile(percentile) + " ≤ " + Units.msOrNone(target)))
                    .append("</text></g>\n");
        }
        step(svg, f, data.asDeployedCdf(), DEPLOYED, "as-deployed");
        step(svg, f, data.planCdf(), PLAN, "plan");
        marker(svg, f, percentileOf(data.asDeployed(), percentile, data.asDeployedCdf()), p, DEPLOYED, "as deployed");
        marker(svg, f, percentileOf(data.plan(), percentile, data.planCdf()), p, PLAN, "plan");
        legend(svg, List.of(new String[] {PLAN, "plan", "line"}, new String[] {DEPLOYED, "as deployed", "line"}));
        return svg.append("</svg>\n").toString();
    }

    private static double percentileOf(Plan plan, double percentile, ReportData.Cdf cdf) {
        if (plan.predicted() != null && plan.predicted().latencyMs().containsKey(percentile)) {
            return plan.predicted().latencyMs().get(percentile);
        }
        return cdf.quantile(percentile / 100);
    }

    private static void step(StringBuilder svg, Frame f, ReportData.Cdf cdf, String color, String cls) {
        StringBuilder d = new StringBuilder();
        double prevP = 0;
        d.append('M').append(n(f.x(Math.min(cdf.latencyMs().get(0), f.x1)))).append(',').append(n(f.y(0)));
        for (int i = 0; i < cdf.latencyMs().size(); i++) {
            double x = Math.min(cdf.latencyMs().get(i), f.x1);
            d.append(" H").append(n(f.x(x))).append(" V").append(n(f.y(cdf.probability().get(i))));
            prevP = cdf.probability().get(i);
        }
        if (prevP >= 1) {
            d.append(" H").append(n(f.x(f.x1)));
        }
        svg.append("<path class=\"cdf-line ").append(cls).append("\" d=\"").append(d).append("\" fill=\"none\" stroke=\"")
                .append(color).append("\" stroke-width=\"2\"/>\n");
    }

    private static void marker(StringBuilder svg, Frame f, double x, double p, String color, String what) {
        if (x > f.x1) {
            return;
        }
        svg.append("<circle class=\"marker\" cx=\"").append(n(f.x(x))).append("\" cy=\"").append(n(f.y(p)))
                .append("\" r=\"4.5\" fill=\"").append(color).append("\"><title>").append(esc(what + ": " + Units.msOrNone(x)))
                .append("</title></circle>\n");
    }

    static String frontier(ReportData data) {
        double percentile = data.objective() == null ? 95 : data.objective().percentile();
        List<double[]> all = new ArrayList<>();
        data.frontier().forEach(pt -> all.add(new double[] {pt.latencyMs(), pt.costPerMillionUsd()}));
        double[] chosen = point(data.plan(), percentile);
        double[] deployed = point(data.asDeployed(), percentile);
        if (chosen != null) {
            all.add(chosen);
        }
        if (deployed != null) {
            all.add(deployed);
        }
        double xmax = all.stream().mapToDouble(a -> a[0]).max().orElse(1);
        double ymax = all.stream().mapToDouble(a -> a[1]).max().orElse(1);
        double target = data.objective() instanceof Objective.Latency l ? l.targetMs() : Double.NaN;
        double budget = data.objective() instanceof Objective.Budget b ? b.budgetUsd() * 1e6 : Double.NaN;
        if (!Double.isNaN(target)) {
            xmax = Math.max(xmax, target);
        }
        if (!Double.isNaN(budget)) {
            ymax = Math.max(ymax, budget);
        }
        List<Double> xt = Svg.ticks(0, xmax * 1.08, 6);
        List<Double> yt = Svg.ticks(0, ymax * 1.1, 5);
        Frame f = new Frame(0, xt.get(xt.size() - 1), 0, yt.get(yt.size() - 1));
        String pName = Units.percentile(percentile);
        StringBuilder svg = open("frontier", "Cost versus " + pName + " latency: the Pareto frontier and the chosen plan");
        axes(svg, f, xt, yt, Charts::msTick, Units::usdTick, pName + " request latency", "cost per 1M requests");
        if (!Double.isNaN(target)) {
            svg.append("<line class=\"target\" x1=\"").append(n(f.x(target))).append("\" x2=\"").append(n(f.x(target)))
                    .append("\" y1=\"").append(n(f.y(f.y0))).append("\" y2=\"").append(n(f.y(f.y1))).append("\" stroke=\"")
                    .append(TARGET).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>")
                    .append(esc("target " + pName + " ≤ " + Units.msOrNone(target))).append("</title></line>\n");
        }
        if (!Double.isNaN(budget)) {
            svg.append("<line class=\"target\" x1=\"").append(n(f.x(f.x0))).append("\" x2=\"").append(n(f.x(f.x1)))
                    .append("\" y1=\"").append(n(f.y(budget))).append("\" y2=\"").append(n(f.y(budget))).append("\" stroke=\"")
                    .append(TARGET).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"><title>")
                    .append(esc("budget " + Units.usd(budget) + " per 1M requests")).append("</title></line>\n");
        }
        List<ReportData.FrontierPoint> sorted = new ArrayList<>(data.frontier());
        sorted.sort(Comparator.comparingDouble(ReportData.FrontierPoint::latencyMs));
        if (sorted.size() > 1) {
            // a staircase: for a target between two plans' latencies, the cheapest plan known is the faster one's
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < sorted.size(); i++) {
                ReportData.FrontierPoint pt = sorted.get(i);
                if (i == 0) {
                    d.append('M').append(n(f.x(pt.latencyMs()))).append(',').append(n(f.y(pt.costPerMillionUsd())));
                } else {
                    d.append(" H").append(n(f.x(pt.latencyMs()))).append(" V").append(n(f.y(pt.costPerMillionUsd())));
                }
            }
            svg.append("<path class=\"frontier-line\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(PLAN)
                    .append("\" stroke-opacity=\"0.5\" stroke-width=\"1.5\"/>\n");
        }
        for (ReportData.FrontierPoint pt : sorted) {
            svg.append("<circle class=\"frontier-point\" cx=\"").append(n(f.x(pt.latencyMs()))).append("\" cy=\"")
                    .append(n(f.y(pt.costPerMillionUsd()))).append("\" r=\"4\" fill=\"").append(PLAN)
                    .append("\" fill-opacity=\"0.55\"><title>").append(esc(pt.label() + ": " + pName + " "
                            + Units.msOrNone(pt.latencyMs()) + ", " + Units.usd(pt.costPerMillionUsd()) + " per 1M requests"))
                    .append("</title></circle>\n");
        }
        if (deployed != null) {
            svg.append("<rect class=\"as-deployed-point\" x=\"").append(n(f.x(deployed[0]) - 5)).append("\" y=\"")
                    .append(n(f.y(deployed[1]) - 5)).append("\" width=\"10\" height=\"10\" fill=\"").append(DEPLOYED)
                    .append("\"><title>").append(esc("as deployed: " + pName + " " + Units.msOrNone(deployed[0]) + ", "
                            + Units.usd(deployed[1]) + " per 1M requests")).append("</title></rect>\n");
            svg.append(label(f.x(deployed[0]), f.y(deployed[1]), "as deployed", DEPLOYED));
        }
        if (chosen != null) {
            svg.append("<circle class=\"chosen-point\" cx=\"").append(n(f.x(chosen[0]))).append("\" cy=\"")
                    .append(n(f.y(chosen[1]))).append("\" r=\"8\" fill=\"none\" stroke=\"").append(TARGET)
                    .append("\" stroke-width=\"2.5\"><title>").append(esc("chosen plan: " + pName + " "
                            + Units.msOrNone(chosen[0]) + ", " + Units.usd(chosen[1]) + " per 1M requests"))
                    .append("</title></circle>\n");
            svg.append(label(f.x(chosen[0]), f.y(chosen[1]), "chosen plan", TARGET));
        }
        legend(svg, List.of(new String[] {PLAN, "frontier", "dot"}, new String[] {TARGET, "chosen plan", "ring"},
                new String[] {DEPLOYED, "as deployed", "square"}));
        return svg.append("</svg>\n").toString();
    }

    static String msTick(double v) {
        return v == 0 ? "0" : Units.msOrNone(v);
    }

    private static String label(double x, double y, String text, String color) {
        boolean left = x > W * 0.7;
        return "<text class=\"point-label\" x=\"" + n(left ? x - 12 : x + 12) + "\" y=\"" + n(y - 10) + "\" fill=\""
                + color + "\"" + (left ? " text-anchor=\"end\"" : "") + ">" + esc(text) + "</text>\n";
    }

    private static double[] point(Plan plan, double percentile) {
        if (plan == null || plan.predicted() == null || !plan.predicted().latencyMs().containsKey(percentile)) {
            return null;
        }
        return new double[] {plan.predicted().latencyMs().get(percentile), plan.predicted().costPerMillionUsd()};
    }

    private static StringBuilder open(String id, String label) {
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"").append(id).append("\" class=\"chart\" role=\"img\" viewBox=\"0 0 ").append(n(W))
                .append(' ').append(n(H)).append("\" width=\"").append(n(W)).append("\" height=\"").append(n(H))
                .append("\" aria-label=\"").append(esc(label)).append("\">\n");
        return svg;
    }

    private static void axes(StringBuilder svg, Frame f, List<Double> xt, List<Double> yt, DoubleFunction<String> xf,
                             DoubleFunction<String> yf, String xLabel, String yLabel) {
        svg.append("<g class=\"axes\">");
        for (double v : yt) {
            svg.append("<line class=\"grid\" x1=\"").append(n(f.x(f.x0))).append("\" x2=\"").append(n(f.x(f.x1)))
                    .append("\" y1=\"").append(n(f.y(v))).append("\" y2=\"").append(n(f.y(v))).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(n(f.x(f.x0) - 6)).append("\" y=\"").append(n(f.y(v) + 4))
                    .append("\" text-anchor=\"end\">").append(esc(yf.apply(v))).append("</text>");
        }
        for (double v : xt) {
            svg.append("<line class=\"grid\" x1=\"").append(n(f.x(v))).append("\" x2=\"").append(n(f.x(v)))
                    .append("\" y1=\"").append(n(f.y(f.y0))).append("\" y2=\"").append(n(f.y(f.y1))).append("\"/>");
            svg.append("<text class=\"tick\" x=\"").append(n(f.x(v))).append("\" y=\"").append(n(f.y(f.y0) + 17))
                    .append("\" text-anchor=\"middle\">").append(esc(xf.apply(v))).append("</text>");
        }
        svg.append("<line class=\"axis\" x1=\"").append(n(f.x(f.x0))).append("\" x2=\"").append(n(f.x(f.x1)))
                .append("\" y1=\"").append(n(f.y(f.y0))).append("\" y2=\"").append(n(f.y(f.y0))).append("\"/>");
        svg.append("<line class=\"axis\" x1=\"").append(n(f.x(f.x0))).append("\" x2=\"").append(n(f.x(f.x0)))
                .append("\" y1=\"").append(n(f.y(f.y0))).append("\" y2=\"").append(n(f.y(f.y1))).append("\"/>");
        svg.append("<text class=\"axis-label\" x=\"").append(n((f.x(f.x0) + f.x(f.x1)) / 2)).append("\" y=\"")
                .append(n(H - 10)).append("\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>");
        svg.append("<text class=\"axis-label\" transform=\"translate(16,").append(n((f.y(f.y0) + f.y(f.y1)) / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(esc(yLabel)).append("</text>");
        svg.append("</g>\n");
    }

    private static void legend(StringBuilder svg, List<String[]> entries) {
        double x = LEFT;
        svg.append("<g class=\"legend\">");
        for (String[] e : entries) {
            switch (e[2]) {
                case "line" -> svg.append("<line x1=\"").append(n(x)).append("\" x2=\"").append(n(x + 22))
                        .append("\" y1=\"16\" y2=\"16\" stroke=\"").append(e[0]).append("\" stroke-width=\"2.5\"/>");
                case "ring" -> svg.append("<circle cx=\"").append(n(x + 11)).append("\" cy=\"16\" r=\"6\" fill=\"none\" "
                        + "stroke=\"").append(e[0]).append("\" stroke-width=\"2.5\"/>");
                case "square" -> svg.append("<rect x=\"").append(n(x + 6)).append("\" y=\"11\" width=\"10\" height=\"10\" "
                        + "fill=\"").append(e[0]).append("\"/>");
                default -> svg.append("<circle cx=\"").append(n(x + 11)).append("\" cy=\"16\" r=\"4\" fill=\"")
                        .append(e[0]).append("\"/>");
            }
            svg.append("<text x=\"").append(n(x + 28)).append("\" y=\"20\">").append(esc(e[1])).append("</text>");
            x += 40 + e[1].length() * 7.2;
        }
        svg.append("</g>\n");
    }
}
