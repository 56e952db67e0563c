// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.executor.RunReport.Breakdown;
import dev.dagfuse.executor.RunReport.GroupStats;
import dev.dagfuse.executor.RunReport.Latency;
import dev.dagfuse.executor.RunReport.RequestResult;
import dev.dagfuse.executor.RunReport.RequestStatus;
import dev.dagfuse.executor.RunReport.StoreStats;
import dev.dagfuse.executor.internal.CompiledPlan;
import dev.dagfuse.executor.internal.Engine;
import dev.dagfuse.executor.internal.LocalObjectStore;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.HandlerLoader;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.io.TempFiles;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.stats.Quantiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Runs a plan on this machine with the workflow's real Java handlers (see {@code docs/executor.md}). Group
 * outputs cross a local object store under the work directory; fused functions hand objects over in memory;
 * all invocations share the run's cores.
 */
public final class LocalExecutor implements Executor {

    /** How long a stopped run waits for handler calls in flight before it reports them as interrupted. */
    private static final long STOP_GRACE_MS = 5_000;

    private final Map<String, Handler> handlers;
    private volatile boolean stopRequested;
    private volatile Engine engine;
    private final Object lock = new Object();

    /** An executor that instantiates each function's {@code handler:} class. */
    public LocalExecutor() {
        this(Map.of());
    }

