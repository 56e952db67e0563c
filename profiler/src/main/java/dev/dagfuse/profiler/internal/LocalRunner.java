// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.internal;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.HandlerLoader;
import dev.dagfuse.model.handler.OutputSerialization;
import dev.dagfuse.model.handler.RequestInputs;
import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.profiler.FunctionReport;
import dev.dagfuse.profiler.LocalProfiler;
import dev.dagfuse.profiler.ProfileRun;
import dev.dagfuse.profiler.Progress;

import java.io.IOException;
import java.io.Serializable;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The in-process driver of {@code profile --target local}: runs the workflow once in topological order to get
 * real inputs for every function, then measures each function on those inputs.
 *
 * <p>Threads: an invocation runs as a task of a {@link ForkJoinPool} of t workers, so that parallel streams and
 * fork/join work inside the handler use at most t threads; t = 1 is recorded as 1,769 MB (one vCPU on Lambda),
 * t threads as t × 1,769 MB.
 */
public final class LocalRunner {

    private static final int MEMORY_PROBES = 3;
    private static final int PROBE_MAX_RUNS = 200;
    /** Steady-state warm-up ({@code FunctionMeasurement.warmUp}): runs per window, and when to stop. */
    private static final int WARMUP_WINDOW = 5;
    private static final double STEADY_CHANGE = 0.05;
    private static final double QUIET_JIT = 0.02;
    private static final int MAX_WARMUP = 200;
    private static final double MAX_WARMUP_MS = 20_000;
    private static final double PROBE_MIN_WALL_MS = 300;
    private static final double MB = 1024.0 * 1024.0;

    private final Workflow workflow;
    private final LocalProfiler.Options options;
    private final Progress progress;
    private final com.sun.management.OperatingSystemMXBean os = operatingSystem();
    private final com.sun.management.ThreadMXBean threads = threadBean();
    private final List<URL> classPath;

    /** Per function, each branch's serialized output from the reference run (null when a branch failed). */
    private final Map<String, List<byte[]>> outputs = new LinkedHashMap<>();
    private Object requestInput;
    private byte[] requestInputBytes;

    public LocalRunner(Workflow workflow, LocalProfiler.Options options, Progress progress) {
        this.workflow = workflow;
        this.options = options;
        this.progress = progress;
        this.classPath = FreshLoader.classPath(options.loader());
    }

