// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.Load;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model under an hourly pattern ({@code load.pattern}; docs/model.md, "Hourly patterns"): the Monte Carlo model at
 * each distinct hourly rate &gt; 0, with the same samples and seed (common random numbers across the hours). A plan
 * must meet its objective in every hour: its predicted latency is its binding hour's (the highest at the objective's
 * percentile); its cost per request is the day's mean, each hour's requests at that hour's cost, provisioned
 * environments kept all day. Provisioned concurrency is one count for the day: a spill target is resolved at the
 * busiest hour. The planners search a conservative view: a candidate group's draws are its worst over the hours, draw
 * by draw, so a plan they accept meets the target in every hour.
 */
public final class PatternEvaluator implements PlanEvaluator {

    private final ModelOptions options;
    private final List<Double> hourly;
    /** Per distinct rate &gt; 0, ascending, its model. */
    private final TreeMap<Double, MonteCarloEvaluator> byRate = new TreeMap<>();
    /** Per distinct rate, the share of the day's requests arriving at it. */
    private final Map<Double, Double> weight = new LinkedHashMap<>();
    private final double meanRate;
    private final MonteCarloEvaluator peak;
    private final Map<Orchestration, Groups> views = new ConcurrentHashMap<>();

    public PatternEvaluator(Workflow workflow, Profile profile, ModelOptions options) {
        List<Double> pattern = options.patternFor(workflow);
        if (pattern == null) {
            throw new IllegalArgumentException("The workflow (" + workflow.name() + ") has no hourly pattern.");
        }
        this.options = options;
        this.hourly = List.copyOf(pattern);
        double sum = hourly.stream().mapToDouble(Double::doubleValue).sum();
        this.meanRate = sum / Load.HOURS;
        MonteCarloEvaluator first = null;
        for (double r : hourly) {
            if (r > 0) {
                weight.merge(r, r / sum, Double::sum);
                if (first == null) {
                    first = new MonteCarloEvaluator(workflow, profile, options.withRate(r));
                    byRate.put(r, first);
                } else if (!byRate.containsKey(r)) {
                    // the hours share the function models and their warm draws: only the cold starts differ
                    byRate.put(r, new MonteCarloEvaluator(first, r));
                }
            }
        }
        this.peak = byRate.lastEntry().getValue();
    }

    @Override
    public ModelOptions options() {
        return options;
    }

    @Override
    public GroupModel groupModel() {
        return groupModel(null);
    }

    @Override
    public GroupModel groupModel(Orchestration orchestration) {
        GroupModel atPeak = peak.groupModel(orchestration);
        Orchestration o = atPeak.orchestration();
        return o == null ? new Groups(null) : views.computeIfAbsent(o, Groups::new);
    }

