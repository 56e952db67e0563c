// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.ClusterPlanService;
import dev.dagfuse.app.ClusterRunService;
import dev.dagfuse.app.RequestException;
import dev.dagfuse.executor.ClusterRunner;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.stats.Quantiles;
import dev.dagfuse.optimizer.queueing.Pools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** run with several workflows: plan-cluster, then the cluster runner, then measured next to predicted. */
public final class ClusterRunning implements ClusterRunService {

    @Override
    public Result run(Request request) {
        if (request.requests() < 1 || request.requests() > Ranges.MAX_REQUESTS) {
            throw new RequestException("The --requests (" + request.requests() + ") must be within 1.."
                    + Ranges.MAX_REQUESTS + ". Maybe 200.");
        }
        if (request.warmup() < 0 || request.warmup() > Ranges.MAX_REQUESTS) {
            throw new RequestException("The --warmup (" + request.warmup() + ") must be within 0.."
                    + Ranges.MAX_REQUESTS + ". Maybe 5.");
        }
        ClusterPlanService.Result plan = new ClusterPlanning().plan(request.plan());
        List<ClusterRunner.Pooled> pooled = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (ClusterPlanService.WorkflowPlan w : plan.workflows()) {
            if (w.infeasible() != null) {
                throw new Unrunnable(w.name() + " cannot meet its target even with the cluster to itself: "
                        + w.infeasible() + ".", plan);
            }
            List<Integer> containers = new ArrayList<>();
            for (ClusterPlanService.PoolPlan p : w.pools()) {
                if (p.keptContainers() == 0) {
                    throw new Unrunnable("The pool of group " + p.pool().group() + " of " + w.name() + " keeps no "
                            + "container on the shared cluster: its requests would never finish. Maybe a larger "
                            + "cluster, lower rates, or a larger --weights for " + w.name() + ".", plan);
                }
                containers.add(p.keptContainers());
                if (p.cpuShare() < 1) {
                    notes.add(String.format(Locale.ROOT, "%s's pool %s is deflated to %.0f%% CPU in the plan; here its "
                            + "containers run at full speed (the runner does not throttle), so it will do better than "
                            + "predicted.", w.name(), p.pool().group(), 100 * p.cpuShare()));
                }
            }
            pooled.add(new ClusterRunner.Pooled(w.context().workflow(), w.plan().plan(), w.ratePerSecond(), containers));
        }
        ClusterRunner.Report report = new ClusterRunner().run(pooled,
                new ClusterRunner.Options(request.requests(), request.warmup(), request.seed()));
        List<WorkflowComparison> comparisons = new ArrayList<>();
        for (int i = 0; i < plan.workflows().size(); i++) {
            comparisons.add(compare(plan.workflows().get(i), report.workflows().get(i)));
        }
        return new Result(plan, report.wallSeconds(), comparisons, notes);
    }

    private static WorkflowComparison compare(ClusterPlanService.WorkflowPlan w, ClusterRunner.WorkflowResult r) {
        double[] latency = r.latencyMs().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = latency.length == 0 ? Double.NaN : Quantiles.percentileOfSorted(latency, 50);
        double p95 = latency.length == 0 ? Double.NaN : Quantiles.percentileOfSorted(latency, 95);
        double met = latency.length == 0 ? Double.NaN
                : Arrays.stream(latency).filter(ms -> ms <= w.targetMs()).count() / (double) latency.length;
        double measuredWait = r.waitMs().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double predictedWait = 0;
        double predictedService = 0;
        double measuredService = 0;
        int n = w.pools().size();
        int[] kept = new int[n];
        double[] full = new double[n];
        List<Pools.Pool> calibrated = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            ClusterPlanService.PoolPlan p = w.pools().get(g);
            ClusterRunner.PoolResult m = r.pools().get(g);
            kept[g] = p.keptContainers();
            full[g] = 1;
            predictedService += p.pool().serviceMs() * p.pool().invocationsPerRequest();
            boolean measured = m.invocations() > 0 && m.meanServiceMs() > 0;
            measuredService += (measured ? m.meanServiceMs() : p.pool().serviceMs()) * p.pool().invocationsPerRequest();
            double cv = Double.isNaN(m.serviceCv()) ? p.pool().serviceCv() : m.serviceCv();
            calibrated.add(measured ? new Pools.Pool(p.pool().group(), p.pool().invocationsPerSecond(), m.meanServiceMs(),
                    p.pool().invocationsPerRequest(), p.pool().coresPerContainer(), cv) : p.pool());
        }
        // the model's draws scaled by how much slower the containers served here than the profile says
        double scale = measuredService / predictedService;
        double[] draws = w.model().draws();
        for (int i = 0; i < draws.length; i++) {
            draws[i] *= scale;
        }
        Pools again = w.model().withPools(draws, calibrated);
        double calibratedP95 = again.latencyPercentile(kept, full, 95);
        List<PoolComparison> pools = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            ClusterPlanService.PoolPlan p = w.pools().get(g);
            ClusterRunner.PoolResult measured = r.pools().get(g);
            predictedWait += p.shared().meanWaitMs();
            pools.add(new PoolComparison(p.pool().group(), p.keptContainers(), measured.maxInFlight(),
                    measured.invocations(), p.pool().serviceMs() / p.cpuShare(), measured.meanServiceMs(),
                    p.pool().serviceCv(), measured.serviceCv(), p.shared().utilisation(), p.shared().meanWaitMs(),
                    Pools.queue(calibrated.get(g), kept[g], 1, w.percentile()).meanWaitMs(), measured.meanWaitMs()));
        }
        return new WorkflowComparison(w.name(), w.ratePerSecond(), w.percentile(), w.targetMs(), r.requests(),
                latency.length, r.failed(), r.firstFailure(), w.sharedMs().get(50.0), p50, w.sharedMs().get(95.0), p95,
                predictedWait, measuredWait, met, calibratedP95, pools);
    }
}
