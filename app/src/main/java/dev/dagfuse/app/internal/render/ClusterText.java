// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.app.ClusterPlanService;
import dev.dagfuse.app.ClusterPlanService.PoolPlan;
import dev.dagfuse.app.ClusterPlanService.WorkflowPlan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.optimizer.queueing.Pools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** plan-cluster's result: a table per workflow and per pool, the misses, and the same as a JSON tree. */
public final class ClusterText {

    private ClusterText() {
    }

    public static String text(ClusterPlanService.Result r) {
        StringBuilder out = new StringBuilder();
        out.append("Cluster plan on ").append(r.platform()).append(": ").append(r.workflows().size())
                .append(r.workflows().size() == 1 ? " workflow" : " workflows").append(", pools need ")
                .append(r.demandedCores()).append(" of ").append(r.capacityCores()).append(" cores\n");
        WorkflowPlan first = r.workflows().get(0);
        out.append(String.format(Locale.ROOT, "Modelled, not measured: Monte Carlo over %,d requests per workflow, seed %d,"
                + " plus each pool's M/G/c waits (docs/cluster.md).%n%n", first.context().options().samples(),
                first.context().options().seed()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("workflow", "rate", "weight", "target", "alone", "cores", "share", "shared", "meets"));
        for (WorkflowPlan w : r.workflows()) {
            String target = Units.percentile(w.percentile()) + " ≤ " + Units.ms(w.targetMs());
            if (w.infeasible() != null) {
                rows.add(List.of(w.name(), Units.rate(w.ratePerSecond()), number(w.weight()), target, Units.NONE,
                        Units.NONE, Units.NONE, Units.NONE, "no (alone)"));
                continue;
            }
            rows.add(List.of(w.name(), Units.rate(w.ratePerSecond()), number(w.weight()), target,
                    ms(w.aloneMs().get(w.percentile())), String.valueOf(w.demandedCores()),
                    String.format(Locale.ROOT, "%.2f", w.allocatedCores()), ms(w.predictedMs()),
                    w.meets() ? "yes" : "no"));
        }
        out.append(TextTable.of(TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                TextTable.Align.LEFT, TextTable.Align.RIGHT, TextTable.Align.RIGHT, TextTable.Align.RIGHT,
                TextTable.Align.RIGHT, TextTable.Align.LEFT).render(rows));
        out.append("alone: the objective's percentile with the pools sized for the workflow alone; cores: what those "
                + "pools need;\nshare: its weighted max-min fair share of the cluster's cores; shared: the percentile "
                + "on that share.\n\n");
        List<List<String>> pools = new ArrayList<>();
        pools.add(List.of("workflow", "group", "memory", "cores", "inv/s", "service", "c_s", "containers", "ρ", "P(wait)",
                "mean wait", "wait P", "kept", "cpu share", "shared ρ"));
        for (WorkflowPlan w : r.workflows()) {
            for (int g = 0; g < w.pools().size(); g++) {
                PoolPlan p = w.pools().get(g);
                PlanGroup group = w.plan().plan().groups().get(g);
                Pools.Queue q = p.alone();
                pools.add(List.of(w.name(), p.pool().group(), group.memoryMB() + " MB",
                        String.valueOf(p.pool().coresPerContainer()),
                        String.format(Locale.ROOT, "%.2f", p.pool().invocationsPerSecond()), Units.ms(p.pool().serviceMs()),
                        String.format(Locale.ROOT, "%.2f", p.pool().serviceCv()), String.valueOf(p.containers()), String.format(Locale.ROOT, "%.2f", q.utilisation()),
                        Units.probability(q.waitProbability()), ms(q.meanWaitMs()), ms(q.waitPercentileMs()),
                        String.valueOf(p.keptContainers()), share(p.cpuShare()), rho(p.shared().utilisation())));
            }
        }
        if (pools.size() > 1) {
            out.append(TextTable.namesLeft(2, 15).render(pools));
            out.append("Per pool, one invocation's queue: arrivals, mean service time at full CPU and its coefficient "
                    + "of variation c_s,\ncontainers sized alone, utilisation, share that waits, mean wait and wait at "
                    + "the objective's percentile\n(M/G/c, simulated); kept containers and their CPU share on the "
                    + "cluster.\n\n");
        }
        List<WorkflowPlan> missing = r.workflows().stream().filter(w -> !w.meets()).toList();
        if (missing.isEmpty()) {
            out.append(r.demandedCores() <= r.capacityCores()
                    ? "Every workflow meets its target: the pools fit in the cluster.\n"
                    : "Every workflow meets its target on its fair share.\n");
        } else {
            out.append("Missed targets:\n");
            for (WorkflowPlan w : missing) {
                out.append("  ").append(miss(w, r.floorShare())).append('\n');
            }
        }
        return out.toString();
    }

    private static String miss(WorkflowPlan w, double floor) {
        String target = Units.percentile(w.percentile()) + " ≤ " + Units.ms(w.targetMs());
        if (w.infeasible() != null) {
            return w.name() + " cannot meet " + target + " even with the cluster to itself: " + w.infeasible() + ".";
        }
        if (Double.isInfinite(w.predictedMs())) {
            List<String> unstable = w.pools().stream().filter(p -> !p.shared().stable())
                    .map(p -> String.format(Locale.ROOT, "%s (ρ %s with %d of %d containers at %s CPU)",
                            p.pool().group(), rho(p.shared().utilisation()), p.keptContainers(), p.containers(),
                            share(p.cpuShare())))
                    .toList();
            return w.name() + " misses " + target + " without bound: its share (" + String.format(Locale.ROOT, "%.2f",
                    w.allocatedCores()) + " of " + w.demandedCores() + " cores) cannot keep up with "
                    + String.join(", ", unstable) + "; its queue grows while the load lasts.";
        }
        return String.format(Locale.ROOT, "%s misses %s by %s (%s predicted, +%.0f%%) on %.2f of the %d cores it needs "
                        + "(containers deflated to %s, floor %s).", w.name(), target, Units.ms(w.missMs()),
                Units.ms(w.predictedMs()), 100 * w.missMs() / w.targetMs(), w.allocatedCores(), w.demandedCores(),
                w.pools().isEmpty() ? Units.NONE : share(w.pools().get(0).cpuShare()), share(floor));
    }

    /** The result as a tree for JSON. */
    public static Map<String, Object> tree(ClusterPlanService.Result r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("platform", r.platform());
        root.put("capacityCores", r.capacityCores());
        root.put("demandedCores", r.demandedCores());
        root.put("floorShare", r.floorShare());
        root.put("allMeet", r.allMeet());
        List<Object> workflows = new ArrayList<>();
        for (WorkflowPlan w : r.workflows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workflow", w.name());
            m.put("file", w.workflowFile().toString());
            m.put("ratePerSecond", w.ratePerSecond());
            m.put("weight", w.weight());
            m.put("percentile", w.percentile());
            m.put("targetMs", w.targetMs());
            m.put("meets", w.meets());
            if (w.infeasible() != null) {
                m.put("infeasible", w.infeasible());
                workflows.add(m);
                continue;
            }
            m.put("demandedCores", w.demandedCores());
            m.put("allocatedCores", w.allocatedCores());
            m.put("aloneMs", keyed(w.aloneMs()));
            m.put("sharedMs", keyed(w.sharedMs()));
            m.put("missMs", finite(w.missMs()));
            List<Object> pools = new ArrayList<>();
            for (int g = 0; g < w.pools().size(); g++) {
                PoolPlan p = w.pools().get(g);
                PlanGroup group = w.plan().plan().groups().get(g);
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("group", p.pool().group());
                pm.put("functions", group.functions());
                pm.put("memoryMB", group.memoryMB());
                pm.put("bundleSize", group.bundleSize());
                pm.put("coresPerContainer", p.pool().coresPerContainer());
                pm.put("invocationsPerRequest", p.pool().invocationsPerRequest());
                pm.put("invocationsPerSecond", p.pool().invocationsPerSecond());
                pm.put("serviceMs", p.pool().serviceMs());
                pm.put("serviceCv", p.pool().serviceCv());
                pm.put("containers", p.containers());
                pm.put("keptContainers", p.keptContainers());
                pm.put("cpuShare", p.cpuShare());
                pm.put("alone", queue(p.alone()));
                pm.put("shared", queue(p.shared()));
                pools.add(pm);
            }
            m.put("pools", pools);
            workflows.add(m);
        }
        root.put("workflows", workflows);
        return root;
    }

    private static Map<String, Object> queue(Pools.Queue q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("utilisation", finite(q.utilisation()));
        m.put("waitProbability", q.waitProbability());
        m.put("meanWaitMs", finite(q.meanWaitMs()));
        m.put("waitPercentileMs", finite(q.waitPercentileMs()));
        return m;
    }

    private static Map<String, Object> keyed(Map<Double, Double> byPercentile) {
        Map<String, Object> m = new LinkedHashMap<>();
        byPercentile.forEach((p, v) -> m.put(Units.percentile(p), finite(v)));
        return m;
    }

    /** JSON has no infinity: an unbounded value is null. */
    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String ms(double ms) {
        return Double.isFinite(ms) ? Units.ms(ms) : "∞";
    }

    private static String share(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    private static String rho(double rho) {
        return Double.isFinite(rho) ? String.format(Locale.ROOT, "%.2f", rho) : "∞";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