    /** The plan with every spill target already a count: plans carry counts, so nothing to do. */
    @Override
    public Evaluation evaluate(Plan plan) {
        Map<Double, Evaluation> each = new LinkedHashMap<>();
        byRate.forEach((rate, model) -> each.put(rate, model.evaluate(plan)));
        double percentile = plan.objective() != null ? plan.objective().percentile() : 95;
        double bindingRate = Double.NaN;
        double worst = Double.NEGATIVE_INFINITY;
        Map<Double, Double> at = new TreeMap<>();
        for (Map.Entry<Double, Evaluation> e : each.entrySet()) {
            double p = e.getValue().predicted().percentileMs(percentile);
            at.put(e.getKey(), p);
            if (p > worst) { // ties: the lowest rate (the first), whose cold starts are the most
                worst = p;
                bindingRate = e.getKey();
            }
        }
        Evaluation binding = each.get(bindingRate);
        // per group, the day's mean cost per request: each hour's cost without the keep, plus the keep at the mean rate
        List<Evaluation.GroupEvaluation> groups = new ArrayList<>();
        double orchestration = 0;
        double cost = 0;
        for (int g = 0; g < plan.groups().size(); g++) {
            double day = 0;
            Evaluation.Provisioned keep = null;
            for (Map.Entry<Double, Evaluation> e : each.entrySet()) {
                Evaluation.GroupEvaluation ge = e.getValue().groups().get(g);
                double keepHere = ge.provisioned() == null ? 0 : ge.provisioned().keepCostUsd();
                day += weight.get(e.getKey()) * (ge.meanCostUsd() - keepHere);
                if (ge.provisioned() != null) {
                    // the keep is ∝ 1 / rate: at the day's mean rate, per request of the day
                    keep = new Evaluation.Provisioned(ge.provisioned().environments(),
                            binding.groups().get(g).provisioned().spill(), keepHere * e.getKey() / meanRate);
                }
            }
            if (keep != null) {
                day += keep.keepCostUsd();
            }
            Evaluation.GroupEvaluation b = binding.groups().get(g);
            groups.add(new Evaluation.GroupEvaluation(b.groupId(), b.latencyMs(), day, b.coldStartProbability(), keep,
                    b.snapStart()));
            cost += day;
        }
        for (Map.Entry<Double, Evaluation> e : each.entrySet()) {
            orchestration += weight.get(e.getKey()) * e.getValue().orchestrationCostUsd();
        }
        cost += orchestration;
        LinkedHashSet<String> warnings = new LinkedHashSet<>();
        LinkedHashSet<String> violations = new LinkedHashSet<>();
        each.values().forEach(e -> {
            warnings.addAll(e.warnings());
            violations.addAll(e.violations());
        });
        Predicted predicted = new Predicted(binding.predicted().latencyMs(), cost,
                new Predicted.Model(options.samples(), options.seed(), Models.VERSION, 0));
        double requestsPerDay = meanRate * 86_400;
        Evaluation.Hours hours = new Evaluation.Hours(hourly, percentile, at, bindingRate, cost * requestsPerDay);
        return new Evaluation(predicted, groups, orchestration, List.copyOf(warnings), List.copyOf(violations), hours);
    }

    /** The binding hour's request draws (those of {@link #evaluate}'s predicted latency). */
    @Override
    public double[] latencyDraws(Plan plan) {
        double percentile = plan.objective() != null ? plan.objective().percentile() : 95;
        double[] worst = null;
        double worstAt = Double.NEGATIVE_INFINITY;
        for (MonteCarloEvaluator model : byRate.values()) {
            double[] d = model.latencyDraws(plan);
            double p = dev.dagfuse.model.stats.Quantiles.percentile(d, percentile);
            if (p > worstAt) {
                worstAt = p;
                worst = d;
            }
        }
        return worst;
    }

    /** The planners' view: every hour's group model at once. */
    private final class Groups implements GroupModel {

        private final Orchestration orchestration;
        private final GroupModel atPeak;
        private final Map<Double, GroupModel> hours = new LinkedHashMap<>();
        private final Map<List<Object>, double[]> worstDraws = new ConcurrentHashMap<>();

        Groups(Orchestration orchestration) {
            this.orchestration = orchestration;
            this.atPeak = peak.groupModel(orchestration);
            byRate.forEach((rate, model) -> hours.put(rate, model.groupModel(orchestration)));
        }

        /** A spill target as the count it gives at the busiest hour (one count for the whole day). */
        private Variant resolved(List<String> chain, int memoryMB, int bundleSize, Variant v) {
            if (v.provisioning() == null || v.provisioning().environments() > 0) {
                return v;
            }
            int c = atPeak.provisioned(chain, memoryMB, bundleSize, v).environments();
            return new Variant(v.architecture(), v.map(), Provisioning.of(c), false);
        }

        @Override
        public Orchestration orchestration() {
            return orchestration;
        }

        @Override
        public List<Variant> variants(List<String> chain) {
            return atPeak.variants(chain);
        }

