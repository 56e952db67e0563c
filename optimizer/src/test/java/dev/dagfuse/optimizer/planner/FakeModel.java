// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.planner;

import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.model.stats.Quantiles;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A small deterministic stand-in for the Monte Carlo model, for planner tests: each branch of each function has
 * a lognormal work per draw (at one vCPU); a group's invocation runs its chain on its bundle's items sharing
 * the memory's vCPUs, each item capped at the function's parallelism; a group's latency is its slowest
 * invocation plus a fixed overhead; cost is billed duration × GB plus requests. Plans compose by longest path.
 */
final class FakeModel implements PlanEvaluator, GroupModel {

    static final double OVERHEAD_MS = 30;
    static final double GB_SECOND_USD = 0.0000166667;
    static final double REQUEST_USD = 0.2e-6;

    private final Workflow workflow;
    private final ModelOptions options;
    private final List<Integer> memories;
    private final Map<String, double[][]> work = new HashMap<>();
    private final Map<String, Double> peakMB = new HashMap<>();
    private final Map<String, Integer> parallelism = new HashMap<>();
    private final Map<String, double[]> groupDraws = new HashMap<>();
    private final Map<String, Double> groupCost = new HashMap<>();

    FakeModel(Workflow workflow, long seed, int samples, List<Integer> memories) {
        this.workflow = workflow;
        this.options = new ModelOptions(samples, seed, List.of(50.0, 90.0, 95.0, 99.0));
        this.memories = List.copyOf(memories);
        SplittableRandom params = new SplittableRandom(seed);
        for (String f : workflow.functions().keySet()) {
            double medianMs = 40 + params.nextDouble() * 700;
            double sigma = 0.1 + params.nextDouble() * 0.5;
            peakMB.put(f, 80 + params.nextDouble() * 500);
            parallelism.put(f, 1 + params.nextInt(3));
            int n = workflow.function(f).fanOut();
            SplittableRandom r = params.split();
            double[][] w = new double[samples][n];
            for (int i = 0; i < samples; i++) {
                for (int j = 0; j < n; j++) {
                    w[i][j] = medianMs * Math.exp(sigma * gaussian(r));
                }
            }
            work.put(f, w);
        }
    }

    /** Peak memory of a function, to build unplaceable cases. */
    synchronized void setPeakMB(String function, double mb) {
        peakMB.put(function, mb);
        groupDraws.clear();
        groupCost.clear();
    }

    private static double gaussian(SplittableRandom r) {
        double u = Math.max(1e-12, r.nextDouble());
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    @Override
    public synchronized boolean isFeasible(List<String> chain, int memoryMB, int bundleSize) {
        double peak = chain.stream().mapToDouble(peakMB::get).max().orElseThrow();
        return bundleSize * peak <= memoryMB;
    }

    @Override
    public synchronized double[] latencyDraws(List<String> chain, int memoryMB, int bundleSize) {
        compute(chain, memoryMB, bundleSize);
        return groupDraws.get(key(chain, memoryMB, bundleSize)).clone();
    }

    @Override
    public synchronized double meanCostUsd(List<String> chain, int memoryMB, int bundleSize) {
        compute(chain, memoryMB, bundleSize);
        return groupCost.get(key(chain, memoryMB, bundleSize));
    }

    @Override
    public List<Integer> memoryOptions(List<String> chain) {
        return memories;
    }

    private static String key(List<String> chain, int m, int k) {
        return String.join("+", chain) + "@" + m + "/" + k;
    }

    private void compute(List<String> chain, int memoryMB, int bundleSize) {
        String key = key(chain, memoryMB, bundleSize);
        if (groupDraws.containsKey(key)) {
            return;
        }
        int n = workflow.function(chain.get(0)).fanOut();
        int invocations = PlanGroup.invocations(n, bundleSize);
        double vcpus = ScalingModel.vcpus(memoryMB);
        double[] latency = new double[options.samples()];
        double billedMs = 0;
        for (int i = 0; i < options.samples(); i++) {
            double slowest = 0;
            for (int inv = 0; inv < invocations; inv++) {
                int from = inv * bundleSize;
                int to = Math.min(n, from + bundleSize);
                double t = OVERHEAD_MS;
                for (String f : chain) {
                    double[] w = work.get(f)[i];
                    double cap = Math.min(parallelism.get(f), vcpus);
                    double longest = 0;
                    double total = 0;
                    for (int j = from; j < to; j++) {
                        longest = Math.max(longest, w[j]);
                        total += w[j];
                    }
                    t += Math.max(longest / cap, total / vcpus);
                }
                slowest = Math.max(slowest, t);
                billedMs += Math.ceil(t - OVERHEAD_MS + 1);
            }
            latency[i] = slowest;
        }
        double meanBilled = billedMs / options.samples();
        double cost = meanBilled / 1000 * memoryMB / 1024.0 * GB_SECOND_USD + invocations * REQUEST_USD;
        groupDraws.put(key, latency);
        groupCost.put(key, cost);
    }

    @Override
    public Evaluation evaluate(Plan plan) {
        double[] request = latencyDraws(plan);
        List<Double> percentiles = new ArrayList<>(options.percentiles());
        if (plan.objective() != null && !percentiles.contains(plan.objective().percentile())) {
            percentiles.add(plan.objective().percentile());
        }
        Map<Double, Double> latency = new LinkedHashMap<>();
        for (double p : percentiles) {
            latency.put(p, Quantiles.percentile(request, p));
        }
        List<Evaluation.GroupEvaluation> groups = new ArrayList<>();
        double cost = 0;
        for (PlanGroup g : plan.groups()) {
            double c = meanCostUsd(g.functions(), g.memoryMB(), g.bundleSize());
            cost += c;
            double[] d = latencyDraws(g.functions(), g.memoryMB(), g.bundleSize());
            Map<Double, Double> own = new LinkedHashMap<>();
            for (double p : percentiles) {
                own.put(p, Quantiles.percentile(d, p));
            }
            groups.add(new Evaluation.GroupEvaluation(g.id(), own, c));
        }
        return new Evaluation(new Predicted(latency, cost), groups, 0.0);
    }

    @Override
    public double[] latencyDraws(Plan plan) {
        int n = options.samples();
        Map<String, double[]> finishOfLast = new HashMap<>();
        double[] request = new double[n];
        for (PlanGroup g : plan.groups()) {
            double[] d = latencyDraws(g.functions(), g.memoryMB(), g.bundleSize());
            double[] finish = new double[n];
            for (String p : workflow.predecessors(g.functions().get(0))) {
                double[] pf = finishOfLast.get(p);
                for (int i = 0; i < n; i++) {
                    finish[i] = Math.max(finish[i], pf[i]);
                }
            }
            for (int i = 0; i < n; i++) {
                finish[i] += d[i];
                request[i] = Math.max(request[i], finish[i]);
            }
            finishOfLast.put(g.functions().get(g.functions().size() - 1), finish);
        }
        return request;
    }

    @Override
    public GroupModel groupModel() {
        return this;
    }

    @Override
    public ModelOptions options() {
        return options;
    }
}
