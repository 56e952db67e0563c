// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.app.render.GraphView;
import dev.dagfuse.model.Edge;
import dev.dagfuse.model.EdgeKind;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;

import java.util.Locale;

/** Draws a workflow, optionally with a plan's groups and bundles as clusters, as Graphviz DOT or Mermaid. */
public final class GraphText {

    private GraphText() {
    }

    public static String dot(GraphView view) {
        Workflow workflow = view.workflow();
        Plan plan = view.plan();
        StringBuilder out = new StringBuilder();
        out.append("digraph ").append(quote(workflow.name())).append(" {\n");
        out.append("  rankdir=LR;\n");
        out.append("  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
        out.append("  edge [fontname=\"Helvetica\", fontsize=10];\n");
        if (plan == null) {
            for (FunctionSpec f : workflow.functions().values()) {
                out.append("  ").append(quote(f.name())).append(" [label=").append(quote(nodeLabel(f))).append("];\n");
            }
        } else {
            int i = 0;
            for (PlanGroup g : plan.groups()) {
                out.append("  subgraph ").append(quote("cluster_" + i++)).append(" {\n");
                out.append("    label=").append(quote(groupLabel(g))).append(";\n");
                out.append("    style=\"rounded,filled\"; fillcolor=\"#eef3fb\"; color=\"#5b7db1\";\n");
                for (String name : g.functions()) {
                    out.append("    ").append(quote(name)).append(" [label=").append(quote(nodeLabel(workflow.function(name))))
                            .append("];\n");
                }
                out.append("  }\n");
            }
        }
        for (Edge e : workflow.edges()) {
            out.append("  ").append(quote(e.from())).append(" -> ").append(quote(e.to()));
            String label = edgeLabel(e.kind());
            if (!label.isEmpty()) {
                out.append(" [label=").append(quote(label)).append("]");
            }
            out.append(";\n");
        }
        return out.append("}\n").toString();
    }

    public static String mermaid(GraphView view) {
        Workflow workflow = view.workflow();
        Plan plan = view.plan();
        StringBuilder out = new StringBuilder("flowchart LR\n");
        if (plan == null) {
            for (FunctionSpec f : workflow.functions().values()) {
                out.append("  ").append(id(f.name())).append("[\"").append(nodeLabel(f).replace("\n", "<br/>")).append("\"]\n");
            }
        } else {
            int i = 0;
            for (PlanGroup g : plan.groups()) {
                out.append("  subgraph g").append(i++).append("[\"").append(groupLabel(g).replace("\n", "<br/>")).append("\"]\n");
                for (String name : g.functions()) {
                    out.append("    ").append(id(name)).append("[\"")
                            .append(nodeLabel(workflow.function(name)).replace("\n", "<br/>")).append("\"]\n");
                }
                out.append("  end\n");
            }
        }
        for (Edge e : workflow.edges()) {
            String label = edgeLabel(e.kind());
            out.append("  ").append(id(e.from())).append(label.isEmpty() ? " --> " : " -->|" + label + "| ")
                    .append(id(e.to())).append('\n');
        }
        return out.toString();
    }

    private static String nodeLabel(FunctionSpec f) {
        StringBuilder label = new StringBuilder(f.name());
        if (f.fanOut() > 1) {
            int narrowest = f.widths().stream().mapToInt(Integer::intValue).min().orElse(f.fanOut());
            label.append("\n×").append(narrowest == f.fanOut() ? "" : narrowest + "–").append(f.fanOut());
        }
        // what is not a plain Lambda function says so: a choice's option, a service task, a Wait, a loop
        if (f.when() != null) {
            label.append("\n").append(f.when().choice()).append(": ")
                    .append(String.format(Locale.ROOT, "%.3g", f.when().probability()));
        }
        if (f.service() != null) {
            label.append(f.service().isWait()
                    ? "\nwait " + dev.dagfuse.model.Quantities.formatMs(f.service().latency().medianMs())
                    : "\nservice");
        }
        if (!f.iterations().isEmpty()) {
            int min = f.iterations().stream().mapToInt(Integer::intValue).min().orElse(1);
            int max = f.iterations().stream().mapToInt(Integer::intValue).max().orElse(1);
            label.append("\nloop ×").append(min == max ? Integer.toString(min) : min + "–" + max);
        }
        return label.toString();
    }

    private static String groupLabel(PlanGroup g) {
        String label = g.id() + "\n" + g.memoryMB() + " MB";
        if (g.fanOut() > 1) {
            label += g.bundleSize() > 1
                    ? String.format(Locale.ROOT, ", %d invocations × bundle of %d", g.invocations(), g.bundleSize())
                    : String.format(Locale.ROOT, ", %d invocations", g.invocations());
        }
        return label;
    }

    /** How an edge of this kind is labelled: nothing for 1 → 1, else its kind in words. */
    public static String edgeLabel(EdgeKind kind) {
        return switch (kind) {
            case ONE_TO_ONE -> "";
            case PER_BRANCH -> "per branch";
            case SCATTER -> "scatter";
            case GATHER -> "gather";
            case ALL_TO_ALL -> "all to all";
            case PARTIAL -> "partial";
        };
    }

    private static String id(String name) {
        return "n_" + name.replaceAll("[^A-Za-z0-9_]", "_");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