        /** Worth drawing in some hour. */
        @Override
        public boolean isWorthDrawing(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            Variant v = resolved(chain, memoryMB, bundleSize, variant);
            for (GroupModel hour : hours.values()) {
                if (hour.isWorthDrawing(chain, memoryMB, bundleSize, v)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean isFeasible(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            return atPeak.isFeasible(chain, memoryMB, bundleSize, variant);
        }

        /** Draw by draw, the worst hour's: an upper bound of the group's latency in every hour. */
        @Override
        public double[] latencyDraws(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            Variant v = resolved(chain, memoryMB, bundleSize, variant);
            List<Object> key = List.of(List.copyOf(chain), memoryMB, bundleSize, v);
            double[] hit = worstDraws.get(key);
            if (hit != null) {
                return hit;
            }
            double[] worst = null;
            for (GroupModel hour : hours.values()) {
                double[] d = hour.latencyDraws(chain, memoryMB, bundleSize, v);
                if (worst == null) {
                    worst = d.clone();
                } else {
                    for (int i = 0; i < worst.length; i++) {
                        worst[i] = Math.max(worst[i], d[i]);
                    }
                }
            }
            if (worstDraws.size() > 4096) {
                worstDraws.clear();
            }
            worstDraws.put(key, worst);
            return worst;
        }

        /** The day's mean cost per request (as {@link PatternEvaluator#evaluate} counts a plan's groups). */
        @Override
        public double meanCostUsd(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            Variant v = resolved(chain, memoryMB, bundleSize, variant);
            double day = 0;
            double keep = 0;
            for (Map.Entry<Double, GroupModel> e : hours.entrySet()) {
                double keepHere = v.provisioning() == null ? 0
                        : e.getValue().provisioned(chain, memoryMB, bundleSize, v).keepUsd();
                day += weight.get(e.getKey()) * (e.getValue().meanCostUsd(chain, memoryMB, bundleSize, v) - keepHere);
                keep = keepHere * e.getKey() / meanRate;
            }
            return day + keep;
        }

        @Override
        public Provisioned provisioned(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            Variant v = resolved(chain, memoryMB, bundleSize, variant);
            return atPeak.provisioned(chain, memoryMB, bundleSize, v);
        }

        @Override
        public String limitViolation(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            Variant v = resolved(chain, memoryMB, bundleSize, variant);
            for (GroupModel hour : hours.values()) {
                String problem = hour.limitViolation(chain, memoryMB, bundleSize, v);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }

        /**
         * Only the charge's constant part: the planners pass the worst-hour bound, whose duration charge can exceed the
         * day's mean, so anything more would not be a lower bound.
         */
        @Override
        public double requestCostBound(double[] requestLatencyMs) {
            return atPeak.requestCostBound(new double[] {0});
        }

        @Override
        public double requestCostPerMs() {
            return 0;
        }

        @Override
        public boolean isDominated(List<String> chain, int bundleSize, Variant variant) {
            return atPeak.isDominated(chain, bundleSize, variant);
        }

        @Override
        public String requestLimitViolation(double[] requestLatencyMs) {
            return atPeak.requestLimitViolation(requestLatencyMs);
        }

        @Override
        public boolean isFeasible(List<String> chain, int memoryMB, int bundleSize) {
            return isFeasible(chain, memoryMB, bundleSize, Variant.DEFAULT);
        }

        @Override
        public double[] latencyDraws(List<String> chain, int memoryMB, int bundleSize) {
            return latencyDraws(chain, memoryMB, bundleSize, Variant.DEFAULT);
        }

        @Override
        public double meanCostUsd(List<String> chain, int memoryMB, int bundleSize) {
            return meanCostUsd(chain, memoryMB, bundleSize, Variant.DEFAULT);
        }

        @Override
        public List<Integer> memoryOptions(List<String> chain) {
            return atPeak.memoryOptions(chain);
        }

        @Override
        public int saturationMB(List<String> chain, int bundleSize) {
            return atPeak.saturationMB(chain, bundleSize);
        }

        @Override
        public boolean isLongestPathExact() {
            return atPeak.isLongestPathExact();
        }

        @Override
        public boolean runsAsStateMachine() {
            return atPeak.runsAsStateMachine();
        }
    }
}