    public ProfileRun run() {
        Map<String, Class<? extends Handler>> handlers = loadHandlers();
        prepareRequestInput(handlers);
        for (String name : workflow.topologicalOrder()) {
            if (handlers.containsKey(name)) {
                FunctionSpec f = workflow.function(name);
                progress.addSteps(f.fanOut() + options.warmup() + options.runs() + options.coldStarts()
                        + MEMORY_PROBES + probeRuns());
            }
        }
        Map<String, FunctionProfile> profiles = new LinkedHashMap<>();
        List<String> warmups = new ArrayList<>();
        List<FunctionReport> reports = new ArrayList<>();
        Set<String> skipped = new HashSet<>();
        List<String> order = workflow.topologicalOrder();
        for (int i = 0; i < order.size(); i++) {
            String name = order.get(i);
            FunctionSpec f = workflow.function(name);
            String position = "(" + (i + 1) + "/" + order.size() + ")";
            if (!handlers.containsKey(name)) {
                skipped.add(name);
                reports.add(new FunctionReport(name, FunctionReport.Status.SKIPPED, 0, 0, null,
                        List.of("no handler: not profiled locally")));
                progress.note(name + " " + position + ": skipped, it has no handler");
                continue;
            }
            String unrunnable = f.after().stream().filter(skipped::contains).findFirst().orElse(null);
            if (unrunnable != null) {
                skipped.add(name);
                reports.add(new FunctionReport(name, FunctionReport.Status.SKIPPED, 0, 0, null,
                        List.of("not profiled locally: its predecessor (" + unrunnable + ") was not run")));
                progress.note(name + " " + position + ": skipped, its predecessor (" + unrunnable + ") was not run");
                continue;
            }
            String missing = missingInput(f);
            if (missing != null) {
                reports.add(new FunctionReport(name, FunctionReport.Status.FAILED, 0, 0, missing, List.of()));
                progress.note(name + " " + position + ": not profiled: " + missing);
                continue;
            }
            Measured m = new FunctionMeasurement(f, handlers.get(name), position).measure();
            reports.add(m.report);
            if (m.profile != null) {
                profiles.put(name, m.profile);
                warmups.add(name + " " + m.warmup);
            }
        }
        progress.phase("local store and hand-off");
        Map<String, String> machine = MachineInfo.describe();
        machine.put("threads", "1 thread = " + ScalingModel.MB_PER_VCPU + " MB (1 vCPU); t threads = t x "
                + ScalingModel.MB_PER_VCPU + " MB; 6 threads = " + ScalingModel.MAX_VCPUS_MB + " MB");
        machine.put("peakMemory", "heap growth during one invocation after a full GC (upper bound of its live peak)");
        machine.put("coldStart", "class loading + static init + first-call excess over the warm median, fresh class loader");
        machine.put("runs", options.runs() + " measured per thread count, after at least " + options.warmup()
                + " warm-up runs and until steady (three medians of " + WARMUP_WINDOW + " runs within "
                + Math.round(STEADY_CHANGE * 100) + "%, JIT quiet)");
        machine.put("warmupRuns", String.join("; ", warmups));
        machine.putAll(StoreProbe.measure(sampleOutputs()));
        machine.put("measuredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new ProfileRun(new Profile("local-jvm", machine, profiles), reports);
    }

    /** One real output per function (its first branch), for the store probe. */
    private List<Object> sampleOutputs() {
        List<Object> objects = new ArrayList<>();
        for (List<byte[]> out : outputs.values()) {
            if (out != null && !out.isEmpty() && out.get(0) != null) {
                try {
                    objects.add(OutputSerialization.deserialize(out.get(0), options.loader()));
                } catch (IOException | ClassNotFoundException e) {
                    // written by us a moment ago: cannot happen; the probe has its byte arrays anyway
                }
            }
        }
        return objects;
    }

    private int probeRuns() {
        return options.maxThreads() > 1 ? Math.min(5, options.runs()) : 0;
    }

    // ---------------------------------------------------------------- setup

    private Map<String, Class<? extends Handler>> loadHandlers() {
        Map<String, Class<? extends Handler>> handlers = new LinkedHashMap<>();
        List<InputError> errors = new ArrayList<>();
        for (FunctionSpec f : workflow.functions().values()) {
            if (f.handler() == null) {
                continue; // not run locally: reported as skipped
            }
            try {
                handlers.put(f.name(), HandlerLoader.load(f, options.loader()));
            } catch (InputException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
        if (handlers.isEmpty()) {
            throw new InputException(null, "functions", "No function of the workflow (" + workflow.name()
                    + ") has a handler, so there is nothing to run locally. Add handler: <Java class> to the functions, "
                    + "or measure deployed functions with --target aws.");
        }
        return handlers;
    }

    /** The request input by the rule {@code run} uses too; kept serialized so that every run gets a fresh copy. */
    private void prepareRequestInput(Map<String, Class<? extends Handler>> handlers) {
        requestInput = RequestInputs.resolve(workflow, null, options.loader(), name -> handlers.containsKey(name)
                ? HandlerLoader.instantiate(workflow.function(name), handlers.get(name)) : null, options.seed());
        if (requestInput instanceof Serializable) {
            try {
                requestInputBytes = OutputSerialization.serialize(requestInput);
            } catch (IOException e) {
                requestInputBytes = null; // shared as is: runs cannot get a fresh copy
            }
        }
    }

    private static Handler instantiate(Class<? extends Handler> c) throws ReflectiveOperationException {
        return c.getConstructor().newInstance();
    }

    /** Why a function cannot get its inputs (a predecessor without outputs), or null. */
    private String missingInput(FunctionSpec f) {
        for (String p : f.after()) {
            List<byte[]> out = outputs.get(p);
            if (out == null) {
                return "its predecessor (" + p + ") produced no output";
            }
            for (int b = 0; b < out.size(); b++) {
                if (out.get(b) == null) {
                    return "its predecessor (" + p + ") failed in branch " + b;
                }
            }
        }
        return null;
    }

    /** The serialized inputs of one branch of {@code f}, per predecessor, as the edge semantics of Invocation say. */
    private Map<String, List<byte[]>> inputsOf(FunctionSpec f, int branch) {
        Map<String, List<byte[]>> in = new LinkedHashMap<>();
        for (String p : f.after()) {
            List<byte[]> out = outputs.get(p);
            List<byte[]> read = new ArrayList<>();
            for (int b : workflow.inputBranches(p, f.name(), branch)) {
                read.add(out.get(b));
            }
            in.put(p, List.copyOf(read));
        }
        return in;
    }

    private Invocation invocation(FunctionSpec f, int branch, Map<String, List<byte[]>> in, ClassLoader loader)
            throws IOException, ClassNotFoundException {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (Map.Entry<String, List<byte[]>> e : in.entrySet()) {
            List<Object> list = new ArrayList<>();
            for (byte[] bytes : e.getValue()) {
                list.add(OutputSerialization.deserialize(bytes, loader));
            }
            values.put(e.getKey(), list);
        }
        Object request = requestInputBytes == null ? requestInput : OutputSerialization.deserialize(requestInputBytes, loader);
        return new Invocation(f.name(), branch, f.fanOut(), values, request);
    }

    // ---------------------------------------------------------------- one function

    private record Measured(FunctionProfile profile, FunctionReport report, String warmup) {
    }

    /**
     * One timed call: wall time; CPU time of the pool's threads (per-thread clocks, precise) and of the whole process
     * (coarse, but it also sees threads the handler starts itself); bytes allocated by the invoking thread; output.
     */
    private record Call(double wallMs, double poolCpuMs, double processCpuMs, long allocatedBytes, Object output) {
    }

    private final class FunctionMeasurement {
        private final FunctionSpec f;
        private final Class<? extends Handler> type;
        private final String label;
        private final Handler handler;
        private final List<String> notes = new ArrayList<>();
        /** Per thread count measured, the warm-up runs it took to reach a steady state. */
        private final List<String> warmups = new ArrayList<>();
        private int successes;
        private int errors;
        private String firstError;
        private ForkJoinPool pool;
        private int poolThreads;
        private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

        /** CPU time of the current pool's worker threads so far (idle workers add nothing). */
        private long poolCpuNanos() {
            return workerCpuNanos().values().stream().mapToLong(Long::longValue).sum();
        }

        /** Per worker thread of the current pool, its CPU time so far. */
        private Map<Long, Long> workerCpuNanos() {
            Map<Long, Long> cpu = new LinkedHashMap<>();
            for (Thread w : workers) {
                long ns = threads.getThreadCpuTime(w.getId());
                if (ns > 0) {
                    cpu.put(w.getId(), ns);
                }
            }
            return cpu;
        }

        FunctionMeasurement(FunctionSpec f, Class<? extends Handler> type, String position) {
            this.f = f;
            this.type = type;
            this.label = f.name() + " " + position;
            Handler h = null;
            try {
                h = instantiate(type);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                error(e);
            }
            this.handler = h;
        }

        Measured measure() {
            try {
                if (handler == null) {
                    outputs.put(f.name(), null);
                    return failed();
                }
                reference();
                Map<Integer, List<Double>> latency = new LinkedHashMap<>();
                progress.phase(label + ": 1 thread, " + options.runs() + " runs");
                Samples one = timed(1);
                if (one.latencies.isEmpty()) {
                    return failed();
                }
                latency.put(ScalingModel.MB_PER_VCPU, one.latencies);
                double warmP50 = Stats.median(one.latencies);
                double cpuPerWall = one.wallMs >= 500 ? one.processCpuMs / one.wallMs : 0;
                if (cpuPerWall > 1.5) {
                    notes.add(String.format(Locale.ROOT, "with one pool thread it still used %.1f cores: it runs work "
                            + "outside its ForkJoinPool, so the %d MB samples had more than 1 vCPU", cpuPerWall,
                            ScalingModel.MB_PER_VCPU));
                }
                List<Double> cold = coldStarts(warmP50);
                int parallelism = parallelism();
                // no size on the profile's scale has more than 6 vCPUs (and profiles hold Lambda's sizes only)
                for (int t = 2; t <= Math.min(Math.min(parallelism, options.maxThreads()), ScalingModel.MAX_VCPUS); t++) {
                    progress.addSteps(options.warmup() + options.runs());
                    progress.phase(label + ": " + t + " threads, " + options.runs() + " runs");
                    Samples s = timed(t);
                    if (!s.latencies.isEmpty()) {
                        latency.put(ScalingModel.memoryMBFor(t), s.latencies);
                    }
                }
                double peakMB = peakMemoryMB();
                long outputBytes = meanOutputBytes();
                double allocated = Stats.median(one.allocated);
                notes.add(allocated < MB ? String.format(Locale.ROOT, "allocates %.1f KB per run (median, invoking thread)",
                        allocated / 1024) : String.format(Locale.ROOT, "allocates %.1f MB per run (median, invoking thread)",
                        allocated / MB));
                notes.add("warm-up runs to a steady state: " + String.join(", ", warmups));
                // rounded up to 0.1 MB: 0 would read as "unknown" in the profile format
                FunctionProfile profile = new FunctionProfile(outputBytes, Math.max(0.1, Math.ceil(peakMB * 10) / 10.0),
                        parallelism, cold, latency);
                FunctionReport report = new FunctionReport(f.name(), FunctionReport.Status.PROFILED, successes, errors,
                        firstError, notes);
                progress.note(summary(profile));
                return new Measured(profile, report, String.join(", ", warmups));
            } finally {
                if (pool != null) {
                    pool.shutdownNow();
                }
            }
        }

        private Measured failed() {
            progress.note(label + ": FAILED, " + errors + " error" + (errors == 1 ? "" : "s")
                    + (firstError == null ? "" : ": " + firstError));
            return new Measured(null, new FunctionReport(f.name(), FunctionReport.Status.FAILED, successes, errors,
                    firstError, notes), null);
        }

        private String summary(FunctionProfile p) {
            StringBuilder s = new StringBuilder(label).append(":");
            p.latencyMs().forEach((size, samples) -> s.append(String.format(Locale.ROOT, " %d MB p50 %s (n=%d);",
                    size, Quantities.formatMs(Stats.median(samples)), samples.size())));
            if (!p.coldStartMs().isEmpty()) {
                s.append(" cold start p50 ").append(Quantities.formatMs(Stats.median(p.coldStartMs()))).append(';');
            }
            s.append(String.format(Locale.ROOT, " output %d B; peak %.1f MB; parallelism %d", p.outputBytes(),
                    p.peakMemoryMB(), p.parallelism()));
            if (errors > 0) {
                s.append("; ").append(errors).append(" error").append(errors == 1 ? "" : "s").append(": ").append(firstError);
            }
            return s.toString();
        }

        /** Runs every branch once on the predecessors' real outputs (one retry), keeping the outputs for successors. */
        private void reference() {
            progress.phase(label + ": reference run, " + f.fanOut() + " branch" + (f.fanOut() == 1 ? "" : "es"));
            List<byte[]> out = new ArrayList<>();
            for (int b = 0; b < f.fanOut(); b++) {
                byte[] bytes = null;
                for (int attempt = 0; attempt < 2 && bytes == null; attempt++) {
                    Call c = call(b, 1, handler, options.loader());
                    if (c != null) {
                        try {
                            bytes = OutputSerialization.serialize(c.output());
                        } catch (IOException e) {
                            successes--;
                            error(e);
                        }
                    }
                }
                out.add(bytes);
                progress.step();
            }
            outputs.put(f.name(), out);
        }

        private long meanOutputBytes() {
            List<byte[]> out = outputs.get(f.name());
            return Math.round(out.stream().filter(b -> b != null).mapToLong(b -> b.length).average().orElse(0));
        }

        private final class Samples {
            final List<Double> latencies = new ArrayList<>();
            double wallMs;
            double poolCpuMs;
            double processCpuMs;
            final List<Double> allocated = new ArrayList<>();
        }

        /** Warm-up to a steady state, then measured runs with {@code t} pool threads, branches in rotation. */
        private Samples timed(int t) {
            warmUp(t);
            Samples s = new Samples();
            for (int i = 0; i < options.runs(); i++) {
                Call c = call(i % f.fanOut(), t, handler, options.loader());
                if (c != null) {
                    s.latencies.add(Stats.round3(c.wallMs()));
                    s.wallMs += c.wallMs();
                    s.poolCpuMs += c.poolCpuMs();
                    s.processCpuMs += c.processCpuMs();
                    s.allocated.add((double) c.allocatedBytes());
                }
                progress.step();
            }
            return s;
        }

        /**
         * Runs the function until its latency is steady, as JMH's warm-up does, so that no sample is a warm-up run
         * (JIT compilation, the first collections): at least {@code options.warmup()} runs, then windows of
         * {@value #WARMUP_WINDOW} runs until, twice in a row, a window's median is within {@value #STEADY_CHANGE} of the
         * previous one's and the JIT compiled for under {@value #QUIET_JIT} of the window's time; at most {@value #MAX_WARMUP} runs or
         * {@value #MAX_WARMUP_MS} ms. How many it took goes into the report's notes and the profile's machine map.
         */
        private void warmUp(int t) {
            int runs = 0;
            int ok = 0;
            double spentMs = 0;
            for (; runs < options.warmup(); runs++) {
                Call c = call(runs % f.fanOut(), t, handler, options.loader());
                spentMs += c == null ? 0 : c.wallMs();
                ok += c == null ? 0 : 1;
                progress.step();
            }
            if (runs > 0 && ok == 0) {
                warmups.add(String.format(Locale.ROOT, "%d, all failed (%d thread%s)", runs, t, t == 1 ? "" : "s"));
                return; // it fails every time: nothing to warm, and the measured runs will say so
            }
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            boolean jitTimed = jit != null && jit.isCompilationTimeMonitoringSupported();
            double previous = Double.NaN;
            double change = Double.NaN;
            int steadyWindows = 0;
            boolean steady = false;
            while (!steady && runs < MAX_WARMUP && spentMs < MAX_WARMUP_MS) {
                long jitBefore = jitTimed ? jit.getTotalCompilationTime() : 0;
                List<Double> window = new ArrayList<>();
                double windowMs = 0;
                progress.addSteps(WARMUP_WINDOW);
                for (int i = 0; i < WARMUP_WINDOW; i++, runs++) {
                    Call c = call(runs % f.fanOut(), t, handler, options.loader());
                    if (c != null) {
                        window.add(c.wallMs());
                        windowMs += c.wallMs();
                    }
                    progress.step();
                }
                spentMs += windowMs;
                if (window.isEmpty()) {
                    break; // every run failed: the measured runs will say so
                }
                long jitMs = jitTimed ? jit.getTotalCompilationTime() - jitBefore : 0;
                double median = Stats.median(window);
                change = Double.isNaN(previous) || previous <= 0 ? Double.NaN : Math.abs(median - previous) / previous;
                // twice in a row: one flat pair of windows can be a plateau on the way down
                steadyWindows = change <= STEADY_CHANGE && jitMs <= QUIET_JIT * Math.max(windowMs, 1) ? steadyWindows + 1 : 0;
                steady = steadyWindows >= 2;
                previous = median;
            }
            warmups.add(steady ? String.format(Locale.ROOT, "%d (%d thread%s)", runs, t, t == 1 ? "" : "s")
                    : String.format(Locale.ROOT, "%d, not steady (%d thread%s)", runs, t, t == 1 ? "" : "s"));
            if (!steady) {
                notes.add(String.format(Locale.ROOT, "not steady after %d warm-up runs (%.0f ms) with %d thread%s%s: "
                        + "its first samples may still include JIT compilation", runs, spentMs, t, t == 1 ? "" : "s",
                        Double.isNaN(change) ? "" : String.format(Locale.ROOT, ", the median still moved %.0f%%",
                                change * 100)));
            }
        }

        /**
         * Threads one invocation keeps busy: the given value, or CPU time over wall time of a few runs with every
         * core available, rounded (at most the machine's cores).
         */
        private int parallelism() {
            Integer given = options.parallelism().get(f.name());
            if (given != null) {
                notes.add("parallelism " + given + " as given");
                for (int i = 0; i < probeRuns(); i++) {
                    progress.step();
                }
                return given;
            }
            if (options.maxThreads() == 1) {
                notes.add("parallelism not measured (1 thread allowed): 1 assumed");
                return 1;
            }
            progress.phase(label + ": parallelism probe");
            // How many of the pool's threads shared one run's work: (sum c)^2 / sum c^2 over the workers' CPU times
            // in that run, 1 when one thread did it all, t for t equal shares; averaged over runs weighted by CPU.
            // Unlike CPU time over wall time, this does not drop when other processes compete for the cores.
            double wall = 0;
            double weighted = 0;
            double total = 0;
            pool(options.maxThreads());
            for (int i = 0; i < PROBE_MAX_RUNS && (i < probeRuns() || wall < PROBE_MIN_WALL_MS); i++) {
                Map<Long, Long> before = workerCpuNanos();
                Call c = call(i % f.fanOut(), options.maxThreads(), handler, options.loader());
                Map<Long, Long> after = workerCpuNanos();
                if (c != null) {
                    wall += c.wallMs();
                    double sum = 0;
                    double squares = 0;
                    for (Map.Entry<Long, Long> e : after.entrySet()) {
                        double cpu = Math.max(0, e.getValue() - before.getOrDefault(e.getKey(), 0L));
                        sum += cpu;
                        squares += cpu * cpu;
                    }
                    if (squares > 0) {
                        weighted += sum * (sum * sum / squares);
                        total += sum;
                    }
                }
                if (i < probeRuns()) {
                    progress.step();
                }
            }
            if (!(total > 0)) {
                return 1;
            }
            double ratio = weighted / total;
            int measured = (int) Math.max(1, Math.min(options.maxThreads(), Math.round(ratio)));
            notes.add(String.format(Locale.ROOT, "parallelism %d measured (the work was spread over %.2f of %d threads)",
                    measured, ratio, options.maxThreads()));
            if (measured == options.maxThreads() && measured > 1) {
                notes.add("it kept all " + measured + " threads busy: it may use more than this machine has; "
                        + "give --parallelism " + f.name() + "=N if you know N");
            }
            return measured;
        }

        /**
         * Cold starts: in a fresh class loader, loading and initializing the handler class, constructing it and its
         * first call; recorded as that time minus the warm median, i.e. what a fresh instance adds.
         */
        private List<Double> coldStarts(double warmP50) {
            List<Double> cold = new ArrayList<>();
            if (options.coldStarts() == 0) {
                return cold;
            }
            progress.phase(label + ": " + options.coldStarts() + " cold starts");
            String problem = null;
            for (int i = 0; i < options.coldStarts(); i++) {
                try (FreshLoader loader = new FreshLoader(classPath, options.loader())) {
                    int branch = i % f.fanOut();
                    Invocation inv = invocation(f, branch, inputsOf(f, branch), loader);
                    Future<double[]> result = pool(1).submit(() -> {
                        Thread current = Thread.currentThread();
                        ClassLoader context = current.getContextClassLoader();
                        current.setContextClassLoader(loader);
                        try {
                            long t0 = System.nanoTime();
                            Class<?> c = Class.forName(type.getName(), true, loader);
                            if (c.getClassLoader() != loader) {
                                throw new IllegalStateException("the handler class is not on java.class.path, "
                                        + "so it cannot be loaded afresh");
                            }
                            Handler fresh = (Handler) c.getConstructor().newInstance();
                            long t1 = System.nanoTime();
                            fresh.handle(inv);
                            long t2 = System.nanoTime();
                            return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
                        } finally {
                            current.setContextClassLoader(context);
                        }
                    });
                    double[] ms = result.get(timeoutMs(), TimeUnit.MILLISECONDS);
                    cold.add(Stats.round3(ms[0] + Math.max(0, ms[1] - warmP50)));
                } catch (ExecutionException e) {
                    problem = describe(e.getCause());
                } catch (TimeoutException e) {
                    problem = "the first call took longer than the timeout";
                    resetPool();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problem = "interrupted";
                } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
                    problem = describe(e);
                }
                progress.step();
            }
            if (problem != null) {
                notes.add("cold start " + (cold.isEmpty() ? "not measured" : "measured " + cold.size() + " times")
                        + ": " + problem);
            }
            return cold;
        }

        /**
         * The heap growth of one invocation: after a full GC, the sum of the heap pools' peak usage during the call
         * minus their usage before it. Garbage not yet collected counts, so this is an upper bound of the live peak
         * (and at most what the call allocated). The largest of a few single-threaded runs.
         */
        private double peakMemoryMB() {
            progress.phase(label + ": memory");
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();
            double peak = 0;
            for (int i = 0; i < MEMORY_PROBES; i++) {
                int branch = i % f.fanOut();
                try {
                    Invocation inv = invocation(f, branch, inputsOf(f, branch), options.loader());
                    System.gc();
                    long before = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
                    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                    Future<Object> r = pool(1).submit(() -> handler.handle(inv));
                    r.get(timeoutMs(), TimeUnit.MILLISECONDS);
                    long after = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                    peak = Math.max(peak, Math.max(0, after - before) / MB);
                } catch (ExecutionException e) {
                    error(e.getCause());
                } catch (TimeoutException e) {
                    timeout();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException | ClassNotFoundException | RuntimeException e) {
                    error(e);
                }
                progress.step();
            }
            return peak;
        }

        /** One invocation of branch {@code branch} on a pool of {@code t} threads; null when it failed (counted). */
        private Call call(int branch, int t, Handler h, ClassLoader loader) {
            try {
                Invocation inv = invocation(f, branch, inputsOf(f, branch), loader);
                ForkJoinPool p = pool(t);
                long pool0 = poolCpuNanos();
                Future<Call> result = p.submit(() -> {
                    long alloc0 = threads.getCurrentThreadAllocatedBytes();
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    Object out = h.handle(inv);
                    long t1 = System.nanoTime();
                    long cpu1 = os.getProcessCpuTime();
                    long alloc1 = threads.getCurrentThreadAllocatedBytes();
                    return new Call((t1 - t0) / 1e6, 0, (cpu1 - cpu0) / 1e6, alloc1 - alloc0, out);
                });
                Call c = result.get(timeoutMs(), TimeUnit.MILLISECONDS);
                c = new Call(c.wallMs(), (poolCpuNanos() - pool0) / 1e6, c.processCpuMs(), c.allocatedBytes(), c.output());
                successes++;
                return c;
            } catch (ExecutionException e) {
                error(e.getCause());
            } catch (TimeoutException e) {
                timeout();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error(e);
            } catch (IOException | ClassNotFoundException | RuntimeException e) {
                error(e);
            }
            return null;
        }

        private void timeout() {
            error(new TimeoutException("took longer than its timeout (" + Quantities.formatMs(f.timeoutMs()) + ")"));
            resetPool();
        }

        private void error(Throwable e) {
            errors++;
            if (firstError == null) {
                firstError = describe(e);
            }
        }

        private long timeoutMs() {
            return (long) Math.ceil(f.timeoutMs());
        }

        private ForkJoinPool pool(int t) {
            if (pool == null || poolThreads != t) {
                if (pool != null) {
                    pool.shutdown();
                }
                workers.clear();
                pool = new ForkJoinPool(t, p -> {
                    ForkJoinWorkerThread w = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                    workers.add(w);
                    return w;
                }, null, false);
                poolThreads = t;
            }
            return pool;
        }

        // A timed-out call keeps its worker: abandon that pool (interrupting it) and start a new one.
        private void resetPool() {
            if (pool != null) {
                pool.shutdownNow();
                pool = null;
            }
        }
    }

    /** "IllegalStateException: boom" for a handler's exception (unwrapping reflection). */
    static String describe(Throwable e) {
        Throwable t = e;
        // ForkJoinTask.get rethrows a copy of a worker's exception with the original as its cause.
        while (t.getCause() != null && (t instanceof InvocationTargetException || t instanceof ExecutionException
                || t.getClass() == t.getCause().getClass())) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message.strip());
    }

    private static com.sun.management.OperatingSystemMXBean operatingSystem() {
        return (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    }

    private static com.sun.management.ThreadMXBean threadBean() {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        if (bean.isThreadAllocatedMemorySupported() && !bean.isThreadAllocatedMemoryEnabled()) {
            bean.setThreadAllocatedMemoryEnabled(true);
        }
        return bean;
    }
}
