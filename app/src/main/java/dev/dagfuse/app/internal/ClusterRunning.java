// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.ClusterPlanService;
import dev.dagfuse.app.ClusterRunService;
import dev.dagfuse.app.RequestException;
import dev.dagfuse.executor.ClusterRunner;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.stats.Quantiles;
import dev.dagfuse.optimizer.queueing.CoreSharing;
import dev.dagfuse.optimizer.queueing.Pools;
import dev.dagfuse.optimizer.queueing.TransientPools;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

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
                            + "containers run at full speed (the runner does not throttle), as the prediction for this "
                            + "run has them; plan-cluster's (P95 cluster) has them deflated.", w.name(), p.pool().group(),
                            100 * p.cpuShare()));
                }
            }
            pooled.add(new ClusterRunner.Pooled(w.context().workflow(), w.plan().plan(), w.ratePerSecond(), containers));
        }
        ClusterRunner.Report report = new ClusterRunner().run(pooled,
                new ClusterRunner.Options(request.requests(), request.warmup(), request.seed()));
        // the containers' threads share this machine's cores, whatever the cluster has: how much that stretches each
        // pool's service (processor sharing over all workflows' pools at once)
        int machineCores = Runtime.getRuntime().availableProcessors();
        List<CoreSharing.Load> loads = new ArrayList<>();
        for (ClusterPlanService.WorkflowPlan w : plan.workflows()) {
            for (ClusterPlanService.PoolPlan p : w.pools()) {
                loads.add(new CoreSharing.Load(p.keptContainers(), p.pool().coresPerContainer(),
                        p.pool().invocationsPerSecond(), p.pool().serviceMs()));
            }
        }
        List<CoreSharing.Stretch> stretch = CoreSharing.distributions(loads, machineCores);
        List<WorkflowComparison> comparisons = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < plan.workflows().size(); i++) {
            ClusterPlanService.WorkflowPlan w = plan.workflows().get(i);
            // the run's own arrivals, as the runner drew them (workflow i: seed + i)
            double[] arrivalMs = ClusterRunner.arrivalSeconds(w.ratePerSecond(), request.requests(), request.seed() + i);
            for (int k = 0; k < arrivalMs.length; k++) {
                arrivalMs[k] *= 1000;
            }
            comparisons.add(compare(w, report.workflows().get(i),
                    stretch == null ? null : stretch.subList(first, first + w.pools().size()), request.seed(),
                    ClusterRunner.groupPredecessors(w.context().workflow(), w.plan().plan()), arrivalMs));
            first += w.pools().size();
        }
        return new Result(plan, machineCores, report.wallSeconds(), comparisons, notes);
    }

    /**
     * Measured next to three predictions: plan-cluster's for the cluster; the same model for this machine in the steady
     * state, where each pool keeps its containers at full speed (the runner does not throttle) and its service is
     * stretched by sharing this machine's cores ({@code stretches}, null when a pool saturates here): each invocation
     * by a factor drawn from its pool's stretch distribution, which lengthens the mean and widens the spread (c_s) of
     * its service; and that model for this run: the same service, the waits of this run's own arrivals from empty
     * pools ({@link TransientPools}) in place of the steady state's. The calibrated one is the run's, with the service
     * times and c_s measured.
     */
    private static WorkflowComparison compare(ClusterPlanService.WorkflowPlan w, ClusterRunner.WorkflowResult r,
                                              List<CoreSharing.Stretch> stretches, long seed,
                                              List<List<Integer>> predecessors, double[] arrivalMs) {
        double[] latency = r.latencyMs().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = latency.length == 0 ? Double.NaN : Quantiles.percentileOfSorted(latency, 50);
        double p95 = latency.length == 0 ? Double.NaN : Quantiles.percentileOfSorted(latency, 95);
        double met = latency.length == 0 ? Double.NaN
                : Arrays.stream(latency).filter(ms -> ms <= w.targetMs()).count() / (double) latency.length;
        double measuredWait = r.waitMs().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        int n = w.pools().size();
        int[] kept = new int[n];
        double[] full = new double[n];
        Arrays.fill(full, 1);
        boolean stable = stretches != null;
        double[] stretch = new double[n];
        List<Pools.Pool> here = new ArrayList<>();
        List<Pools.Pool> calibrated = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            Pools.Pool pool = w.pools().get(g).pool();
            ClusterRunner.PoolResult m = r.pools().get(g);
            kept[g] = w.pools().get(g).keptContainers();
            // a pool that saturates here has no steady state: no prediction for this run (stretch ∞)
            stretch[g] = stable ? stretches.get(g).mean() : Double.POSITIVE_INFINITY;
            if (stable) {
                // service U·X, U the model's (mean S, c_s) and X the stretch, independent: E = S·E[X], and
                // 1 + c² = (1 + c_s²)·E[X²]/E[X]²
                CoreSharing.Stretch x = stretches.get(g);
                double cv = Math.sqrt(Math.max(0, (1 + pool.serviceCv() * pool.serviceCv()) * x.secondMoment()
                        / (x.mean() * x.mean()) - 1));
                here.add(withService(pool, pool.serviceMs() * x.mean(), cv));
            } else {
                here.add(pool);
            }
            boolean measured = m.invocations() > 0 && m.meanServiceMs() > 0;
            calibrated.add(measured ? withService(pool, m.meanServiceMs(),
                    Double.isNaN(m.serviceCv()) ? pool.serviceCv() : m.serviceCv()) : pool);
        }
        Pools herePools = stable ? rescaled(w.model(), here, stretches, seed) : null;
        Pools calibratedPools = rescaled(w.model(), calibrated, null, seed);
        RunPrediction run = stable ? RunPrediction.of(herePools, predecessors, kept, arrivalMs, seed) : null;
        RunPrediction calibratedRun = RunPrediction.of(calibratedPools, predecessors, kept, arrivalMs, seed);
        double steadyWait = 0;
        List<PoolComparison> pools = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            ClusterPlanService.PoolPlan p = w.pools().get(g);
            ClusterRunner.PoolResult measured = r.pools().get(g);
            Pools.Queue queue = stable ? herePools.queue(g, kept[g], 1, w.percentile())
                    : new Pools.Queue(Double.POSITIVE_INFINITY, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
            steadyWait += queue.meanWaitMs();
            pools.add(new PoolComparison(p.pool().group(), p.keptContainers(), measured.maxInFlight(),
                    measured.invocations(), stretch[g], p.pool().serviceMs() * stretch[g], measured.meanServiceMs(),
                    here.get(g).serviceCv(), measured.serviceCv(), queue.utilisation(), queue.meanWaitMs(),
                    stable ? run.poolMeanWaitMs()[g] : Double.POSITIVE_INFINITY, calibratedRun.poolMeanWaitMs()[g],
                    measured.meanWaitMs()));
        }
        double inf = Double.POSITIVE_INFINITY;
        return new WorkflowComparison(w.name(), w.ratePerSecond(), w.percentile(), w.targetMs(), r.requests(),
                latency.length, r.failed(), r.firstFailure(), w.sharedMs().get(95.0),
                stable ? herePools.latencyPercentile(kept, full, 95) : inf, stable ? run.p50Ms() : inf, p50,
                stable ? run.p95Ms() : inf, p95, steadyWait, stable ? run.meanWaitMs() : inf, measuredWait, met,
                calibratedRun.p95Ms(), pools);
    }

    /**
     * The model's prediction for one run: its latency draws plus, per request, the waits of the run's own arrivals
     * from empty pools, over replicates of the service draws (enough for about 40,000 requests in all).
     *
     * @param poolMeanWaitMs per pool, an invocation's mean wait
     */
    private record RunPrediction(double p50Ms, double p95Ms, double meanWaitMs, double[] poolMeanWaitMs) {

        static final int REQUESTS = 40_000;

        static RunPrediction of(Pools pools, List<List<Integer>> predecessors, int[] containers, double[] arrivalMs,
                                long seed) {
            int n = arrivalMs.length;
            int replicates = (int) Math.max(1, Math.min(2_000, Math.ceil(REQUESTS / (double) n)));
            TransientPools.Waits waits = TransientPools.simulate(pools.pools(), predecessors, containers, arrivalMs,
                    replicates, seed);
            double[] draws = pools.draws();
            double[] latency = new double[replicates * n];
            for (int r = 0; r < replicates; r++) {
                double[] wait = waits.requestWaitMs().get(r);
                for (int i = 0; i < n; i++) {
                    int k = r * n + i;
                    // the draws are independent, so any pairing of draws with requests is one; reused past their count
                    latency[k] = draws[k % draws.length] + wait[i];
                }
            }
            Arrays.sort(latency);
            return new RunPrediction(Quantiles.percentileOfSorted(latency, 50), Quantiles.percentileOfSorted(latency, 95),
                    waits.meanRequestWaitMs(), waits.meanInvocationWaitMs());
        }
    }

    private static Pools.Pool withService(Pools.Pool pool, double serviceMs, double cv) {
        return new Pools.Pool(pool.group(), pool.invocationsPerSecond(), serviceMs, pool.invocationsPerRequest(),
                pool.coresPerContainer(), cv);
    }

    /**
     * The model again with {@code pools} in place of its own: its draws scaled by the pools' service over its own (per
     * request, each group's service × its invocations), the same seed's waits; with {@code stretches}, each draw's
     * groups are stretched by a factor drawn from their distributions about that mean (seeded by {@code seed}).
     */
    private static Pools rescaled(Pools model, List<Pools.Pool> pools, List<CoreSharing.Stretch> stretches,
                                  long seed) {
        double before = 0;
        double after = 0;
        for (int g = 0; g < pools.size(); g++) {
            before += model.pools().get(g).serviceMs() * model.pools().get(g).invocationsPerRequest();
            after += pools.get(g).serviceMs() * pools.get(g).invocationsPerRequest();
        }
        double[] draws = model.draws();
        for (int i = 0; i < draws.length; i++) {
            draws[i] *= after / before;
        }
        if (stretches != null) {
            for (int g = 0; g < pools.size(); g++) {
                CoreSharing.Stretch x = stretches.get(g);
                // the group's time at full CPU per request, stretched by the draw's factor rather than the mean
                double unstretched = model.pools().get(g).serviceMs() * model.pools().get(g).invocationsPerRequest();
                Random random = new Random(seed * 31 + g);
                for (int i = 0; i < draws.length; i++) {
                    draws[i] += (x.quantile(random.nextDouble()) - x.mean()) * unstretched;
                }
            }
        }
        return model.withPools(draws, pools);
    }
}
