// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.app.ClusterRunService;
import dev.dagfuse.app.ClusterRunService.PoolComparison;
import dev.dagfuse.app.ClusterRunService.WorkflowComparison;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A cluster run: per workflow and per pool, measured next to predicted; and the same as a JSON tree. */
public final class ClusterRunText {

    private ClusterRunText() {
    }

    public static String text(ClusterRunService.Result r) {
        StringBuilder out = new StringBuilder();
        WorkflowComparison first = r.workflows().get(0);
        out.append(String.format(Locale.ROOT, "Cluster run on this machine (%d cores) of a plan for %s: %d workflows, "
                        + "open loop (Poisson arrivals), %d requests each, %.1f s%n", r.machineCores(), r.plan().platform(), r.workflows().size(), first.requests(),
                r.wallSeconds()));
        out.append(String.format(Locale.ROOT, "Predicted: plan-cluster's model (docs/cluster.md) for this run: its "
                + "arrival times through the pools from empty,%%nthe containers at full CPU sharing this machine's %d "
                + "cores; measured: the workflows' handlers, here.%%n%%n", r.machineCores()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("workflow", "rate", "ok", "failed", "P50 pred", "P50 meas", "P95 cluster", "P95 steady", "P95 pred",
                "P95 meas",
                "P95 error",
                "P95 calib", "calib error", "wait pred", "wait meas", "target", "within"));
        for (WorkflowComparison w : r.workflows()) {
            rows.add(List.of(w.workflow(), Units.rate(w.ratePerSecond()), String.valueOf(w.succeeded()),
                    String.valueOf(w.failed()), ms(w.predictedP50Ms()), ms(w.measuredP50Ms()), ms(w.clusterP95Ms()),
                    ms(w.steadyP95Ms()), ms(w.predictedP95Ms()),
                    ms(w.measuredP95Ms()), signed(w.p95Error()), ms(w.calibratedP95Ms()),
                    Double.isInfinite(w.calibratedP95Ms()) ? "unstable" : signed(w.calibratedP95Error()),
                    ms(w.predictedMeanWaitMs()), ms(w.measuredMeanWaitMs()),
                    Units.percentile(w.percentile()) + " ≤ " + Units.ms(w.targetMs()),
                    Double.isNaN(w.metTarget()) ? Units.NONE : String.format(Locale.ROOT, "%.1f%%", 100 * w.metTarget())));
        }
        out.append(TextTable.namesLeft(1, 17).render(rows));
        out.append("P95 cluster: plan-cluster's, on the cluster's cores, steady state; steady: the same model for this "
                + "machine (service\nstretched by sharing its cores), steady state; pred: for this run (its arrivals "
                + "from empty pools, sharing\nthe cores as they come); P95 calib: pred again with the service times and "
                + "c_s measured here; wait: a request's\nmean wait for containers, its groups' waits summed; within: "
                + "the share of measured requests within the target.\n\n");
        List<List<String>> pools = new ArrayList<>();
        pools.add(List.of("workflow", "group", "containers", "max in flight", "invocations", "speed beside",
                "stretch steady", "stretch pred", "service pred",
                "service meas", "c_s pred", "c_s meas", "ρ pred", "wait steady", "wait pred", "wait calib", "wait meas"));
        for (WorkflowComparison w : r.workflows()) {
            for (PoolComparison p : w.pools()) {
                pools.add(List.of(w.workflow(), p.group(), String.valueOf(p.containers()), String.valueOf(p.maxInFlight()),
                        String.valueOf(p.invocations()), speed(p.sharedSpeed()), stretch(p.steadyCoreStretch()),
                        stretch(p.coreStretch()),
                        ms(p.predictedServiceMs()),
                        ms(p.measuredServiceMs()),
                        cv(p.predictedServiceCv()), cv(p.measuredServiceCv()),
                        rho(p.predictedUtilisation()), ms(p.steadyMeanWaitMs()), ms(p.predictedMeanWaitMs()),
                        ms(p.calibratedMeanWaitMs()), ms(p.measuredMeanWaitMs())));
            }
        }
        out.append(TextTable.namesLeft(2, 17).render(pools));
        out.append("Per pool: its invocations' speed beside other threads relative to alone, beyond ideal sharing of the "
                + "cores (calibrated\nbefore the clock; the prediction for this run uses it), how much sharing this "
                + "machine's cores stretches its\nservice (processor sharing; in the steady state and simulated for "
                + "this run), an invocation's mean time on its\ncontainer and that time's coefficient of variation c_s, "
                + "and its mean wait for a container: M/G/c in the\nsteady state (simulated), for this run's arrivals "
                + "from empty pools (pred, calib), and measured.\n");
        for (WorkflowComparison w : r.workflows()) {
            if (w.firstFailure() != null) {
                out.append(w.workflow()).append(": first failure: ").append(w.firstFailure()).append('\n');
            }
        }
        return out.toString();
    }

    public static Map<String, Object> tree(ClusterRunService.Result r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("platform", r.plan().platform());
        root.put("machineCores", r.machineCores());
        root.put("wallSeconds", r.wallSeconds());
        List<Object> workflows = new ArrayList<>();
        for (WorkflowComparison w : r.workflows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workflow", w.workflow());
            m.put("ratePerSecond", w.ratePerSecond());
            m.put("requests", w.requests());
            m.put("succeeded", w.succeeded());
            m.put("failed", w.failed());
            m.put("percentile", w.percentile());
            m.put("targetMs", w.targetMs());
            m.put("predictedP50Ms", finite(w.predictedP50Ms()));
            m.put("measuredP50Ms", finite(w.measuredP50Ms()));
            m.put("clusterP95Ms", finite(w.clusterP95Ms()));
            m.put("steadyP95Ms", finite(w.steadyP95Ms()));
            m.put("steadyP95Error", finite(w.steadyP95Error()));
            m.put("predictedP95Ms", finite(w.predictedP95Ms()));
            m.put("measuredP95Ms", finite(w.measuredP95Ms()));
            m.put("p95Error", finite(w.p95Error()));
            m.put("calibratedP95Ms", finite(w.calibratedP95Ms()));
            m.put("calibratedP95Error", finite(w.calibratedP95Error()));
            m.put("steadyMeanWaitMs", finite(w.steadyMeanWaitMs()));
            m.put("predictedMeanWaitMs", finite(w.predictedMeanWaitMs()));
            m.put("measuredMeanWaitMs", finite(w.measuredMeanWaitMs()));
            m.put("withinTarget", finite(w.metTarget()));
            List<Object> pools = new ArrayList<>();
            for (PoolComparison p : w.pools()) {
                Map<String, Object> pm = new LinkedHashMap<>();
                pm.put("group", p.group());
                pm.put("containers", p.containers());
                pm.put("maxInFlight", p.maxInFlight());
                pm.put("invocations", p.invocations());
                pm.put("steadyCoreStretch", finite(p.steadyCoreStretch()));
                pm.put("coreStretch", finite(p.coreStretch()));
                pm.put("predictedServiceMs", finite(p.predictedServiceMs()));
                pm.put("measuredServiceMs", finite(p.measuredServiceMs()));
                pm.put("predictedServiceCv", finite(p.predictedServiceCv()));
                pm.put("measuredServiceCv", finite(p.measuredServiceCv()));
                pm.put("predictedUtilisation", finite(p.predictedUtilisation()));
                pm.put("steadyMeanWaitMs", finite(p.steadyMeanWaitMs()));
                pm.put("predictedMeanWaitMs", finite(p.predictedMeanWaitMs()));
                pm.put("calibratedMeanWaitMs", finite(p.calibratedMeanWaitMs()));
                pm.put("measuredMeanWaitMs", finite(p.measuredMeanWaitMs()));
                pm.put("sharedSpeed", finite(p.sharedSpeed()));
                pm.put("calibrationAloneMs", finite(p.calibrationAloneMs()));
                pools.add(pm);
            }
            m.put("pools", pools);
            if (w.firstFailure() != null) {
                m.put("firstFailure", w.firstFailure());
            }
            workflows.add(m);
        }
        root.put("workflows", workflows);
        root.put("notes", r.notes());
        return root;
    }

    private static Object finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static String ms(double ms) {
        return Double.isNaN(ms) ? Units.NONE : Double.isInfinite(ms) ? "∞" : Units.ms(ms);
    }

    private static String stretch(double s) {
        return Double.isFinite(s) ? String.format(Locale.ROOT, "×%.2f", s) : "∞";
    }

    private static String speed(double e) {
        return Double.isFinite(e) ? String.format(Locale.ROOT, "%.2f", e) : Units.NONE;
    }

    private static String rho(double rho) {
        return Double.isFinite(rho) ? String.format(Locale.ROOT, "%.2f", rho) : "∞";
    }

    private static String cv(double cv) {
        return Double.isFinite(cv) ? String.format(Locale.ROOT, "%.2f", cv) : Units.NONE;
    }

    private static String signed(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%+.1f%%", 100 * fraction) : Units.NONE;
    }
}
