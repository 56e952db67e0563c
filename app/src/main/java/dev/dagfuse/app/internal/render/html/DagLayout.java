// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays out a workflow's DAG left to right: a function's column is its longest path from an entry, so every edge
 * points right. A plan's group (a fused chain, whose functions sit in consecutive columns) keeps one row, so it can
 * be drawn as one box. Rows are chosen group by group, column by column, as near as possible to the mean row of the
 * group's predecessors (the barycenter heuristic), in half-row steps so that a join can sit between its branches.
 */
final class DagLayout {

    static final double NODE_W = 150;
    static final double NODE_H = 44;
    static final double COLUMN_GAP = 70;
    static final double ROW_H = 124;
    static final double MARGIN = 24;
    /** Space above a node inside its cluster, for the cluster's label. */
    static final double CLUSTER_TOP = 34;

    /** A function's box. */
    record Node(String function, int column, double row, double x, double y) {
    }

    /** A group's box around its functions. */
    record Cluster(PlanGroup group, int index, double x, double y, double width, double height) {
    }

    final Map<String, Node> nodes = new LinkedHashMap<>();
    final List<Cluster> clusters = new ArrayList<>();
    final double width;
    final double height;

    DagLayout(Workflow workflow, Plan plan) {
        Map<String, Integer> column = columns(workflow);
        List<PlanGroup> groups = plan != null ? plan.groups() : workflow.functions().values().stream()
                .map(f -> PlanGroup.of(List.of(f.name()), f.memoryMB(), f.fanOut(), 1)).toList();
        Map<String, PlanGroup> groupOf = new HashMap<>();
        groups.forEach(g -> g.functions().forEach(f -> groupOf.put(f, g)));
        Map<PlanGroup, int[]> span = new LinkedHashMap<>();
        for (PlanGroup g : groups) {
            int first = g.functions().stream().mapToInt(column::get).min().orElseThrow();
            int last = g.functions().stream().mapToInt(column::get).max().orElseThrow();
            span.put(g, new int[] {first, last});
        }
        // Place groups by their first column, then by declaration order of their first function.
        List<String> declared = new ArrayList<>(workflow.functions().keySet());
        List<PlanGroup> order = new ArrayList<>(groups);
        order.sort(Comparator.<PlanGroup>comparingInt(g -> span.get(g)[0])
                .thenComparingInt(g -> declared.indexOf(g.functions().get(0))));
        Map<PlanGroup, Double> row = new LinkedHashMap<>();
        int column0 = -1;
        List<PlanGroup> batch = new ArrayList<>();
        for (PlanGroup g : order) {
            if (span.get(g)[0] != column0 && !batch.isEmpty()) {
                place(batch, row, span, workflow, groupOf);
                batch.clear();
            }
            column0 = span.get(g)[0];
            batch.add(g);
        }
        place(batch, row, span, workflow, groupOf);
        double minRow = row.values().stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double maxRow = 0;
        int maxColumn = 0;
        for (String f : workflow.topologicalOrder()) {
            int c = column.get(f);
            double r = row.get(groupOf.get(f)) - minRow;
            maxRow = Math.max(maxRow, r);
            maxColumn = Math.max(maxColumn, c);
            nodes.put(f, new Node(f, c, r, MARGIN + c * (NODE_W + COLUMN_GAP), MARGIN + r * ROW_H + CLUSTER_TOP));
        }
        int index = 0;
        for (PlanGroup g : groups) {
            double x1 = Double.MAX_VALUE;
            double x2 = -Double.MAX_VALUE;
            double y = 0;
            for (String f : g.functions()) {
                Node n = nodes.get(f);
                x1 = Math.min(x1, n.x());
                x2 = Math.max(x2, n.x() + NODE_W);
                y = n.y();
            }
            clusters.add(new Cluster(g, index++, x1 - 12, y - CLUSTER_TOP + 4, x2 - x1 + 24, ROW_H - 14));
        }
        width = 2 * MARGIN + (maxColumn + 1) * NODE_W + maxColumn * COLUMN_GAP;
        height = 2 * MARGIN + (maxRow + 1) * ROW_H - 10;
    }

    /** Longest path from an entry, per function. */
    static Map<String, Integer> columns(Workflow workflow) {
        Map<String, Integer> column = new HashMap<>();
        for (String f : workflow.topologicalOrder()) {
            int c = 0;
            for (String p : workflow.predecessors(f)) {
                c = Math.max(c, column.get(p) + 1);
            }
            column.put(f, c);
        }
        return column;
    }

    private static void place(List<PlanGroup> batch, Map<PlanGroup, Double> row, Map<PlanGroup, int[]> span,
                              Workflow workflow, Map<String, PlanGroup> groupOf) {
        Map<PlanGroup, Double> wish = new LinkedHashMap<>();
        for (PlanGroup g : batch) {
            Set<PlanGroup> preds = new LinkedHashSet<>();
            for (String f : g.functions()) {
                for (String p : workflow.predecessors(f)) {
                    PlanGroup pg = groupOf.get(p);
                    if (pg != g && row.containsKey(pg)) {
                        preds.add(pg);
                    }
                }
            }
            wish.put(g, preds.isEmpty() ? 0 : preds.stream().mapToDouble(row::get).average().orElse(0));
        }
        List<PlanGroup> sorted = new ArrayList<>(batch);
        sorted.sort(Comparator.comparingDouble(wish::get)); // stable: ties keep declaration order
        for (PlanGroup g : sorted) {
            double target = Math.round(wish.get(g) * 2) / 2.0;
            for (int step = 0; ; step++) {
                // target, target + 0.5, target − 0.5, target + 1, …
                double candidate = target + (step % 2 == 1 ? 1 : -1) * 0.5 * ((step + 1) / 2);
                if (free(candidate, g, row, span)) {
                    row.put(g, candidate);
                    break;
                }
            }
        }
    }

    private static boolean free(double candidate, PlanGroup g, Map<PlanGroup, Double> row, Map<PlanGroup, int[]> span) {
        int[] s = span.get(g);
        for (Map.Entry<PlanGroup, Double> e : row.entrySet()) {
            int[] o = span.get(e.getKey());
            boolean columnsOverlap = s[0] <= o[1] && o[0] <= s[1];
            if (columnsOverlap && Math.abs(e.getValue() - candidate) < 1 - 1e-9) {
                return false;
            }
        }
        return true;
    }
}
