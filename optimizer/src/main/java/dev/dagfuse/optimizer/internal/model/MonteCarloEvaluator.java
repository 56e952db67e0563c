// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.SeriesParallel;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.scaling.ScalingModel;
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
    /** Kept to draw the same workflow with fewer requests ({@link #withSamples}). */
    private final Profile profile;
    private final Platform platform;
    private final ModelOptions options;
    private final Map<String, FunctionModel> functions = new LinkedHashMap<>();
    /** Per architecture other than the platform's, the functions with samples on it (same streams: common numbers). */
    private final Map<Architecture, Map<String, FunctionModel>> otherArchitectures = new java.util.EnumMap<>(
            Architecture.class);
    private final Map<String, Integer> topoIndex = new HashMap<>();
    /** The workflow's Step Functions shape: where it is run as a state machine, a group waits for what it says. */
    private final SeriesParallel shape;
    /** Per function, its place in {@code shape.order()} (the workflow's order unless barriers change it). */
    private final Map<String, Integer> stateIndex = new HashMap<>();
    private final GroupSimulator simulator;
    /** Which draws run which functions, when the workflow has choices. */
    private final Choices choices;
    /** What each function's model was built from: to build it again at another width of its fan-out. */
    private final Map<String, ModelArgs> args = new HashMap<>();
    /** Per function whose draws depend on a fan-out whose width varies, that fan-out's lane ({@code widths:}). */
    private final Map<String, String> widthKey = new HashMap<>();
    private final Map<String, FunctionModel> widthModels = new java.util.concurrent.ConcurrentHashMap<>();
    /** Unwrapped results of groups that a loop or a choice wraps, least recently used first ({@code rawResult}). */
    private final LinkedHashMap<Key, GroupResult> rawCache = new LinkedHashMap<>(16, 0.75f, true);

    private record ModelArgs(FunctionSpec spec, FunctionProfile profile, List<FunctionModel.Input> inputs,
                             boolean writesS3, long[] parallelStreams, int parallelsFirst) {
    }
    /** The requests' arrival rate the cold starts are drawn for (the options', else the workflow's), 0: none. */
    private final double ratePerSecond;
    /** Least recently used first; guarded by itself; at most CACHE_BYTES of draws (always at least one plan's groups). */
    private final LinkedHashMap<Key, GroupResult> cache;
    private long cachedBytes;
    /** Per orchestration (null: the platform has none), the group view the planners search. */
    private final Map<Orchestration, Groups> groupsByOrchestration = new java.util.concurrent.ConcurrentHashMap<>();
    private final Groups noOrchestration;
    /** Per orchestration with Parallel states, the warning about barriers the DAG does not have (see barriers()). */
    private final Map<Orchestration, String> barrierWarnings = new java.util.concurrent.ConcurrentHashMap<>();

    private record Key(List<String> chain, int memoryMB, int bundleSize, Orchestration orchestration,
                       Architecture architecture, MapForm map, GroupModel.Provisioning provisioning,
                       boolean snapStart) {
    }

    /**
     * The provisioned concurrency a planner tries per group besides on demand, with an arrival rate on a platform that
     * offers it: the fewest environments that spill at most 10%, 1% and 0.1% of its invocations (docs/model.md).
     */
    static final List<Double> SPILL_TARGETS = List.of(0.1, 0.01, 0.001);

    /** The share of requests finding a group cold on demand below which provisioning it is drawn only if it is cheaper. */
    static final double WORTH_COLD = 0.001;

    /**
     * Needs a profile with latency samples for every function (see {@code Inputs.requireProfiles}). The workflow's
     * platform is calibrated by the profile's machine (e.g. the local store's measured costs).
     */
    public MonteCarloEvaluator(Workflow workflow, Profile profile, ModelOptions options) {
        this.profile = profile;
        this.workflow = workflow;
        this.platform = workflow.platform().calibratedBy(profile.machine());
        this.options = options;
        List<String> order = workflow.topologicalOrder();
        for (int i = 0; i < order.size(); i++) {
            topoIndex.put(order.get(i), i);
        }
        this.shape = workflow.seriesParallel();
        for (String f : shape.order()) {
            stateIndex.put(f, stateIndex.size());
        }
        Map<String, Integer> firsts = new HashMap<>();
        shape.parallels().forEach(p -> firsts.merge(p.first(), 1, Integer::sum));
        long limit = platform.inlineOutputBytes(workflow);
        for (String name : order) {
            FunctionSpec spec = workflow.function(name);
            FunctionProfile fp = profile.function(name);
            if (fp == null) {
                throw new IllegalArgumentException("The function (" + name + ") has no profile.");
            }
            List<FunctionModel.Input> inputs = new ArrayList<>();
            for (String p : spec.after()) {
                FunctionSpec from = workflow.function(p);
                Reads reads = workflow.reads(p, name);
                long bytes = reads.bytes() != null ? reads.bytes() : profile.function(p).outputBytes();
                inputs.add(new FunctionModel.Input(p, from.fanOut(), spec.fanOut(), reads, bytes,
                        viaStore(profile, p, limit)));
            }
            boolean writesS3 = false;
            List<String> successors = workflow.successors(name);
            for (String s : successors) {
                writesS3 |= viaStore(profile, name, limit);
            }
            if (successors.isEmpty()) {
                writesS3 = fp.outputBytes() > limit; // a large result is left in S3 for the caller
            }
            List<SeriesParallel.Parallel> entered = shape.parallelsEntered(name);
            long[] parallelStreams = new long[entered.size()];
            for (int i = 0; i < parallelStreams.length; i++) {
                parallelStreams[i] = Streams.stream(options.seed(), entered.get(i).name(), Streams.PARALLEL, 0);
            }
            int parallelsFirst = firsts.getOrDefault(name, 0);
            args.put(name, new ModelArgs(spec, fp, inputs, writesS3, parallelStreams, parallelsFirst));
            functions.put(name, new FunctionModel(spec, fp, inputs, writesS3, options.seed(), parallelStreams,
                    parallelsFirst));
            for (Map.Entry<Architecture, FunctionProfile.Samples> e : fp.architectures().entrySet()) {
                otherArchitectures.computeIfAbsent(e.getKey(), a -> new HashMap<>()).put(name, new FunctionModel(spec,
                        fp.on(e.getKey()), inputs, writesS3, options.seed(), parallelStreams, parallelsFirst));
            }
        }
        this.choices = Choices.of(workflow, profile, options.samples(), options.seed());
        for (String name : order) {
            String lane = workflow.widthLane(name);
            if (lane == null) {
                for (String p : workflow.predecessors(name)) {
                    lane = lane != null ? lane : workflow.widthLane(p);
                }
            }
            if (lane != null) {
                widthKey.put(name, lane);
            }
        }
        this.ratePerSecond = options.rateFor(workflow);
        // a choice's option runs in some requests only, a loop's body E[N] times: its own rate of runs
        this.simulator = new GroupSimulator(options.samples(), platform, ratePerSecond,
                head -> choices.probability(head) * workflow.function(head).meanIterations());
        this.cache = new LinkedHashMap<>(256, 0.75f, true);
        this.noOrchestration = new Groups(null);
    }

    /**
     * {@code base}'s model for requests arriving at {@code ratePerSecond}: the same workflow, profile, samples and seed,
     * sharing its function models and the draws that do not depend on the rate (an hourly pattern's hours).
     */
    MonteCarloEvaluator(MonteCarloEvaluator base, double ratePerSecond) {
        this.workflow = base.workflow;
        this.platform = base.platform;
        this.options = base.options.withRate(ratePerSecond);
        this.functions.putAll(base.functions);
        this.otherArchitectures.putAll(base.otherArchitectures);
        this.topoIndex.putAll(base.topoIndex);
        this.shape = base.shape;
        this.stateIndex.putAll(base.stateIndex);
        this.profile = base.profile;
        this.choices = base.choices;
        this.args.putAll(base.args);
        this.widthKey.putAll(base.widthKey);
        this.ratePerSecond = ratePerSecond;
        this.simulator = base.simulator.atRate(ratePerSecond);
        this.cache = new LinkedHashMap<>(256, 0.75f, true);
        this.noOrchestration = new Groups(null);
    }

    /**
     * Whether the edge from → to crosses the object store: when the producer's output (one item) is larger than the
     * platform passes inline. The platform's limit is plan-independent, so that a group's draws do not depend on the
     * other groups.
     */
    private static boolean viaStore(Profile profile, String from, long limit) {
        return profile.function(from).outputBytes() > limit;
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

    /** The same model drawing the first {@code samples} requests (draw i depends only on the seed and i: Streams). */
    @Override
    public PlanEvaluator withSamples(int samples) {
        if (samples == options.samples()) {
            return this;
        }
        return new MonteCarloEvaluator(workflow, profile, new ModelOptions(samples, options.seed(), options.percentiles(),
                options.ratePerSecond()));
    }

    @Override
    public GroupModel groupModel() {
        return groupsOf(null);
    }

    @Override
    public GroupModel groupModel(Orchestration orchestration) {
        return groupsOf(orchestration);
    }

    /** The view for {@code orchestration}; null: the platform's default (the first it offers, or none). */
    private Groups groupsOf(Orchestration orchestration) {
        Orchestration o = orchestration != null ? orchestration
                : platform.orchestrations().isEmpty() ? null : platform.orchestrations().get(0);
        if (o == null) {
            return noOrchestration;
        }
        if (!platform.orchestrations().contains(o)) {
            throw new IllegalArgumentException("The platform (" + platform.description() + ") does not offer the "
                    + o.yamlName() + " orchestration; it offers " + platform.orchestrations() + ".");
        }
        return groupsByOrchestration.computeIfAbsent(o, Groups::new);
    }

    @Override
    public double[] latencyDraws(Plan plan) {
        PlanValidator.validate(plan, workflow, "plan");
        Groups groups = groupsOf(plan.orchestration());
        return requestLatency(plan, results(plan, groups), groups);
    }

    @Override
    public Evaluation evaluate(Plan plan) {
        PlanValidator.validate(plan, workflow, "plan");
        Groups groups = groupsOf(plan.orchestration());
        List<GroupResult> results = results(plan, groups);
        double[] latency = requestLatency(plan, results, groups);
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
        List<String> violations = new ArrayList<>();
        double cost = 0;
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            GroupResult r = results.get(g);
            double[] groupSorted = r.latencyMs().clone();
            Arrays.sort(groupSorted);
            Map<Double, Double> gp = new LinkedHashMap<>();
            percentiles.forEach(p -> gp.put(p, Quantiles.percentileOfSorted(groupSorted, p)));
            groupEvaluations.add(new Evaluation.GroupEvaluation(group.id(), gp, r.costUsd(), r.coldStartProbability(),
                    r.provisioned() == 0 ? null : new Evaluation.Provisioned(r.provisioned(), r.spill(), r.keepUsd()),
                    group.snapStart()));
            cost += r.costUsd();
            String problem = groups.infeasibility(group.functions(), group.memoryMB(), group.bundleSize());
            if (problem != null) {
                warnings.add("The group (" + group.id() + ") " + problem);
            }
            String limit = groups.timeoutViolation(group.functions(), r);
            if (limit != null) {
                violations.add("The group (" + group.id() + ") " + limit);
            }
        }
        String assumedCpu = assumedAllCpu(plan);
        if (assumedCpu != null) {
            warnings.add(assumedCpu);
        }
        String barriers = barriers(groups.orchestration);
        if (barriers != null) {
            warnings.add(barriers);
        }
        String requestLimit = groups.requestLimitViolation(latency);
        if (requestLimit != null) {
            violations.add(requestLimit);
        }
        double orchestration = platform.requestOrchestrationCost(groups.orchestration, latency);
        cost += orchestration;
        Predicted.Model basis = new Predicted.Model(options.samples(), options.seed(), dev.dagfuse.optimizer.Models.VERSION,
                ratePerSecond);
        return new Evaluation(new Predicted(requestPercentiles, cost, basis), groupEvaluations, orchestration, warnings,
                violations);
    }

    /**
     * The functions the plan runs at a CPU their profile did not measure, known at one CPU only and without a recorded
     * CPU fraction: their latency there rests on the all-CPU assumption (docs/profiling.md); null when none.
     */
    private String assumedAllCpu(Plan plan) {
        java.util.Set<String> flagged = new java.util.LinkedHashSet<>();
        for (PlanGroup group : plan.groups()) {
            for (String name : group.functions()) {
                ScalingModel scaling = functions.get(name).scaling;
                if (!scaling.fit().assumedAllCpu()) {
                    continue;
                }
                int p = scaling.parallelism();
                double measured = ScalingModel.cpu(scaling.measuredSizes().get(0), p);
                if (ScalingModel.cpu(group.memoryMB(), p) != measured) {
                    flagged.add(name);
                }
            }
        }
        if (flagged.isEmpty()) {
            return null;
        }
        return "The functions (" + String.join(", ", flagged) + ") run at a CPU share their profile did not measure; "
                + "measured at one size and without a cpuFraction, their work is assumed to be all CPU there. Maybe "
                + "profile a second size, or record the fraction (profile import --cpu-fraction; docs/profiling.md).";
    }

    /**
     * Where the state machine makes functions wait for others they do not depend on (a DAG that is not
     * series-parallel runs with barriers; the model times them as export writes them), or null when it does not.
     */
    private String barriers(Orchestration orchestration) {
        if (shape.isExact() || platform.parallelStates(orchestration) == null) {
            return null;
        }
        // the same for every plan under an orchestration, and evaluate runs once per candidate plan: computed once
        return barrierWarnings.computeIfAbsent(orchestration, this::barrierWarning);
    }

    private String barrierWarning(Orchestration orchestration) {
        List<String> extra = new ArrayList<>();
        for (String f : shape.order()) {
            java.util.Set<String> ancestors = ancestors(f);
            List<String> more = shape.waitsFor(f).stream().filter(w -> !ancestors.contains(w)).toList();
            if (!more.isEmpty()) {
                extra.add(f + " also waits for " + String.join(", ", more));
            }
        }
        return "The workflow's DAG is not series-parallel, so its state machine has barriers the DAG does not: "
                + String.join("; ", extra) + ". The predicted numbers include these waits (docs/model.md).";
    }

    private java.util.Set<String> ancestors(String function) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(workflow.function(function).after());
        while (!todo.isEmpty()) {
            String a = todo.pop();
            if (seen.add(a)) {
                todo.addAll(workflow.function(a).after());
            }
        }
        return seen;
    }

    private List<GroupResult> results(Plan plan, Groups groups) {
        for (int g = 0; g < plan.groups().size(); g++) {
            PlanGroup group = plan.groups().get(g);
            if (group.provisioned() != null && ratePerSecond == 0) {
                // the plan's file is its reader's to name (InputException.withFile)
                throw new dev.dagfuse.model.InputException(null, "groups[" + g + "].provisioned", "The group ("
                        + group.id() + ") has provisioned concurrency (" + group.provisioned() + "), whose cost per "
                        + "request depends on the arrival rate, and none is given. Maybe --rate 20/s, or load: {rate: "
                        + "20/s} in the workflow.");
            }
        }
        List<GroupResult> results = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            results.add(groups.result(g.functions(), g.memoryMB(), g.bundleSize(),
                    new GroupModel.Variant(g.architecture(), g.map(),
                            g.provisioned() == null ? null : GroupModel.Provisioning.of(g.provisioned()),
                            g.snapStart())));
        }
        return results;
    }

    // Longest path over the groups, draw by draw: a group starts when all the groups it waits for have finished (its
    // head's predecessors, or in a state machine with barriers what the barriers wait for too). On a platform whose
    // invocations share cores, they also queue for them (ListScheduler).
    private double[] requestLatency(Plan plan, List<GroupResult> results, Groups groups) {
        if (platform.sharedCores() > 0) {
            return sharedCoresLatency(plan, results);
        }
        boolean states = groups.runsAsStateMachine();
        Map<String, Integer> rank = states ? stateIndex : topoIndex;
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
        Arrays.sort(order, (a, b) -> Integer.compare(rank.get(plan.groups().get(a).functions().get(0)),
                rank.get(plan.groups().get(b).functions().get(0))));
        int n = options.samples();
        double[][] finish = new double[count][];
        double[] request = new double[n];
        for (int g : order) {
            PlanGroup group = plan.groups().get(g);
            List<Integer> preds = new ArrayList<>();
            String head = group.functions().get(0);
            for (String p : states ? shape.waitsFor(head) : workflow.predecessors(head)) {
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

    /** The per-group view for one orchestration: the same draws and cache as {@link #evaluate}. */
    private final class Groups implements GroupModel {

        private final Orchestration orchestration;

        Groups(Orchestration orchestration) {
            this.orchestration = orchestration;
        }

        @Override
        public Orchestration orchestration() {
            return orchestration;
        }

        /** The architecture and Map form a variant resolves to on this platform (null where it has none). */
        private Variant resolved(List<String> chain, Variant v) {
            Architecture a = v.architecture();
            if (a != null && !platform.architectures().isEmpty() && a == platform.architectures().get(0)) {
                a = null; // the platform's own: one cache entry, one price
            }
            MapForm map = null;
            if (workflow.function(chain.get(0)).fanOut() > 1) {
                List<MapForm> forms = platform.mapForms(orchestration);
                map = v.map() != null ? v.map() : forms.isEmpty() ? null : forms.get(0);
                if (map != null && !forms.contains(map)) {
                    throw new IllegalArgumentException("The Map form (" + map.yamlName() + ") is not offered under "
                            + (orchestration == null ? "this platform" : "a " + orchestration.yamlName() + " workflow")
                            + "; valid: " + forms.stream().map(MapForm::yamlName).toList() + ".");
                }
            }
            if (a != null && !platform.architectures().contains(a)) {
                throw new IllegalArgumentException("The architecture (" + a.yamlName() + ") is not offered on "
                        + platform.name() + ".");
            }
            if (v.provisioning() != null && !platform.offersProvisioned(a)) {
                throw new IllegalArgumentException("The platform (" + platform.name() + ") offers no provisioned "
                        + "concurrency" + (a == null ? "" : " on " + a.yamlName()) + ".");
            }
            if (v.snapStart() && platform.snapStartRestoreMs(a).isEmpty()) {
                throw new IllegalArgumentException("The platform (" + platform.name() + ") offers no SnapStart"
                        + (a == null ? "" : " on " + a.yamlName()) + " as given: it needs platform.snapStartRestore.");
            }
            return new Variant(a, map, v.provisioning(), v.snapStart());
        }

        /**
         * The platform's architecture (named, so that plans say it) and every other one all the chain's functions were
         * measured on, each with every Map form the orchestration offers a fan-out group.
         */
        @Override
        public List<Variant> variants(List<String> chain) {
            List<Variant> out = new ArrayList<>();
            List<MapForm> forms = workflow.function(chain.get(0)).fanOut() > 1 ? platform.mapForms(orchestration)
                    : List.of();
            for (Architecture a : architecturesOf(chain)) {
                Architecture named = a == null && !platform.architectures().isEmpty() ? platform.architectures().get(0) : a;
                for (MapForm m : forms.isEmpty() ? java.util.Collections.<MapForm>singletonList(null) : forms) {
                    out.add(new Variant(named, m));
                }
            }
            List<Variant> onDemands = List.copyOf(out);
            if (isService(chain)) {
                return out; // not a Lambda function: no environment to keep warm or restore
            }
            boolean coldStarts = ratePerSecond > 0 && platform.idleKeepAliveMs().isPresent()
                    || ratePerSecond == 0 && platform.overheads().coldStartProbability() > 0;
            if (coldStarts) {
                // where invocations can be cold: each of these also with SnapStart, where the platform offers it
                for (Variant onDemand : onDemands) {
                    if (platform.snapStartRestoreMs(onDemand.architecture()).isPresent()) {
                        out.add(new Variant(onDemand.architecture(), onDemand.map(), null, true));
                    }
                }
            }
            if (ratePerSecond > 0 && platform.idleKeepAliveMs().isPresent()) {
                // with a rate: each of these also with provisioned concurrency, where the platform offers it
                for (Variant onDemand : onDemands) {
                    if (platform.offersProvisioned(onDemand.architecture())) {
                        for (double target : SPILL_TARGETS) {
                            out.add(new Variant(onDemand.architecture(), onDemand.map(),
                                    GroupModel.Provisioning.forSpill(target)));
                        }
                    }
                }
            }
            return out;
        }

        /**
         * A provisioned candidate is drawn where it can pay: where it costs less than on demand (its keep against the
         * lower duration price, at the on-demand group's billed duration), or where on demand at least
         * {@link #WORTH_COLD} of requests find the group cold (cold starts rarer than that leave the percentiles up to
         * P99.9 within a rank or so of the 10,000 draws). A search restriction, not a dominance proof.
         */
        @Override
        public boolean isWorthDrawing(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            if (variant.provisioning() == null || ratePerSecond == 0) {
                return true;
            }
            Variant v = resolved(chain, variant);
            GroupResult onDemand = result(chain, memoryMB, bundleSize, new Variant(v.architecture(), v.map()));
            double requestCold = 1 - Math.pow(1 - onDemand.coldStartProbability(), onDemand.invocations());
            if (requestCold >= WORTH_COLD) {
                return true;
            }
            FunctionModel head = functions.get(chain.get(0));
            int c = v.provisioning().environments() > 0 ? v.provisioning().environments()
                    : simulator.environmentsFor(head, onDemand.meanWarmMs(), onDemand.invocations(),
                    v.provisioning().spillTarget());
            double groupRate = simulator.rateOf(head);
            double spill = dev.dagfuse.optimizer.queueing.ErlangB.blocking(c,
                    groupRate * onDemand.invocations() * onDemand.meanWarmMs() / 1000);
            // per run: the keep over the runs per second (as cheap as on demand per run iff per request)
            double provisionedCompute = platform.provisionedComputeCost(v.architecture(), memoryMB,
                    onDemand.meanBilledMs(), onDemand.invocations(), c, spill, groupRate);
            double onDemandCompute = platform.computeCost(v.architecture(), memoryMB, onDemand.meanBilledMs(),
                    onDemand.invocations());
            return provisionedCompute < onDemandCompute;
        }

        @Override
        public Provisioned provisioned(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            if (variant.provisioning() == null) {
                return Provisioned.NONE;
            }
            GroupResult r = result(chain, memoryMB, bundleSize, variant);
            return new Provisioned(r.provisioned(), r.spill(), r.keepUsd());
        }

        GroupResult result(List<String> chain, int memoryMB, int bundleSize) {
            return result(chain, memoryMB, bundleSize, Variant.DEFAULT);
        }

        GroupResult result(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            Variant v = resolved(chain, variant);
            Key key = new Key(List.copyOf(chain), memoryMB, bundleSize, orchestration, v.architecture(), v.map(),
                    v.provisioning(), v.snapStart());
            synchronized (cache) {
                GroupResult hit = cache.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            // computed outside the lock: planner threads simulate in parallel (a rare duplicate is harmless)
            GroupResult r = wrapped(chain.get(0), raw(chain, memoryMB, bundleSize, v));
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

        /**
         * The group as drawn once per request, before a loop repeats it and a choice skips it ({@link #wrapped}):
         * provisioned variants are derived from the on-demand draws of the same group.
         */
        private GroupResult raw(List<String> chain, int memoryMB, int bundleSize, Variant v) {
            List<FunctionModel> models = models(chain, bundleSize, v.architecture());
            GroupResult r = null;
            if (v.provisioning() != null && v.provisioning().environments() == 0 && ratePerSecond > 0) {
                // a spill target is the count it resolves to at this size: targets that give the same count share it
                GroupResult onDemand = rawResult(chain, memoryMB, bundleSize, new Variant(v.architecture(), v.map()));
                int c = simulator.environmentsFor(models.get(0), onDemand.meanWarmMs(), onDemand.invocations(),
                        v.provisioning().spillTarget());
                return rawResult(chain, memoryMB, bundleSize, new Variant(v.architecture(), v.map(),
                        GroupModel.Provisioning.of(c)));
            } else if (v.provisioning() != null || v.snapStart()) {
                // without a cold draw on demand, the draws are the on-demand ones (drawn once for all provisionings)
                GroupResult onDemand = rawResult(chain, memoryMB, bundleSize, new Variant(v.architecture(), v.map()));
                r = simulator.withoutColdDraws(onDemand, models.get(0), memoryMB, v.architecture(), v.provisioning());
            }
            if (r == null) {
                String lane = widthKey.get(chain.get(0));
                r = lane == null
                        ? simulator.simulate(models, memoryMB, bundleSize, orchestration, v.architecture(), v.map(),
                                v.provisioning(), v.snapStart())
                        : widths(lane, chain, memoryMB, bundleSize, v);
            }
            return r;
        }

        /** A loop repeats the group and a choice skips it where its head says so ({@link Loops}, {@link Choices}). */
        private GroupResult wrapped(String head, GroupResult raw) {
            return choices.mask(head, Loops.apply(workflow.function(head), raw, options.seed()));
        }

        /** {@link #raw} of another variant: the cached result where nothing wraps the group, else its own cache. */
        private GroupResult rawResult(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            String head = chain.get(0);
            if (!choices.skips(head) && workflow.function(head).iterations().isEmpty()) {
                return result(chain, memoryMB, bundleSize, variant);
            }
            Variant v = resolved(chain, variant);
            Key key = new Key(List.copyOf(chain), memoryMB, bundleSize, orchestration, v.architecture(), v.map(),
                    v.provisioning(), v.snapStart());
            synchronized (rawCache) {
                GroupResult hit = rawCache.get(key);
                if (hit != null) {
                    return hit;
                }
            }
            GroupResult r = raw(chain, memoryMB, bundleSize, v);
            synchronized (rawCache) {
                rawCache.put(key, r);
                if (rawCache.size() > 64) {
                    rawCache.remove(rawCache.keySet().iterator().next());
                }
            }
            return r;
        }

        /**
         * A group whose draws depend on the width of {@code lane}'s fan-out ({@code widths:}): drawn at each width the
         * lane lists, draw i taking the one its request drew (one stream per lane, so every group of the lane and every
         * gather of it agree), and costing the widths' costs weighted by their shares (docs/model.md §4d).
         */
        private GroupResult widths(String lane, List<String> chain, int memoryMB, int bundleSize, Variant v) {
            models(chain, bundleSize, v.architecture()); // the chain's checks, at the declared width
            List<Integer> widths = workflow.function(lane).widths();
            java.util.TreeMap<Integer, Integer> counts = new java.util.TreeMap<>();
            widths.forEach(w -> counts.merge(w, 1, Integer::sum));
            Map<Integer, GroupResult> at = new HashMap<>();
            double compute = 0;
            double s3 = 0;
            double transitions = 0;
            double longest = 0;
            double spill = 0;
            double billed = 0;
            double warm = 0;
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                int w = e.getKey();
                List<FunctionModel> models = new ArrayList<>();
                for (String f : chain) {
                    models.add(atWidth(f, lane, w, v.architecture()));
                }
                int k = Math.min(bundleSize, models.get(0).fanOut);
                GroupResult r = simulator.simulate(models, memoryMB, k, orchestration, v.architecture(), v.map(),
                        v.provisioning(), v.snapStart());
                at.put(w, r);
                double share = e.getValue() / (double) widths.size();
                compute += share * r.computeUsd();
                s3 += share * r.s3Usd();
                transitions += share * r.transitionsUsd();
                longest = Math.max(longest, r.longestInvocationMs());
                spill += share * r.spill();
                billed += share * r.meanBilledMs();
                warm += share * r.meanWarmMs();
            }
            long stream = Streams.stream(options.seed(), lane, Streams.WIDTH, 0);
            double[] latency = new double[options.samples()];
            for (int i = 0; i < latency.length; i++) {
                int w = widths.get(Math.min(widths.size() - 1, (int) (Streams.uniform(stream, i) * widths.size())));
                latency[i] = at.get(w).latencyMs()[i];
            }
            GroupResult widest = at.get(counts.lastKey());
            // the provisioned environments (if any) are the same at every width: so is their keep
            return new GroupResult(latency, compute, s3, transitions, widest.invocations(), null, widest.cores(), longest,
                    widest.coldStartProbability(), widest.provisioned(), spill, widest.keepUsd(), billed, warm);
        }

        /**
         * {@code function}'s model when {@code lane}'s fan-out has {@code width} branches; one per (function, width,
         * architecture), since the simulator's caches know a model by its identity.
         */
        private FunctionModel atWidth(String function, String lane, int width, Architecture architecture) {
            return widthModels.computeIfAbsent(function + "\u0000" + width + "\u0000" + architecture,
                    key -> buildAtWidth(function, lane, width, architecture));
        }

        private FunctionModel buildAtWidth(String function, String lane, int width, Architecture architecture) {
            ModelArgs a = args.get(function);
            boolean inLane = lane.equals(workflow.widthLane(function));
            FunctionSpec spec = inLane ? a.spec().withFanOut(width) : a.spec();
            List<FunctionModel.Input> inputs = new ArrayList<>();
            for (FunctionModel.Input in : a.inputs()) {
                boolean fromLane = lane.equals(workflow.widthLane(in.from()));
                inputs.add(new FunctionModel.Input(in.from(), fromLane ? width : in.fromFanOut(),
                        inLane ? width : in.toFanOut(), in.reads(), in.bytes(), in.viaS3()));
            }
            FunctionProfile profile = architecture == null ? a.profile() : a.profile().on(architecture);
            return new FunctionModel(spec, profile, inputs, a.writesS3(), options.seed(), a.parallelStreams(),
                    a.parallelsFirst());
        }

        private List<FunctionModel> models(List<String> chain, int bundleSize) {
            return models(chain, bundleSize, null);
        }

        /** The chain's function models on {@code architecture} (null: the platform's). */
        private List<FunctionModel> models(List<String> chain, int bundleSize, Architecture architecture) {
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("A group needs at least one function.");
            }
            Map<String, FunctionModel> byName = architecture == null ? functions
                    : otherArchitectures.getOrDefault(architecture, Map.of());
            List<FunctionModel> models = new ArrayList<>();
            for (int i = 0; i < chain.size(); i++) {
                FunctionModel f = byName.get(chain.get(i));
                if (f == null) {
                    if (!functions.containsKey(chain.get(i))) {
                        throw new IllegalArgumentException("The workflow (" + workflow.name() + ") has no function ("
                                + chain.get(i) + ").");
                    }
                    throw new IllegalArgumentException("The function (" + chain.get(i) + ") has no profile samples on "
                            + architecture.yamlName() + ": measure it there (dagfuse profile --target aws "
                            + "--architectures x86_64,arm64) or keep it on the platform's architecture.");
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
            if (isService(chain)) {
                return 0; // its draws do not depend on a size
            }
            if (platform.sharedCores() > 0) {
                return Integer.MAX_VALUE;
            }
            long from = 0;
            for (Architecture a : architecturesOf(chain)) {
                from = Math.max(from, saturation(models(chain, bundleSize, a), bundleSize));
            }
            return (int) Math.min(from, Integer.MAX_VALUE);
        }

        private long saturation(List<FunctionModel> models, int bundleSize) {
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
            return from;
        }

        /** The architectures every function of the chain has samples on (null: the platform's own), own first. */
        private List<Architecture> architecturesOf(List<String> chain) {
            List<Architecture> out = new ArrayList<>();
            out.add(null);
            for (Architecture a : platform.architectures()) {
                Map<String, FunctionModel> byName = otherArchitectures.get(a);
                if (a != platform.architectures().get(0) && byName != null && byName.keySet().containsAll(chain)) {
                    out.add(a);
                }
            }
            return out;
        }

        @Override
        public boolean isLongestPathExact() {
            return platform.sharedCores() == 0;
        }

        @Override
        public boolean runsAsStateMachine() {
            return platform.parallelStates(orchestration) != null;
        }

        /** Why the group's invocations break their timeout at the platform's limit quantile, or null. */
        String timeoutViolation(List<String> chain, GroupResult r) {
            double timeout = 0;
            for (String f : chain) {
                timeout += workflow.function(f).timeoutMs();
            }
            timeout = Math.min(timeout, platform.limits().timeoutMs());
            if (r.longestInvocationMs() <= timeout) {
                return null;
            }
            return String.format(java.util.Locale.ROOT, "runs %s at P%s of its longest invocation, over its timeout of "
                    + "%s (Lambda's limit: %s).", Quantities.formatMs(r.longestInvocationMs()), quantileLabel(),
                    Quantities.formatMs(timeout), Quantities.formatMs(platform.limits().timeoutMs()));
        }

        @Override
        public String limitViolation(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            String v = timeoutViolation(chain, result(chain, memoryMB, bundleSize, variant));
            return v == null ? null : "The group " + chain + " at " + memoryMB + " MB, bundle " + bundleSize + " " + v;
        }

        @Override
        public double requestCostBound(double[] requestLatencyMs) {
            return platform.requestOrchestrationCost(orchestration, requestLatencyMs);
        }

        /** From the platform's charge at 0 and at 100 s: exact for a charge linear in whole units of latency. */
        @Override
        public double requestCostPerMs() {
            double atZero = platform.requestOrchestrationCost(orchestration, new double[] {0});
            double at100s = platform.requestOrchestrationCost(orchestration, new double[] {100_000});
            return Math.max(0, (at100s - atZero) / 100_000);
        }

        /**
         * Another Map form (same architecture) costs the same at this invocation count, runs them all at once, enters
         * the same way and starts each invocation no later on any draw (its start latencies are lognormal on the same
         * stream: pointwise smaller when both ends of the table are).
         */
        @Override
        public boolean isDominated(List<String> chain, int bundleSize, Variant variant) {
            int n = workflow.function(chain.get(0)).fanOut();
            Variant v = resolved(chain, variant);
            if (n <= 1 || v.map() == null) {
                return false;
            }
            int invocations = PlanGroup.invocations(n, bundleSize);
            Platform.GroupOrchestration own = platform.groupOrchestration(orchestration, v.map());
            for (MapForm other : platform.mapForms(orchestration)) {
                if (other == v.map()) {
                    continue;
                }
                Platform.GroupOrchestration how = platform.groupOrchestration(orchestration, other);
                boolean sameCost = own.childDurationUnitMs() == 0 && how.childDurationUnitMs() == 0
                        && platform.groupOrchestrationCost(orchestration, other, invocations, n, 0)
                        == platform.groupOrchestrationCost(orchestration, v.map(), invocations, n, 0);
                if (sameCost && how.concurrency() >= invocations && how.entry().equals(own.entry())
                        && how.entryStates() == own.entryStates()
                        && atMostEverywhere(how.perInvocation(), own.perInvocation())) {
                    return true;
                }
            }
            return false;
        }

        // a = m_a·e^{σ_a z} ≤ b = m_b·e^{σ_b z} on the whole table when it holds at its extreme levels (log-linear in z)
        private boolean atMostEverywhere(Platform.Lognormal a, Platform.Lognormal b) {
            double zMax = 5; // beyond the table's extreme levels (|z| < 4.5 for 2^16 levels)
            return a.medianMs() * Math.exp(a.sigma() * zMax) <= b.medianMs() * Math.exp(b.sigma() * zMax)
                    && a.medianMs() * Math.exp(-a.sigma() * zMax) <= b.medianMs() * Math.exp(-b.sigma() * zMax);
        }

        @Override
        public String requestLimitViolation(double[] requestLatencyMs) {
            Double limit = orchestration == null ? null : platform.limits().requestDurationMs().get(orchestration);
            if (limit == null) {
                return null;
            }
            double longest = 0;
            for (double l : requestLatencyMs) {
                longest = Math.max(longest, l);
            }
            if (longest <= limit) {
                return null; // the usual case, without a sort
            }
            double[] sorted = requestLatencyMs.clone();
            Arrays.sort(sorted);
            double at = Quantiles.percentileOfSorted(sorted, platform.limits().limitQuantile());
            if (at <= limit) {
                return null;
            }
            return String.format(java.util.Locale.ROOT, "The request takes %s at P%s, over %s: a Step Functions %s "
                    + "execution runs at most that long.", Quantities.formatMs(at), quantileLabel(),
                    Quantities.formatMs(limit), orchestration.yamlName());
        }

        private String quantileLabel() {
            return java.math.BigDecimal.valueOf(platform.limits().limitQuantile()).stripTrailingZeros().toPlainString();
        }

        @Override
        public boolean isFeasible(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            resolved(chain, variant);
            return isFeasible(chain, memoryMB, bundleSize);
        }

        @Override
        public double[] latencyDraws(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            return result(chain, memoryMB, bundleSize, variant).latencyMs().clone();
        }

        @Override
        public double meanCostUsd(List<String> chain, int memoryMB, int bundleSize, Variant variant) {
            return result(chain, memoryMB, bundleSize, variant).costUsd();
        }

        private boolean isService(List<String> chain) {
            return chain.size() == 1 && workflow.function(chain.get(0)).service() != null;
        }

        /** Why the group cannot run at this size, or null when it can. */
        String infeasibility(List<String> chain, int memoryMB, int bundleSize) {
            if (isService(chain) && bundleSize > 1 && workflow.function(chain.get(0)).fanOut() > 1) {
                return "is a service task or Wait state: each of its calls is its own state, never bundled.";
            }
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
            if (isService(chain)) {
                return List.of(workflow.function(chain.get(0)).memoryMB()); // not sized: one placeholder size
            }
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
