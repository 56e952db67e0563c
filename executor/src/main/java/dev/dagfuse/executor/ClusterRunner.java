// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.HandlerLoader;
import dev.dagfuse.model.handler.RequestInputs;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.stats.Quantiles;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs several workflows together on this machine as a cluster plan runs them (see docs/cluster.md): requests of each
 * workflow arrive open loop, as a Poisson process at its rate (seeded), and each plan group is a pool of containers: at
 * most its container count of the group's invocations run at once, the others wait in the pool's queue, first come
 * first served. An invocation runs its items on the threads of its container's cores; hand-offs between groups are
 * in memory. Records per request its end-to-end latency (from its scheduled arrival) and its wait in the pools, and
 * per pool the invocations in flight at most.
 *
 * <p>Before the clock it can calibrate how well this machine shares its cores ({@link Options#calibration()}): it
 * runs a <em>pilot</em>: the workflows together at their rates for the given seconds (arrivals seeded apart from the
 * measured ones), recording when each invocation ran, then times each group's first invocation of one more warm-up
 * request alone (the median of {@link #ALONE_ROUNDS}); per group, it reports what its invocations in the pilot's last
 * two thirds (the first third warms the JIT up) spent alone and beside other threads, from which
 * {@link Calibration#sharedSpeed(double)} fits how much slower than ideal processor sharing of this machine's cores
 * they ran beside others, for a given time alone ({@link SharingFit}). Handlers run extra times for it.
 *
 * <p>What it does not emulate: a container's CPU share (a deflated container runs at full speed here), handler
 * retries and timeouts (an invocation that throws fails its request), and the machine's own cores: the containers'
 * threads share whatever cores this machine has.
 */
public final class ClusterRunner {

    /**
     * One workflow of the run.
     *
     * @param workflow the workflow (its functions need handlers)
     * @param plan its plan: the groups, each a pool
     * @param ratePerSecond its requests' arrival rate
     * @param containers per plan group, in the plan's order, its pool's containers (≥ 1)
     */
    public record Pooled(Workflow workflow, Plan plan, double ratePerSecond, List<Integer> containers) {
        public Pooled {
            containers = List.copyOf(containers);
            if (containers.size() != plan.groups().size()) {
                throw new IllegalArgumentException("The containers (" + containers.size() + " pools) must be one per "
                        + "group of the plan of " + workflow.name() + " (" + plan.groups().size() + ").");
            }
            if (containers.stream().anyMatch(c -> c < 1)) {
                throw new IllegalArgumentException("Every pool of " + workflow.name() + " needs at least one container: "
                        + containers + ".");
            }
            if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("The rate of " + workflow.name() + " (" + ratePerSecond
                        + "/s) must be > 0. Maybe 5/s.");
            }
        }
    }

    /**
     * @param requests measured requests per workflow
     * @param warmup requests per workflow run first, one at a time, and left out of the statistics (JIT warm-up)
     * @param calibration seconds of the sharing calibration's pilot, after the warm-up and before the clock (0: none)
     * @param seed the seed of the arrival times (workflow i uses seed + i)
     */
    public record Options(int requests, int warmup, int calibration, long seed) {
        public Options {
            if (requests < 1 || warmup < 0 || calibration < 0) {
                throw new IllegalArgumentException("The requests (" + requests + ") must be ≥ 1, the warmup ("
                        + warmup + ") and the calibration rounds (" + calibration + ") ≥ 0.");
            }
        }

        /** Options without the sharing calibration. */
        public Options(int requests, int warmup, long seed) {
            this(requests, warmup, 0, seed);
        }
    }

    /**
     * One pool, over the measured requests.
     *
     * @param containers its containers
     * @param invocations the invocations it served
     * @param maxInFlight the most invocations it ran at once (over the whole run, warm-up included): ≤ containers
     * @param meanWaitMs an invocation's mean wait for a container
     * @param meanServiceMs an invocation's mean time on its container
     * @param serviceCv the coefficient of variation of that time (standard deviation over mean; NaN below 2 invocations)
     * @param calibration the sharing calibration before the clock, or {@code null} when none ran
     */
    public record PoolResult(String group, int containers, long invocations, int maxInFlight, double meanWaitMs,
                             double meanServiceMs, double serviceCv, Calibration calibration) {
    }

    /**
     * One group's sharing calibration, measured before the clock.
     *
     * @param aloneMs the median time of its invocation alone, right before the clock
     * @param invocations its invocations fitted in the pilot
     * @param pilotAloneMs their time with only their own threads running, summed
     * @param pilotBesideMs their time beside other threads, summed
     * @param pilotSharedMs that time weighted by ideal processor sharing of the machine's cores (min(1, cores /
     *     threads running)), summed
     */
    public record Calibration(double aloneMs, int invocations, double pilotAloneMs, double pilotBesideMs,
                              double pilotSharedMs) {

        /** The share of the fitted invocations' time during which other threads ran beside them. */
        public double besideShare() {
            double total = pilotAloneMs + pilotBesideMs;
            return total > 0 ? pilotBesideMs / total : 0;
        }

        /**
         * The invocations' speed beside other threads, beyond ideal processor sharing, for invocations that take
         * {@code referenceMs} alone: (invocations × referenceMs − pilotAloneMs) / pilotSharedMs, within [0.05, 1]; 1
         * where they never ran beside others or ran faster than that alone.
         */
        public double sharedSpeed(double referenceMs) {
            return SharingFit.speed(invocations, referenceMs, pilotAloneMs, pilotBesideMs, pilotSharedMs);
        }

        /** The shared speed against the time alone measured right before the clock. */
        public double sharedSpeed() {
            return sharedSpeed(aloneMs);
        }
    }

    /** Times each group's invocation runs alone for the calibration (the median is its time alone). */
    static final int ALONE_ROUNDS = 5;

    /**
     * One workflow, over its measured requests.
     *
     * @param latencyMs per succeeded request, from its scheduled arrival to its last group's end
     * @param waitMs per succeeded request, its groups' waits summed (each group's longest invocation wait)
     * @param failed requests that failed
     * @param firstFailure what the first failed request threw, or {@code null}
     */
    public record WorkflowResult(String workflow, double ratePerSecond, int requests, List<Double> latencyMs,
                                 List<Double> waitMs, int failed, String firstFailure, List<PoolResult> pools) {
        public WorkflowResult {
            latencyMs = List.copyOf(latencyMs);
            waitMs = List.copyOf(waitMs);
            pools = List.copyOf(pools);
        }
    }

    /** @param wallSeconds from the first measured arrival to the last request's end */
    public record Report(List<WorkflowResult> workflows, double wallSeconds) {
        public Report {
            workflows = List.copyOf(workflows);
        }
    }

    private final Map<String, Map<String, Handler>> handlers;

    /** A runner that instantiates each function's {@code handler:} class. */
    public ClusterRunner() {
        this(Map.of());
    }

    /** A runner that uses the given handlers (by workflow name, then function name) and instantiates the others. */
    public ClusterRunner(Map<String, Map<String, Handler>> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** The arrival times (seconds from the start) of {@code n} requests of a Poisson process at {@code rate}/s. */
    public static double[] arrivalSeconds(double rate, int n, long seed) {
        Random random = new Random(seed);
        double[] times = new double[n];
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += -Math.log(1 - random.nextDouble()) / rate; // exponential gaps
            times[i] = t;
        }
        return times;
    }

    /**
     * Per group of {@code plan}, in the plan's order, the groups (their indices) it starts after: those holding a
     * function that one of its functions follows. A request runs a group when all of them have ended.
     */
    public static List<List<Integer>> groupPredecessors(Workflow workflow, Plan plan) {
        List<PlanGroup> groups = plan.groups();
        Map<String, Integer> groupOf = new HashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            for (String f : groups.get(g).functions()) {
                groupOf.put(f, g);
            }
        }
        List<List<Integer>> result = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> d = new ArrayList<>();
            for (String f : groups.get(g).functions()) {
                for (String pred : workflow.function(f).after()) {
                    int pg = groupOf.get(pred);
                    if (pg != g && !d.contains(pg)) {
                        d.add(pg);
                    }
                }
            }
            result.add(List.copyOf(d));
        }
        return List.copyOf(result);
    }

    /** Runs the workflows together (blocking) and reports what was measured. */
    public Report run(List<Pooled> workflows, Options options) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : ClusterRunner.class.getClassLoader();
        List<Flow> flows = new ArrayList<>();
        for (Pooled p : workflows) {
            PlanValidator.validate(p.plan(), p.workflow(), "plan");
            Map<String, Handler> resolved = HandlerLoader.resolve(p.workflow(),
                    handlers.getOrDefault(p.workflow().name(), Map.of()), loader);
            flows.add(new Flow(p, resolved));
        }
        AtomicInteger threadCount = new AtomicInteger();
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dagfuse-cluster-" + threadCount.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        });
        try {
            for (Flow flow : flows) {
                for (int i = 0; i < options.warmup(); i++) {
                    long now = System.nanoTime();
                    flow.request(flow.input(i), now, false, pool).exceptionally(e -> null).join();
                }
            }
            List<List<Calibration>> calibrations = calibrate(flows, options.calibration(), pool,
                    Runtime.getRuntime().availableProcessors(), options.seed());
            int[] counts = new int[flows.size()];
            Arrays.fill(counts, options.requests());
            long t0 = openLoop(flows, counts, options.seed(), options.warmup(), true, pool);
            double wall = (System.nanoTime() - t0) / 1e9;
            List<WorkflowResult> results = new ArrayList<>();
            for (int w = 0; w < flows.size(); w++) {
                results.add(flows.get(w).result(options.requests(), calibrations.get(w)));
            }
            return new Report(results, wall);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The sharing calibration (see the class comment): per workflow, per group (in the plan's order), its calibration,
     * or null where none ran.
     */
    private static List<List<Calibration>> calibrate(List<Flow> flows, int seconds, ExecutorService pool, int cores,
                                                     long seed) {
        List<List<Calibration>> result = new ArrayList<>();
        if (seconds == 0) {
            for (Flow flow : flows) {
                result.add(Arrays.asList(new Calibration[flow.groups.size()]));
            }
            return result;
        }
        // the pilot: every workflow at its rate for the seconds given, its invocations recorded
        int[] counts = new int[flows.size()];
        for (int w = 0; w < flows.size(); w++) {
            counts[w] = (int) Math.max(1, Math.round(flows.get(w).pooled.ratePerSecond() * seconds));
            flows.get(w).pilot = new ConcurrentLinkedQueue<>();
        }
        // every pool of every workflow in one fit: the threads beside an invocation are all workflows'
        List<SharingFit.Span> spans = new ArrayList<>();
        long start;
        try {
            start = openLoop(flows, counts, seed + PILOT_SEED, 0, false, pool);
        } finally {
            int first = 0;
            for (Flow flow : flows) {
                for (long[] span : flow.pilot) {
                    spans.add(new SharingFit.Span(first + (int) span[0], span[1], span[2], (int) span[3]));
                }
                flow.pilot = null;
                first += flow.groups.size();
            }
        }
        // the pilot's first third warms the JIT up beside the others (the warm-up ran one request at a time): not fitted
        int pools = flows.stream().mapToInt(f -> f.groups.size()).sum();
        List<SharingFit.Fit> fits = SharingFit.fit(spans, pools, cores, start + Math.round(seconds * 1e9 / 3));
        // each group alone right after the pilot, as warm as the measured run will find it
        int first = 0;
        for (Flow flow : flows) {
            double[] alone = flow.aloneMs(pool);
            Calibration[] row = new Calibration[flow.groups.size()];
            for (int g = 0; g < row.length && alone != null; g++) {
                SharingFit.Fit fit = fits.get(first + g);
                row[g] = new Calibration(alone[g], fit.invocations(), fit.aloneMs(), fit.besideMs(), fit.sharedMs());
            }
            result.add(Arrays.asList(row));
            first += row.length;
        }
        return result;
    }

    /** Added to the seed of the pilot's arrivals: apart from the measured run's (seed + i). */
    static final long PILOT_SEED = 1_000_003;

    /**
     * Runs {@code counts[w]} requests of each workflow w open loop, dispatched from this thread at Poisson arrival times
     * (its rate, seeded {@code seed + w}), their inputs those of requests {@code firstInput} on; waits for them all.
     *
     * @return when the clock started (a {@code System.nanoTime()}): arrival times count from it
     */
    private static long openLoop(List<Flow> flows, int[] counts, long seed, int firstInput, boolean measured,
                                 ExecutorService pool) {
        // one timeline of every workflow's arrivals; the inputs are made before the clock starts, so that making one
        // does not delay the arrivals after it
        List<long[]> timeline = new ArrayList<>();
        List<Object[]> inputs = new ArrayList<>();
        for (int w = 0; w < flows.size(); w++) {
            Flow flow = flows.get(w);
            double[] at = arrivalSeconds(flow.pooled.ratePerSecond(), counts[w], seed + w);
            Object[] in = new Object[counts[w]];
            for (int i = 0; i < at.length; i++) {
                timeline.add(new long[] {Math.round(at[i] * 1e9), w, i});
                in[i] = flow.input(firstInput + i);
            }
            inputs.add(in);
        }
        long t0 = System.nanoTime() + 20_000_000L;
        timeline.sort((a, b) -> Long.compare(a[0], b[0]));
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (long[] arrival : timeline) {
            long due = t0 + arrival[0];
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            Flow flow = flows.get((int) arrival[1]);
            requests.add(flow.request(inputs.get((int) arrival[1])[(int) arrival[2]], due, measured, pool));
        }
        for (CompletableFuture<Void> r : requests) {
            r.exceptionally(e -> null).join();
        }
        return t0;
    }

    /** One workflow's groups as pools, and what its measured requests recorded. */
    private static final class Flow {
        final Pooled pooled;
        final Map<String, Handler> handlers;
        final List<PlanGroup> groups;
        final List<GroupInvocation> invocations = new ArrayList<>();
        final int[][] deps;
        final int[] order;
        final int[] threads;
        final Semaphore[] containers;
        final AtomicInteger[] inFlight;
        final AtomicInteger[] maxInFlight;
        final AtomicLong[] waitNs;
        final AtomicLong[] serviceNs;
        final DoubleAdder[] serviceSquaresMs;
        final AtomicLong[] served;
        final List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Double> waits = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failed = new AtomicInteger();
        final AtomicReference<String> firstFailure = new AtomicReference<>();
        /** While the calibration's pilot runs: its invocations (group, start, end, threads); null otherwise. */
        volatile ConcurrentLinkedQueue<long[]> pilot;

        Flow(Pooled pooled, Map<String, Handler> handlers) {
            this.pooled = pooled;
            this.handlers = handlers;
            Workflow workflow = pooled.workflow();
            groups = pooled.plan().groups();
            int n = groups.size();
            for (int g = 0; g < n; g++) {
                invocations.add(GroupInvocation.of(workflow, groups.get(g), handlers));
            }
            List<List<Integer>> predecessors = groupPredecessors(workflow, pooled.plan());
            deps = new int[n][];
            threads = new int[n];
            containers = new Semaphore[n];
            inFlight = new AtomicInteger[n];
            maxInFlight = new AtomicInteger[n];
            waitNs = new AtomicLong[n];
            serviceNs = new AtomicLong[n];
            serviceSquaresMs = new DoubleAdder[n];
            served = new AtomicLong[n];
            for (int g = 0; g < n; g++) {
                deps[g] = predecessors.get(g).stream().mapToInt(Integer::intValue).toArray();
                threads[g] = workflow.platform().coresHeld(groups.get(g).memoryMB());
                containers[g] = new Semaphore(pooled.containers().get(g), true); // fair: first come, first served
                inFlight[g] = new AtomicInteger();
                maxInFlight[g] = new AtomicInteger();
                waitNs[g] = new AtomicLong();
                serviceNs[g] = new AtomicLong();
                serviceSquaresMs[g] = new DoubleAdder();
                served[g] = new AtomicLong();
            }
            order = topological(deps);
        }

        private static int[] topological(int[][] deps) {
            int n = deps.length;
            int[] result = new int[n];
            boolean[] done = new boolean[n];
            for (int k = 0; k < n; k++) {
                for (int g = 0; g < n; g++) {
                    if (!done[g] && Arrays.stream(deps[g]).allMatch(d -> done[d])) {
                        done[g] = true;
                        result[k] = g;
                        break;
                    }
                }
            }
            return result;
        }

        /** The request input of request {@code index}: the entry handler's default input for it. */
        Object input(int index) {
            return RequestInputs.defaultInput(pooled.workflow(), handlers::get, index);
        }

        /** One request arriving at {@code arrivalNs}: its groups as their predecessors end. */
        CompletableFuture<Void> request(Object input, long arrivalNs, boolean measured, ExecutorService pool) {
            return request(input, arrivalNs, measured, pool, new ConcurrentHashMap<>());
        }

        /** The same, keeping the last output of each group in {@code outputs}. */
        CompletableFuture<Void> request(Object input, long arrivalNs, boolean measured, ExecutorService pool,
                                        Map<String, Object[]> outputs) {
            long[] groupWaitNs = new long[groups.size()];
            @SuppressWarnings("unchecked")
            CompletableFuture<Void>[] done = new CompletableFuture[groups.size()];
            for (int g : order) {
                CompletableFuture<?>[] before = Arrays.stream(deps[g]).mapToObj(d -> done[d])
                        .toArray(CompletableFuture[]::new);
                int group = g;
                done[g] = CompletableFuture.allOf(before)
                        .thenComposeAsync(v -> runGroup(group, input, outputs, groupWaitNs, measured, pool), pool);
            }
            return CompletableFuture.allOf(done).handle((v, e) -> {
                if (!measured) {
                    return null;
                }
                if (e != null) {
                    failed.incrementAndGet();
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    firstFailure.compareAndSet(null, cause.getMessage() == null ? cause.toString() : cause.getMessage());
                    return null;
                }
                latencies.add((System.nanoTime() - arrivalNs) / 1e6);
                waits.add(Arrays.stream(groupWaitNs).sum() / 1e6);
                return null;
            });
        }

        private CompletableFuture<Void> runGroup(int g, Object input, Map<String, Object[]> outputs, long[] groupWaitNs,
                                                 boolean measured, ExecutorService pool) {
            PlanGroup group = groups.get(g);
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            Object[] out = new Object[group.fanOut()];
            for (int j = 0; j < group.invocations(); j++) {
                int from = j * group.bundleSize();
                int to = Math.min(group.fanOut(), from + group.bundleSize());
                calls.add(CompletableFuture.runAsync(() -> invoke(g, from, to, input, outputs, out, groupWaitNs,
                        measured), pool));
            }
            String last = group.functions().get(group.functions().size() - 1);
            return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                    .thenRun(() -> outputs.put(last, out));
        }

        private void invoke(int g, int from, int to, Object input, Map<String, Object[]> outputs, Object[] out,
                            long[] groupWaitNs, boolean measured) {
            List<GroupInvocation.Item> items = items(g, from, to, outputs);
            long queued = System.nanoTime();
            containers[g].acquireUninterruptibly();
            long started = System.nanoTime();
            int now = inFlight[g].incrementAndGet();
            maxInFlight[g].accumulateAndGet(now, Math::max);
            List<Object> results;
            try {
                results = invocations.get(g).run(items, input, threads[g]);
            } catch (GroupInvocation.FailedException e) {
                throw new IllegalStateException(e.getMessage(), e);
            } finally {
                inFlight[g].decrementAndGet();
                containers[g].release();
            }
            long ended = System.nanoTime();
            ConcurrentLinkedQueue<long[]> spans = pilot;
            if (spans != null) {
                spans.add(new long[] {g, started, ended, Math.max(1, Math.min(items.size(), threads[g]))});
            }
            for (int i = 0; i < results.size(); i++) {
                out[from + i] = results.get(i);
            }
            synchronized (groupWaitNs) {
                groupWaitNs[g] = Math.max(groupWaitNs[g], started - queued);
            }
            if (measured) {
                waitNs[g].addAndGet(started - queued);
                serviceNs[g].addAndGet(ended - started);
                double ms = (ended - started) / 1e6;
                serviceSquaresMs[g].add(ms * ms);
                served[g].incrementAndGet();
            }
        }

        /** The items of the invocation of group {@code g} for branches from..to, their inputs from {@code outputs}. */
        private List<GroupInvocation.Item> items(int g, int from, int to, Map<String, Object[]> outputs) {
            Workflow workflow = pooled.workflow();
            String first = groups.get(g).functions().get(0);
            List<GroupInvocation.Item> items = new ArrayList<>();
            for (int b = from; b < to; b++) {
                Map<String, List<Object>> inputs = new LinkedHashMap<>();
                for (Map.Entry<String, List<GroupInvocation.Source>> e
                        : GroupInvocation.sources(workflow, first, b).entrySet()) {
                    List<Object> values = new ArrayList<>();
                    for (GroupInvocation.Source s : e.getValue()) {
                        Object[] produced = outputs.get(s.function());
                        if (produced == null) {
                            throw new IllegalStateException("The output of function (" + s.function() + ") is not "
                                    + "the last of its group, so the cluster runner does not keep it; plan-cluster's "
                                    + "plans fuse only chains.");
                        }
                        values.add(produced[s.branch()]);
                    }
                    inputs.put(e.getKey(), values);
                }
                items.add(new GroupInvocation.Item(b, inputs));
            }
            return items;
        }

        /**
         * Per group, the median time alone of its first invocation of one more warm-up request (its items kept), over
         * {@link #ALONE_ROUNDS}; null when the request or a handler fails.
         */
        double[] aloneMs(ExecutorService pool) {
            Map<String, Object[]> outputs = new ConcurrentHashMap<>();
            double[] result = new double[groups.size()];
            try {
                request(input(0), System.nanoTime(), false, pool, outputs).join();
                for (int g = 0; g < groups.size(); g++) {
                    PlanGroup group = groups.get(g);
                    List<GroupInvocation.Item> items = items(g, 0, Math.min(group.fanOut(), group.bundleSize()), outputs);
                    double[] times = new double[ALONE_ROUNDS];
                    for (int r = 0; r < ALONE_ROUNDS; r++) {
                        times[r] = timed(invocations.get(g), items, input(0), threads[g]);
                    }
                    result[g] = Quantiles.percentile(times, 50);
                }
            } catch (RuntimeException e) {
                return null; // a handler that fails here fails the measured requests too, where the report says so
            }
            return result;
        }

        private static double timed(GroupInvocation invocation, List<GroupInvocation.Item> items, Object input, int threads) {
            long start = System.nanoTime();
            try {
                invocation.run(items, input, threads);
            } catch (GroupInvocation.FailedException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return (System.nanoTime() - start) / 1e6;
        }

        WorkflowResult result(int requests, List<Calibration> calibrations) {
            List<PoolResult> pools = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                long n = served[g].get();
                double mean = n == 0 ? Double.NaN : serviceNs[g].get() / 1e6 / n;
                // sample variance from the sums: (Σx² − n·mean²) / (n − 1)
                double variance = n < 2 ? Double.NaN
                        : Math.max(0, serviceSquaresMs[g].sum() - n * mean * mean) / (n - 1);
                pools.add(new PoolResult(groups.get(g).id(), pooled.containers().get(g), n, maxInFlight[g].get(),
                        n == 0 ? Double.NaN : waitNs[g].get() / 1e6 / n, mean,
                        mean > 0 ? Math.sqrt(variance) / mean : Double.NaN, calibrations.get(g)));
            }
            List<Double> lat;
            List<Double> w;
            synchronized (latencies) {
                lat = new ArrayList<>(latencies);
            }
            synchronized (waits) {
                w = new ArrayList<>(waits);
            }
            return new WorkflowResult(pooled.workflow().name(), pooled.ratePerSecond(), requests, lat, w, failed.get(),
                    firstFailure.get(), pools);
        }
    }
}
