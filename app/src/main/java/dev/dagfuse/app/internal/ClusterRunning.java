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

    /** Seconds of the sharing calibration's pilot at most. */
    static final int MAX_CALIBRATION = 600;

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
        if (request.calibration() < 0 || request.calibration() > MAX_CALIBRATION) {
            throw new RequestException("The --calibration (" + request.calibration() + " s) must be within 0.."
                    + MAX_CALIBRATION + " seconds. Maybe " + ClusterRunService.Request.DEFAULT_CALIBRATION + ".");
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
                new ClusterRunner.Options(request.requests(), request.warmup(), request.calibration(), request.seed()));
        if (request.calibration() == 0) {
            notes.add("No sharing calibration (--calibration 0): the prediction for this run takes the containers' "
                    + "threads to share this machine's cores ideally, which this machine's runs have not done.");
        }
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
        // this run predicted: its own arrivals (as the runner drew them, workflow i from seed + i) through every
        // workflow's pools from empty, all containers' threads sharing this machine's cores, each pool's slowed beside
        // others by its shared speed as the runner calibrated it before the clock
        List<TransientPools.Flow> flows = new ArrayList<>();
        for (int i = 0; i < plan.workflows().size(); i++) {
            ClusterPlanService.WorkflowPlan w = plan.workflows().get(i);
            double[] arrivalMs = ClusterRunner.arrivalSeconds(w.ratePerSecond(), request.requests(), request.seed() + i);
            for (int k = 0; k < arrivalMs.length; k++) {
                arrivalMs[k] *= 1000;
            }
            flows.add(new TransientPools.Flow(w.model().pools(),
                    ClusterRunner.groupPredecessors(w.context().workflow(), w.plan().plan()), kept(w), arrivalMs,
                    sharedSpeeds(report.workflows().get(i), w.model().pools())));
        }
        int replicates = replicates(request.requests());
        List<TransientPools.Waits> runs = TransientPools.simulate(flows, machineCores, replicates, request.seed());
        List<WorkflowComparison> comparisons = new ArrayList<>();
        int first = 0;
        for (int i = 0; i < plan.workflows().size(); i++) {
            ClusterPlanService.WorkflowPlan w = plan.workflows().get(i);
            comparisons.add(compare(w, report.workflows().get(i),
                    stretch == null ? null : stretch.subList(first, first + w.pools().size()), request.seed(),
                    flows.get(i), runs.get(i)));
            first += w.pools().size();
        }
        return new Result(plan, machineCores, report.wallSeconds(), comparisons, notes);
    }

    /**
     * Measured next to three predictions: plan-cluster's for the cluster; the same model for this machine in the steady
     * state, where each pool keeps its containers at full speed (the runner does not throttle) and its service is
     * stretched by sharing this machine's cores ({@code stretches}, null when a pool saturates here): each invocation
     * by a factor drawn from its pool's stretch distribution, which lengthens the mean and widens the spread (c_s) of
     * its service; and the model for this run ({@code run}: its own arrivals from empty pools, the containers sharing
     * this machine's cores as they run, each pool at its calibrated shared speed beside others, {@link TransientPools}):
     * the model's draws plus each simulated request's excess (its waits and its slowing by the sharing). The calibrated
     * one is for this run too, with the service times and c_s measured (which include the sharing) and no further
     * sharing.
     */
    private static WorkflowComparison compare(ClusterPlanService.WorkflowPlan w, ClusterRunner.WorkflowResult r,
                                              List<CoreSharing.Stretch> stretches, long seed, TransientPools.Flow flow,
                                              TransientPools.Waits run) {
        double[] latency = r.latencyMs().stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p50 = latency.length == 0 ? Double.NaN : Quantiles.percentileOfSorted(latency, 50);
        double p95 = latency.length == 0 ? Double.NaN : Quantiles.percentileOfSorted(latency, 95);
        double met = latency.length == 0 ? Double.NaN
                : Arrays.stream(latency).filter(ms -> ms <= w.targetMs()).count() / (double) latency.length;
        double measuredWait = r.waitMs().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        int n = w.pools().size();
        int[] kept = flow.containers();
        double[] full = new double[n];
        Arrays.fill(full, 1);
        boolean stable = stretches != null;
        List<Pools.Pool> here = new ArrayList<>();
        List<Pools.Pool> calibrated = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            Pools.Pool pool = w.pools().get(g).pool();
            ClusterRunner.PoolResult m = r.pools().get(g);
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
        TransientPools.Waits calibratedRun = TransientPools.simulate(calibrated, flow.predecessors(), kept,
                flow.arrivalMs(), run.requestWaitMs().size(), seed);
        double[] predicted = runLatency(w.model().draws(), run);
        double steadyWait = 0;
        double[] runService = run.meanServiceMs();
        double[] runCv = run.serviceCv();
        double[] runWait = run.meanInvocationWaitMs();
        double[] calibratedWait = calibratedRun.meanInvocationWaitMs();
        List<PoolComparison> pools = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            ClusterPlanService.PoolPlan p = w.pools().get(g);
            ClusterRunner.PoolResult measured = r.pools().get(g);
            double steady = stable ? herePools.queue(g, kept[g], 1, w.percentile()).meanWaitMs() : Double.POSITIVE_INFINITY;
            steadyWait += steady;
            pools.add(new PoolComparison(p.pool().group(), p.keptContainers(), measured.maxInFlight(),
                    measured.invocations(), stable ? stretches.get(g).mean() : Double.POSITIVE_INFINITY,
                    runService[g] / p.pool().serviceMs(), runService[g], measured.meanServiceMs(), runCv[g],
                    measured.serviceCv(), p.pool().invocationsPerSecond() * runService[g] / 1000 / kept[g], steady,
                    runWait[g], calibratedWait[g], measured.meanWaitMs(),
                    measured.calibration() == null ? Double.NaN : flow.sharedSpeed()[g],
                    measured.calibration() == null ? Double.NaN : measured.calibration().aloneMs()));
        }
        return new WorkflowComparison(w.name(), w.ratePerSecond(), w.percentile(), w.targetMs(), r.requests(),
                latency.length, r.failed(), r.firstFailure(), w.sharedMs().get(95.0),
                stable ? herePools.latencyPercentile(kept, full, 95) : Double.POSITIVE_INFINITY,
                Quantiles.percentileOfSorted(predicted, 50), p50, Quantiles.percentileOfSorted(predicted, 95), p95,
                steadyWait, run.meanRequestWaitMs(), measuredWait, met,
                Quantiles.percentileOfSorted(runLatency(calibratedPools.draws(), calibratedRun), 95), pools);
    }

    /**
     * Per pool, the shared speed fitted to the runner's pilot before the clock (1 where none ran), against the model's
     * service time: the work the simulation gives each invocation (the profile's, averaged over many runs; the runner's
     * own time alone, five runs of one request's items, moved by up to 9% from run to run).
     */
    private static double[] sharedSpeeds(ClusterRunner.WorkflowResult r, List<Pools.Pool> pools) {
        double[] speeds = new double[pools.size()];
        for (int g = 0; g < speeds.length; g++) {
            ClusterRunner.Calibration c = r.pools().get(g).calibration();
            speeds[g] = c == null ? 1 : c.sharedSpeed(pools.get(g).serviceMs());
        }
        return speeds;
    }

    /** Per workflow pool, its kept containers. */
    private static int[] kept(ClusterPlanService.WorkflowPlan w) {
        return w.pools().stream().mapToInt(ClusterPlanService.PoolPlan::keptContainers).toArray();
    }

    /** Replicates of the run's simulation: about 40,000 simulated requests per workflow in all (1..2,000). */
    private static int replicates(int requests) {
        return (int) Math.max(1, Math.min(2_000, Math.ceil(40_000 / (double) requests)));
    }

    /**
     * The predicted latencies of a run, sorted: each simulated request's excess (its latency beyond its own work:
     * waits, sharing) added to one of the model's draws (which are independent, so any pairing is one; reused past
     * their count).
     */
    private static double[] runLatency(double[] draws, TransientPools.Waits run) {
        List<double[]> excess = run.requestExcessMs();
        int n = excess.get(0).length;
        double[] latency = new double[excess.size() * n];
        for (int r = 0; r < excess.size(); r++) {
            for (int i = 0; i < n; i++) {
                int k = r * n + i;
                latency[k] = draws[k % draws.length] + excess.get(r)[i];
            }
        }
        Arrays.sort(latency);
        return latency;
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