    /** An executor that uses the given handlers (by function name) and instantiates the others' classes. */
    public LocalExecutor(Map<String, Handler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public void stop() {
        stopRequested = true;
        Engine e = engine;
        if (e != null) {
            e.stop();
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** The cores a run uses: the option, else the cores the workflow's platform shares (local), else the machine's. */
    public static int coresFor(Workflow workflow, RunOptions options) {
        if (options.cores() > 0) {
            return options.cores();
        }
        if (workflow.platform().sharedCores() > 0) {
            return workflow.platform().sharedCores();
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The platform a run of {@code workflow} is on: this machine with the run's cores ({@link #coresFor}). */
    public static LocalPlatform platformFor(Workflow workflow, RunOptions options) {
        return LocalPlatform.forRun(workflow.platform(), coresFor(workflow, options));
    }

    @Override
    public RunReport run(Workflow workflow, Plan plan, RunOptions options) {
        PlanValidator.validate(plan, workflow, "plan");
        // a request's path would be the handlers' to decide, and a service call is not a Java handler
        workflow.requireRunnable("the local executor", "plan and evaluate it, and run a copy without them");
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : LocalExecutor.class.getClassLoader();
        Map<String, Handler> resolved = HandlerLoader.resolve(workflow, handlers, loader);
        LocalPlatform platform = platformFor(workflow, options);
        CompiledPlan compiled = CompiledPlan.compile(workflow, plan, resolved, platform);
        int cores = platform.cores();
        LocalObjectStore store = new LocalObjectStore(storeDir(options.workDir()));
        try {
            return run(workflow, options, loader, compiled, cores, store);
        } catch (RuntimeException | Error e) {
            // a run that ends without a report has nothing to show in its directory
            TempFiles.delete(store.root());
            throw e;
        }
    }

    private RunReport run(Workflow workflow, RunOptions options, ClassLoader loader, CompiledPlan compiled, int cores,
                          LocalObjectStore store) {
        int total = options.warmup() + options.requests();
        Engine.RequestRun[] runs = new Engine.RequestRun[total];
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger failedCount = new AtomicInteger();
        long t0 = System.nanoTime();
        try (Engine e = new Engine(compiled, store, cores, loader)) {
            engine = e;
            if (stopRequested) {
                e.stop();
            }
            Semaphore slots = new Semaphore(options.load() instanceof Load.ClosedLoop c ? c.concurrency() : Integer.MAX_VALUE);
            double periodNs = options.load() instanceof Load.OpenLoop o ? 1e9 / o.requestsPerSecond() : 0;
            for (int i = 0; i < total && !e.isStopped(); i++) {
                if (periodNs > 0) {
                    long due = t0 + Math.round(i * periodNs);
                    for (long wait = due - System.nanoTime(); wait > 0 && !e.isStopped(); wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(Math.min(wait, 50_000_000L));
                    }
                } else {
                    while (!e.isStopped() && !tryAcquire(slots)) {
                        // wait for a slot, checking for a stop
                    }
                }
                if (e.isStopped()) {
                    break;
                }
                boolean warmup = i < options.warmup();
                Object input = options.input() != null ? options.input() : defaultInput(compiled, i);
                runs[i] = e.start(i, warmup, input, r -> {
                    if (r.status() == Engine.Status.FAILED && !r.warmup()) {
                        failedCount.incrementAndGet();
                    }
                    if (r.status() == Engine.Status.OK && !options.keepOutputs()) {
                        try {
                            store.deletePrefix(r.prefix());
                        } catch (IOException ex) {
                            // leftover objects cost disk space only
                        }
                    }
                    int done = finished.incrementAndGet();
                    slots.release();
                    if (options.progress() != null && !r.warmup()) {
                        options.progress().update(Math.max(0, done - options.warmup()), failedCount.get(), options.requests());
                    }
                    synchronized (lock) {
                        lock.notifyAll();
                    }
                });
            }
            awaitAll(runs, e);
            double wallSeconds = (System.nanoTime() - t0) / 1e9;
            RunReport report = report(workflow, options, cores, compiled, e, runs, wallSeconds, store);
            engine = null;
            return report;
        }
    }

    private static boolean tryAcquire(Semaphore slots) {
        try {
            return slots.tryAcquire(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitAll(Engine.RequestRun[] runs, Engine e) {
        long stopDeadline = Long.MAX_VALUE;
        synchronized (lock) {
            while (true) {
                boolean running = Arrays.stream(runs).anyMatch(r -> r != null && r.status() == Engine.Status.RUNNING);
                if (!running) {
                    return;
                }
                if (e.isStopped() && stopDeadline == Long.MAX_VALUE) {
                    stopDeadline = System.currentTimeMillis() + STOP_GRACE_MS;
                }
                if (System.currentTimeMillis() >= stopDeadline) {
                    return;
                }
                try {
                    lock.wait(100);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    e.stop();
                }
            }
        }
    }

    private static Object defaultInput(CompiledPlan compiled, int index) {
        return compiled.defaultInput(index);
    }

    private static Path storeDir(Path workDir) {
        try {
            if (workDir == null) {
                return Files.createTempDirectory("dagfuse-run-");
            }
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Files.createDirectories(workDir);
            return Files.createTempDirectory(workDir, "run-" + stamp + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a work directory: " + e.getMessage(), e);
        }
    }

    private static RunReport report(Workflow workflow, RunOptions options, int cores, CompiledPlan compiled, Engine e,
                                    Engine.RequestRun[] runs, double wallSeconds, LocalObjectStore store) {
        List<RequestResult> results = new ArrayList<>();
        List<Engine.RequestRun> ok = new ArrayList<>();
        int failed = 0;
        int notRun = 0;
        for (int i = 0; i < runs.length; i++) {
            Engine.RequestRun r = runs[i];
            boolean warmup = i < options.warmup();
            if (r == null) {
                results.add(new RequestResult(i, warmup, RequestStatus.NOT_STARTED, null, null, null));
                notRun += warmup ? 0 : 1;
                continue;
            }
            switch (r.status()) {
                case OK -> {
                    long[] b = r.breakdownNs();
                    results.add(new RequestResult(i, warmup, RequestStatus.OK, r.latencyNs() / 1e6,
                            breakdown(b, r.latencyNs()), null));
                    if (!warmup) {
                        ok.add(r);
                    }
                }
                case FAILED -> {
                    results.add(new RequestResult(i, warmup, RequestStatus.FAILED, null, null, r.failure()));
                    failed += warmup ? 0 : 1;
                }
                default -> {
                    results.add(new RequestResult(i, warmup, RequestStatus.INTERRUPTED, null, null, null));
                    notRun += warmup ? 0 : 1;
                }
            }
        }
        Latency measured = null;
        Breakdown mean = null;
        if (!ok.isEmpty()) {
            double[] lat = ok.stream().mapToDouble(r -> r.latencyNs() / 1e6).toArray();
            Arrays.sort(lat);
            measured = new Latency(Quantiles.percentileOfSorted(lat, 50), Quantiles.percentileOfSorted(lat, 95),
                    Quantiles.percentileOfSorted(lat, 99), Arrays.stream(lat).sum() / lat.length, lat[lat.length - 1]);
            long[] sum = new long[4];
            long latSum = 0;
            for (Engine.RequestRun r : ok) {
                long[] b = r.breakdownNs();
                for (int k = 0; k < 4; k++) {
                    sum[k] += b[k];
                }
                latSum += r.latencyNs();
            }
            double n = ok.size();
            mean = new Breakdown(sum[0] / n / 1e6, sum[1] / n / 1e6, sum[2] / n / 1e6, sum[3] / n / 1e6, latSum / n / 1e6);
        }
        List<GroupStats> groups = new ArrayList<>();
        for (CompiledPlan.Group g : compiled.groups()) {
            int gi = groups.size();
            double[] lat = ok.stream().mapToDouble(r -> r.groupLatencyNs(gi) / 1e6).toArray();
            Arrays.sort(lat);
            int perRequest = g.plan().invocations();
            groups.add(new GroupStats(g.plan().id(), g.plan().functions(), g.plan().bundleSize(), perRequest, g.threads(),
                    Math.max(1, Math.min(g.cores(), cores)), ok.size(), (long) ok.size() * perRequest, Quantiles.percentileOfSorted(lat, 50),
                    Quantiles.percentileOfSorted(lat, 95), Quantiles.percentileOfSorted(lat, 99), e.attempts(gi), e.retries(gi),
                    e.timeouts(gi)));
        }
        StoreStats storeStats = new StoreStats(store.writes(), store.reads(), store.bytesWritten(), store.bytesRead());
        // kept for what it holds (failed requests' objects, or every one with keepOutputs): an empty one goes
        boolean anyKept = (options.keepOutputs() || results.stream().anyMatch(r -> r.status() != RequestStatus.OK))
                && holdsFiles(store.root());
        String workDir = store.root().toString();
        if (!anyKept) {
            try {
                store.deleteAll();
                workDir = "(deleted)";
            } catch (IOException ex) {
                // a leftover temporary directory is harmless
            }
        }
        return new RunReport(workflow.name(), options.load().describe(), cores, options.requests(), options.warmup(),
                ok.size(), failed, notRun, e.isStopped(), wallSeconds, measured, null, null, null, mean, groups,
                storeStats, workDir, results);
    }

    private static boolean holdsFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (IOException | UncheckedIOException e) {
            return true;
        }
    }

    private static Breakdown breakdown(long[] ns, long latencyNs) {
        return new Breakdown(ns[0] / 1e6, ns[1] / 1e6, ns[2] / 1e6, ns[3] / 1e6, latencyNs / 1e6);
    }
}
