// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import dev.dagfuse.app.internal.render.GraphText;
import dev.dagfuse.model.Edge;
import dev.dagfuse.model.EdgeKind;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;

import static dev.dagfuse.app.internal.render.html.Svg.esc;
import static dev.dagfuse.app.internal.render.html.Svg.n;

/** The DAG as SVG: functions as boxes (a stack for a fan-out), each group of the plan as a cluster, bundles dashed. */
final class DagSvg {

    static final String[] PALETTE = {"#dbe8fb", "#fde2cf", "#d9f2e0", "#f3dcf5", "#fff2c2", "#d7f0f4", "#f6d9d9", "#e6e6f7"};
    static final String[] STROKES = {"#4a78b8", "#c8773a", "#3f9460", "#9b55a3", "#b8951d", "#3a95a3", "#b34f4f", "#6767b5"};

    private DagSvg() {
    }

    static String render(Workflow workflow, Plan plan) {
        DagLayout layout = new DagLayout(workflow, plan);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"dag\" class=\"chart dag\" role=\"img\" viewBox=\"0 0 ").append(n(layout.width)).append(' ')
                .append(n(layout.height)).append("\" width=\"").append(n(layout.width)).append("\" height=\"")
                .append(n(layout.height)).append("\" aria-label=\"").append(esc("The DAG of " + workflow.name()
                        + (plan == null ? "" : ", with the plan's groups as clusters"))).append("\">\n");
        svg.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
                + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/>"
                + "</marker></defs>\n");
        for (DagLayout.Cluster c : layout.clusters) {
            cluster(svg, c, layout);
        }
        for (Edge e : workflow.edges()) {
            edge(svg, e, layout);
        }
        for (DagLayout.Node node : layout.nodes.values()) {
            node(svg, node, workflow.function(node.function()));
        }
        return svg.append("</svg>\n").toString();
    }

    private static void cluster(StringBuilder svg, DagLayout.Cluster c, DagLayout layout) {
        PlanGroup g = c.group();
        String fill = PALETTE[c.index() % PALETTE.length];
        String stroke = STROKES[c.index() % STROKES.length];
        svg.append("<g class=\"cluster").append(g.functions().size() > 1 ? " fused" : "").append(g.bundleSize() > 1
                ? " bundled" : "").append("\" data-group=\"").append(esc(g.id())).append("\">");
        svg.append("<title>").append(esc(groupTitle(g))).append("</title>");
        svg.append("<rect x=\"").append(n(c.x())).append("\" y=\"").append(n(c.y())).append("\" width=\"")
                .append(n(c.width())).append("\" height=\"").append(n(c.height())).append("\" rx=\"10\" fill=\"")
                .append(fill).append("\" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\"/>");
        svg.append("<text class=\"cluster-label\" x=\"").append(n(c.x() + 10)).append("\" y=\"").append(n(c.y() + 17))
                .append("\">").append(esc(label(g, c.width()))).append("</text>");
        String footer = footer(g);
        if (!footer.isEmpty()) {
            svg.append("<text class=\"cluster-footer\" x=\"").append(n(c.x() + 10)).append("\" y=\"")
                    .append(n(c.y() + c.height() - 9)).append("\">").append(esc(footer)).append("</text>");
        }
        if (g.bundleSize() > 1) {
            // The bundle: bundleSize branches of the chain inside one invocation.
            DagLayout.Node first = layout.nodes.get(g.functions().get(0));
            DagLayout.Node last = layout.nodes.get(g.functions().get(g.functions().size() - 1));
            svg.append("<rect class=\"bundle\" x=\"").append(n(first.x() - 5)).append("\" y=\"").append(n(first.y() - 5))
                    .append("\" width=\"").append(n(last.x() + DagLayout.NODE_W - first.x() + 16)).append("\" height=\"")
                    .append(n(DagLayout.NODE_H + 16)).append("\" rx=\"6\" fill=\"none\" stroke=\"").append(stroke)
                    .append("\" stroke-dasharray=\"5 3\"/>");
        }
        svg.append("</g>\n");
    }

    private static String label(PlanGroup g, double width) {
        String text = g.id() + " · " + g.memoryMB() + " MB";
        int fits = (int) ((width - 16) / 6.6);
        return text.length() <= fits ? text : text.substring(0, Math.max(1, fits - 1)) + "…";
    }

    private static String footer(PlanGroup g) {
        if (g.fanOut() <= 1) {
            return "";
        }
        String invocations = g.invocations() + (g.invocations() == 1 ? " invocation" : " invocations");
        return g.bundleSize() > 1 ? invocations + " × bundle of " + g.bundleSize() : invocations;
    }

    static String groupTitle(PlanGroup g) {
        String text = "group " + g.id() + ": " + String.join(" → ", g.functions()) + ", " + g.memoryMB() + " MB";
        if (g.fanOut() > 1) {
            text += ", fan-out " + g.fanOut() + ", bundle size " + g.bundleSize() + ", " + g.invocations() + " invocations";
        }
        return text;
    }

    private static void edge(StringBuilder svg, Edge e, DagLayout layout) {
        DagLayout.Node a = layout.nodes.get(e.from());
        DagLayout.Node b = layout.nodes.get(e.to());
        double x1 = a.x() + DagLayout.NODE_W;
        double y1 = a.y() + DagLayout.NODE_H / 2;
        double x2 = b.x() - 2;
        double y2 = b.y() + DagLayout.NODE_H / 2;
        double mx = (x1 + x2) / 2;
        svg.append("<g class=\"edge\" data-from=\"").append(esc(e.from())).append("\" data-to=\"").append(esc(e.to()))
                .append("\"><path d=\"M").append(n(x1)).append(',').append(n(y1)).append(" C").append(n(mx)).append(',')
                .append(n(y1)).append(' ').append(n(mx)).append(',').append(n(y2)).append(' ').append(n(x2)).append(',')
                .append(n(y2)).append("\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.4\" marker-end=\"url(#arrow)\"/>");
        String label = kind(e.kind());
        if (!label.isEmpty()) {
            svg.append("<text class=\"edge-label\" x=\"").append(n(mx)).append("\" y=\"").append(n((y1 + y2) / 2 - 4))
                    .append("\" text-anchor=\"middle\">").append(esc(label)).append("</text>");
        }
        svg.append("</g>\n");
    }

    /** As in DOT and Mermaid, but a per-branch edge is drawn between the stacks without a label. */
    private static String kind(EdgeKind kind) {
        return kind == EdgeKind.PER_BRANCH ? "" : GraphText.edgeLabel(kind);
    }

    private static void node(StringBuilder svg, DagLayout.Node node, FunctionSpec f) {
        svg.append("<g class=\"node\" data-function=\"").append(esc(f.name())).append("\"><title>")
                .append(esc(f.name() + (f.fanOut() > 1 ? ", fan-out " + f.fanOut() : "") + ", deployed at " + f.memoryMB()
                        + " MB")).append("</title>");
        if (f.fanOut() > 1) {
            // a stack: the branches of a fan-out
            for (int i = 2; i >= 1; i--) {
                svg.append("<rect x=\"").append(n(node.x() + 4 * i)).append("\" y=\"").append(n(node.y() - 4 * i))
                        .append("\" width=\"").append(n(DagLayout.NODE_W - 8)).append("\" height=\"")
                        .append(n(DagLayout.NODE_H)).append("\" rx=\"6\" fill=\"#fff\" stroke=\"#999\"/>");
            }
        }
        svg.append("<rect x=\"").append(n(node.x())).append("\" y=\"").append(n(node.y())).append("\" width=\"")
                .append(n(DagLayout.NODE_W)).append("\" height=\"").append(n(DagLayout.NODE_H))
                .append("\" rx=\"6\" fill=\"#fff\" stroke=\"#333\" stroke-width=\"1.2\"/>");
        String name = f.name().length() > 20 ? f.name().substring(0, 19) + "…" : f.name();
        svg.append("<text class=\"node-label\" x=\"").append(n(node.x() + DagLayout.NODE_W / 2)).append("\" y=\"")
                .append(n(node.y() + (f.fanOut() > 1 ? 19 : 27))).append("\" text-anchor=\"middle\">").append(esc(name))
                .append("</text>");
        if (f.fanOut() > 1) {
            svg.append("<text class=\"node-sub\" x=\"").append(n(node.x() + DagLayout.NODE_W / 2)).append("\" y=\"")
                    .append(n(node.y() + 35)).append("\" text-anchor=\"middle\">×").append(f.fanOut()).append("</text>");
        }
        svg.append("</g>\n");
    }
}
