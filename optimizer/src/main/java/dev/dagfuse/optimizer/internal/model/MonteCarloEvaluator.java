package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.EdgeKind;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.stats.Quantiles;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.PlanEvaluator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The Monte Carlo latency/cost model of docs/model.md. Per-group results are cached (bounded), so planners can
 * call {@link #groupModel()} for many candidates and {@link #evaluate} on their combinations cheaply.
 * Thread-safe.
 */
public final class MonteCarloEvaluator implements PlanEvaluator {

    /** At most 96 MB of cached draws, or an eighth of the heap when that is smaller. */
    private static final long CACHE_BYTES = Math.min(96L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final Workflow workflow;
    private final Platform platform;
    private final ModelOptions options;
    private final Map<String, FunctionModel> functions = new LinkedHashMap<>();
    private final Map<String, Integer> topoIndex = new HashMap<>();
    private final GroupSimulator simulator;
    /** Least recently used first; guarded by itself; at most CACHE_BYTES of draws (always at least one plan's groups). */
    private final LinkedHashMap<Key, GroupResult> cache;
    private long cachedBytes;
    private final Groups groups = new Groups();

    private record Key(List<String> chain, int memoryMB, int bundleSize) {
    }

    /**
     * Needs a profile with latency samples for every function (see {@code Inputs.requireProfiles}). The workflow's
     * platform is calibrated by the profile's machine (e.g. the local store's measured costs).
     */
    public MonteCarloEvaluator(Workflow workflow, Profile profile, ModelOptions options) {
        this.workflow = workflow;
        this.platform = workflow.platform().calibratedBy(profile.machine());
        this.options = options;
        List<String> order = workflow.topologicalOrder();
        for (int i = 0; i < order.size(); i++) {
            topoIndex.put(order.get(i), i);
        }
        long limit = platform.overheads().inlineLimitBytes();
        for (String name : order) {
            FunctionSpec spec = workflow.function(name);
            FunctionProfile fp = profile.function(name);
            if (fp == null) {
                throw new IllegalArgumentException("The function (" + name + ") has no profile.");
            }
            List<FunctionModel.Input> inputs = new ArrayList<>();
            for (String p : spec.after()) {
                FunctionSpec from = workflow.function(p);
                EdgeKind kind = workflow.edgeKind(p, name);
                long bytes = profile.function(p).outputBytes();
                inputs.add(new FunctionModel.Input(p, from.fanOut(), kind, bytes, perItemBytes(kind, from.fanOut(), bytes) > limit));
            }
            boolean writesS3 = false;
            List<String> successors = workflow.successors(name);
            for (String s : successors) {
                EdgeKind kind = workflow.edgeKind(name, s);
                writesS3 |= perItemBytes(kind, spec.fanOut(), fp.outputBytes()) > limit;
            }
            if (successors.isEmpty()) {
                writesS3 = fp.outputBytes() > limit; // a large result is left in S3 for the caller
            }
            functions.put(name, new FunctionModel(spec, fp, inputs, writesS3, options.seed()));
        }
        this.simulator = new GroupSimulator(options.samples(), platform);
        this.cache = new LinkedHashMap<>(256, 0.75f, true);
    }

    // The payload one consumer item needs from the producer, which decides inline (≤ limit) or S3.
    private static double perItemBytes(EdgeKind kind, int fromFanOut, long bytes) {
        return kind == EdgeKind.GATHER || kind == EdgeKind.ALL_TO_ALL ? (double) fromFanOut * bytes : bytes;
    }

    public Workflow workflow() {
        return workflow;
    }

    /** The platform the model draws for: the workflow's, calibrated by the profile. */
    public Platform platform() {
        return platform;
    }

    @Override
    public ModelOptions options() {
        return options;
    }

    @Override
    public GroupModel groupModel() {
        return groups;
    }

    @Override
    public double[] latencyDraws(Plan plan) {
        PlanValidator.validate(plan, workflow, "plan");
        return requestLatency(plan, results(plan));
    }

    @Override
    public Evaluation evaluate(Plan plan) {
        PlanValidator.validate(plan, workflow, "plan");
        List<GroupResult> results = results(plan);
        double[] latency = requestLatency(plan, results);
        double[] sorted = latency.clone();
        Arrays.sort(sorted);
        List<Double> percentiles = new ArrayList<>(new TreeSet<>(options.percentiles()));
        if (plan.objective() != null && !percentiles.contains(plan.objective().percentile())) {
            percentiles.add(plan.objective().percentile());
            percentiles.sort(null);
        }
        Map<Double, Double> requestPercentiles = new LinkedHashMap<>();
        percentiles.forEach(p -> requestPercentiles.put(p, Quantiles.percentileOfSorted(sorted, p)));

        List<Evaluation.GroupEvaluation> groupEvaluations = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        double cost = 0;
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            GroupResult r = results.get(g);
            double[] groupSorted = r.latencyMs().clone();
            Arrays.sort(groupSorted);
            Map<Double, Double> gp = new LinkedHashMap<>();
            percentiles.forEach(p -> gp.put(p, Quantiles.percentileOfSorted(groupSorted, p)));
            groupEvaluations.add(new Evaluation.GroupEvaluation(group.id(), gp, r.costUsd()));
            cost += r.costUsd();
            String problem = groups.infeasibility(group.functions(), group.memoryMB(), group.bundleSize());
            if (problem != null) {
                warnings.add("The group (" + group.id() + ") " + problem);
            }
        }
        double orchestration = platform.requestOrchestrationCost(latency);
        cost += orchestration;
        Predicted.Model basis = new Predicted.Model(options.samples(), options.seed(), dev.dagfuse.optimizer.Models.VERSION);
        return new Evaluation(new Predicted(requestPercentiles, cost, basis), groupEvaluations, orchestration, warnings);
    }

    private List<GroupResult> results(Plan plan) {
        List<GroupResult> results = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            results.add(groups.result(g.functions(), g.memoryMB(), g.bundleSize()));
        }
        return results;
    }

    // Longest path over the groups, draw by draw: a group starts when all its predecessor groups have finished.
    // On a platform whose invocations share cores, they also queue for them (ListScheduler).
    private double[] requestLatency(Plan plan, List<GroupResult> results) {
        if (platform.sharedCores() > 0) {
            return sharedCoresLatency(plan, results);
        }
        int count = plan.groups().size();
        Map<String, Integer> groupOf = new HashMap<>();
        for (int g = 0; g < count; g++) {
            for (String f : plan.groups().get(g).functions()) {
                groupOf.put(f, g);
            }
        }
        Integer[] order = new Integer[count];
        for (int g = 0; g < count; g++) {
            order[g] = g;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(topoIndex.get(plan.groups().get(a).functions().get(0)),
                topoIndex.get(plan.groups().get(b).functions().get(0))));
        int n = options.samples();
        double[][] finish = new double[count][];
        double[] request = new double[n];
        for (int g : order) {
            PlanGroup group = plan.groups().get(g);
            List<Integer> preds = new ArrayList<>();
            for (String p : workflow.predecessors(group.functions().get(0))) {
                int pg = groupOf.get(p);
                if (pg != g && !preds.contains(pg)) {
                    preds.add(pg);
                }
            }
            double[] own = results.get(g).latencyMs();
            double[] end = new double[n];
            for (int i = 0; i < n; i++) {
                double start = 0;
                for (int pg : preds) {
                    start = Math.max(start, finish[pg][i]);
                }
                end[i] = start + own[i];
                if (end[i] > request[i]) {
                    request[i] = end[i];
                }
            }
            finish[g] = end;
        }
        return request;
    }

    private double[] sharedCoresLatency(Plan plan, List<GroupResult> results) {
        int count = plan.groups().size();
        Map<String, Integer> groupOf = new HashMap<>();
        for (int g = 0; g < count; g++) {
            for (String f : plan.groups().get(g).functions()) {
                groupOf.put(f, g);
            }
        }
        int[][] preds = new int[count][];
        int[] rank = new int[count];
        for (int g = 0; g < count; g++) {
            List<String> fns = plan.groups().get(g).functions();
            rank[g] = topoIndex.get(fns.get(0));
            preds[g] = workflow.predecessors(fns.get(0)).stream().mapToInt(groupOf::get)
                    .distinct().toArray();
        }
        return new ListScheduler(platform.sharedCores(), preds, rank).schedule(results.toArray(new GroupResult[0]),
                options.samples());
    }

    /** The per-group view: the same draws and cache as {@link #evaluate}. */
    private final class Groups implements GroupModel {

        GroupResult result(List<String> chain, int memoryMB, int bundleSize) {
            Key key = new Key(List.copyOf(chain), memoryMB, bundleSize);
            synchronized (cache) {
                GroupResult hit = cache.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            // computed outside the lock: planner threads simulate in parallel (a rare duplicate is harmless)
            GroupResult r = simulator.simulate(models(chain, bundleSize), memoryMB, bundleSize);
            synchronized (cache) {
                GroupResult previous = cache.put(key, r);
                cachedBytes += r.bytes() - (previous == null ? 0 : previous.bytes());
                var eldest = cache.entrySet().iterator();
                while (cachedBytes > CACHE_BYTES && cache.size() > 64 && eldest.hasNext()) {
                    GroupResult dropped = eldest.next().getValue();
                    eldest.remove();
                    cachedBytes -= dropped.bytes();
                }
            }
            return r;
        }

        private List<FunctionModel> models(List<String> chain, int bundleSize) {
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("A group needs at least one function.");
            }
            List<FunctionModel> models = new ArrayList<>();
            for (int i = 0; i < chain.size(); i++) {
                FunctionModel f = functions.get(chain.get(i));
                if (f == null) {
                    throw new IllegalArgumentException("The workflow (" + workflow.name() + ") has no function ("
                            + chain.get(i) + ").");
                }
                if (i > 0 && !PlanValidator.isFusible(workflow, chain.get(i - 1), chain.get(i))) {
                    throw new IllegalArgumentException("The functions (" + chain.get(i - 1) + ") and (" + chain.get(i)
                            + ") are not a fusible chain.");
                }
                models.add(f);
            }
            int fanOut = models.get(0).fanOut;
            if (bundleSize < 1 || bundleSize > fanOut) {
                throw new IllegalArgumentException("The bundle size (" + bundleSize + ") of group " + chain
                        + " must be within 1.." + fanOut + ".");
            }
            return models;
        }

        /**
         * On Lambda: alone (bundle size 1) a function's work at m is its measured quantiles scaled by
         * t(cpu(m)) / t(cpu(largest measured size)), constant once m ≥ both the largest measured size and
         * parallelism × 1,769 MB; a bundle's items draw their work at 1 vCPU and share cpu(m) vCPUs, which stops
         * mattering once every item gets its full parallelism (cpu(m) ≥ k × parallelism). Nothing else in a group's
         * draws depends on m. Where invocations share cores, the cores an invocation holds also shape the queueing, so
         * nothing is claimed.
         */
        @Override
        public int saturationMB(List<String> chain, int bundleSize) {
            if (platform.sharedCores() > 0) {
                return Integer.MAX_VALUE;
            }
            List<FunctionModel> models = models(chain, bundleSize);
            int k = Math.min(bundleSize, models.get(0).fanOut);
            long from = 0;
            for (FunctionModel f : models) {
                long own = platform.memoryForVcpus(k * f.parallelism);
                if (k == 1) {
                    List<Integer> measured = f.scaling.measuredSizes();
                    own = Math.max(own, measured.get(measured.size() - 1));
                }
                from = Math.max(from, own);
            }
            return (int) Math.min(from, Integer.MAX_VALUE);
        }

        @Override
        public boolean isLongestPathExact() {
            return platform.sharedCores() == 0;
        }

        /** Why the group cannot run at this size, or null when it can. */
        String infeasibility(List<String> chain, int memoryMB, int bundleSize) {
            for (String name : chain) {
                FunctionModel f = functions.get(name);
                if (!f.fits(memoryMB, Math.min(bundleSize, f.fanOut))) {
                    return "does not fit in " + memoryMB + " MB: " + Math.min(bundleSize, f.fanOut) + " × the peak memory ("
                            + Math.round(f.peakMemoryMB) + " MB) of (" + name + ") × 1.1 headroom needs "
                            + (int) Math.ceil(Math.min(bundleSize, f.fanOut) * f.peakMemoryMB * 1.1 - 1e-9) + " MB.";
                }
            }
            if (memoryMB < platform.memoryMinMB() || memoryMB > platform.memoryMaxMB()) {
                return "has memory " + memoryMB + " MB outside the platform's " + platform.memoryMinMB() + ".."
                        + platform.memoryMaxMB() + " MB.";
            }
            return null;
        }

        @Override
        public boolean isFeasible(List<String> chain, int memoryMB, int bundleSize) {
            models(chain, bundleSize);
            return infeasibility(chain, memoryMB, bundleSize) == null;
        }

        @Override
        public double[] latencyDraws(List<String> chain, int memoryMB, int bundleSize) {
            return result(chain, memoryMB, bundleSize).latencyMs().clone();
        }

        @Override
        public double meanCostUsd(List<String> chain, int memoryMB, int bundleSize) {
            return result(chain, memoryMB, bundleSize).costUsd();
        }

        @Override
        public List<Integer> memoryOptions(List<String> chain) {
            List<Integer> declared = null;
            TreeSet<Integer> union = new TreeSet<>();
            for (String name : chain) {
                List<Integer> own = workflow.function(name).memoryOptionsMB();
                if (!own.isEmpty()) {
                    union.addAll(own);
                    if (declared == null) {
                        declared = new ArrayList<>(own);
                    } else {
                        declared.retainAll(own);
                    }
                }
            }
            TreeSet<Integer> sizes = new TreeSet<>(declared == null ? platform.memoryGridMB()
                    : declared.isEmpty() ? union : declared);
            List<Integer> out = new ArrayList<>();
            for (int m : sizes) {
                if (m >= platform.memoryMinMB() && m <= platform.memoryMaxMB() && infeasibility(chain, m, 1) == null) {
                    out.add(m);
                }
            }
            return out;
        }
    }
}
