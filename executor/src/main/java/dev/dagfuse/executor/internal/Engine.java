// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor.internal;

import dev.dagfuse.executor.RunReport.Failure;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.handler.OutputSerialization;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Runs requests of a compiled plan. Every group invocation becomes ready when the invocations it reads from are
 * done; it then takes the cores it holds on the run's platform (its size in vCPUs rounded up, at least 1, at most the
 * run's cores: {@code Platform.coresHeld}) of the run's core permits (a fair semaphore: first ready, first served),
 * holds them until its last item is done, and runs its items (branches) on min(bundle size, those cores) worker
 * threads. So all invocations of all requests share the machine's cores as the local platform model's list
 * scheduling assumes. Inside an item the group's functions are called back to back with the objects handed over
 * in memory; only the group's output is serialized into the store.
 */
public final class Engine implements AutoCloseable {

    private final CompiledPlan plan;
    private final LocalObjectStore store;
    private final Semaphore cores;
    private final ExecutorService workers;
    private final ScheduledThreadPoolExecutor watchdog;
    private final ClassLoader loader;
    private volatile boolean stopped;
    private final LongAdder[] attempts;
    private final LongAdder[] retries;
    private final LongAdder[] timeouts;

    public Engine(CompiledPlan plan, LocalObjectStore store, int cores, ClassLoader loader) {
        this.plan = plan;
        this.store = store;
        this.cores = new Semaphore(cores, true);
        this.loader = loader;
        this.workers = Executors.newCachedThreadPool(daemon("dagfuse-worker"));
        this.watchdog = new ScheduledThreadPoolExecutor(1, daemon("dagfuse-watchdog"));
        this.watchdog.setRemoveOnCancelPolicy(true);
        int groups = plan.groups.size();
        attempts = adders(groups);
        retries = adders(groups);
        timeouts = adders(groups);
    }

    public CompiledPlan plan() {
        return plan;
    }

    public LocalObjectStore store() {
        return store;
    }

    /** No new invocation or item starts after this; running handler calls finish. */
    public void stop() {
        stopped = true;
    }

    public boolean isStopped() {
        return stopped;
    }

    public long attempts(int group) {
        return attempts[group].sum();
    }

    public long retries(int group) {
        return retries[group].sum();
    }

    public long timeouts(int group) {
        return timeouts[group].sum();
    }

    /** Starts request {@code index}; {@code onDone} is called once, from an engine thread, when it has ended. */
    public RequestRun start(int index, boolean warmup, Object input, Consumer<RequestRun> onDone) {
        RequestRun req = new RequestRun(index, warmup, input, onDone);
        List<CompiledPlan.Invocation> ready = new ArrayList<>();
        synchronized (req) {
            for (CompiledPlan.Invocation inv : plan.invocations) {
                if (inv.deps.length == 0) {
                    req.readyNs[inv.id] = req.startNs;
                    ready.add(inv);
                }
            }
            for (CompiledPlan.Invocation inv : ready) {
                req.launch(inv);
            }
        }
        return req;
    }

    @Override
    public void close() {
        stopped = true;
        workers.shutdown();
        watchdog.shutdownNow();
    }

    /** How a request ended. */
    public enum Status { RUNNING, OK, FAILED, INTERRUPTED }

    /** One request's state: per invocation its times and, once ended, its result. */
    public final class RequestRun {
        final int index;
        final boolean warmup;
        final Object input;
        final String prefix;
        final long startNs;
        final Consumer<RequestRun> onDone;
        final int[] pending;
        final long[] readyNs;
        final long[] endNs;
        final int[] critical;
        final long[] queueNs;
        final long[] transferNs;
        final long[] workNs;
        private int remaining;
        private int running;
        private volatile Status status = Status.RUNNING;
        private volatile Failure failure;
        private volatile boolean failed;

        RequestRun(int index, boolean warmup, Object input, Consumer<RequestRun> onDone) {
            this.index = index;
            this.warmup = warmup;
            this.input = input;
            this.prefix = String.format("r%06d", index);
            this.onDone = onDone;
            int n = plan.invocations.size();
            pending = new int[n];
            for (CompiledPlan.Invocation inv : plan.invocations) {
                pending[inv.id] = inv.deps.length;
            }
            readyNs = new long[n];
            endNs = new long[n];
            critical = new int[n];
            Arrays.fill(critical, -1);
            queueNs = new long[n];
            transferNs = new long[n];
            workNs = new long[n];
            remaining = n;
            this.startNs = System.nanoTime();
        }

        public int index() {
            return index;
        }

        public boolean warmup() {
            return warmup;
        }

        public Status status() {
            return status;
        }

        public Failure failure() {
            return failure;
        }

        public String prefix() {
            return prefix;
        }

        /** Start to the end of the last invocation, for an OK request. */
        public long latencyNs() {
            return Arrays.stream(endNs).max().orElse(startNs) - startNs;
        }

        /**
         * Along the critical path (from the invocation that ended last back through the dependency that made
         * each one ready), nanoseconds of work, transfer, queueing and overhead: they add up to the latency.
         */
        public long[] breakdownNs() {
            int cur = 0;
            for (int i = 1; i < endNs.length; i++) {
                if (endNs[i] > endNs[cur]) {
                    cur = i;
                }
            }
            long work = 0;
            long transfer = 0;
            long queue = 0;
            long overhead = 0;
            while (cur >= 0) {
                long span = endNs[cur] - readyNs[cur];
                work += workNs[cur];
                transfer += transferNs[cur];
                queue += queueNs[cur];
                overhead += span - workNs[cur] - transferNs[cur] - queueNs[cur];
                int pred = critical[cur];
                if (pred < 0) {
                    overhead += readyNs[cur] - startNs;
                }
                cur = pred;
            }
            return new long[] {work, transfer, queue, overhead};
        }

        /** A group's latency in this request: its first invocation ready to its last one done. */
        public long groupLatencyNs(int group) {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (CompiledPlan.Invocation inv : plan.groups.get(group).invocations) {
                first = Math.min(first, readyNs[inv.id]);
                last = Math.max(last, endNs[inv.id]);
            }
            return last - first;
        }

        boolean isOver() {
            return failed || stopped;
        }

        /** Starts an invocation whose inputs are ready; the caller holds this request's lock. */
        private void launch(CompiledPlan.Invocation spec) {
            InvocationRun inv = new InvocationRun(this, spec);
            running++;
            inv.liveWorkers.incrementAndGet();
            workers.execute(new Worker(inv, null, true, 0, 0));
        }

        void invocationDone(CompiledPlan.Invocation spec, Worker last) {
            boolean complete;
            synchronized (this) {
                long now = System.nanoTime();
                endNs[spec.id] = now;
                queueNs[spec.id] = last.inv.queueNs;
                transferNs[spec.id] = last.transferNs;
                workNs[spec.id] = last.workNs;
                remaining--;
                for (int d : spec.dependents) {
                    if (--pending[d] == 0) {
                        readyNs[d] = now;
                        critical[d] = spec.id;
                        if (!isOver()) {
                            launch(plan.invocations.get(d));
                        }
                    }
                }
                complete = remaining == 0 && status == Status.RUNNING;
                if (complete) {
                    status = Status.OK;
                }
            }
            if (complete) {
                onDone.accept(this);
            }
        }

        void fail(Failure f) {
            synchronized (this) {
                if (!failed) {
                    failure = f;
                    failed = true;
                }
            }
        }

        void workerStarted() {
            synchronized (this) {
                running++;
            }
        }

        void workerExited() {
            boolean end;
            synchronized (this) {
                running--;
                end = running == 0 && status == Status.RUNNING && isOver();
                if (end) {
                    status = failed ? Status.FAILED : Status.INTERRUPTED;
                }
            }
            if (end) {
                onDone.accept(this);
            }
        }
    }

    /** One item of an invocation: a branch, how far along the group's chain it is, and its current value. */
    static final class Item {
        final int position;
        final int branch;
        int stage;
        int attempt = 1;
        Map<String, List<Object>> inputs;
        Object value;

        Item(int position, int branch) {
            this.position = position;
            this.branch = branch;
        }
    }

    /** A running group invocation: its items and the store objects they read, read once per invocation. */
    final class InvocationRun {
        final RequestRun req;
        final CompiledPlan.Invocation spec;
        final CompiledPlan.Group group;
        final ConcurrentLinkedQueue<Item> items = new ConcurrentLinkedQueue<>();
        final AtomicInteger itemsLeft;
        /** Cores it holds from its start to its last item (already within 1..the run's cores). */
        final int permits;
        final AtomicBoolean holdsPermits = new AtomicBoolean();
        final AtomicInteger liveWorkers = new AtomicInteger();
        /** Time it waited for its cores. */
        volatile long queueNs;
        /** Objects read by this invocation: each is read once, whichever of its items needs it first. */
        final ConcurrentHashMap<String, CompletableFuture<Object>> cache = new ConcurrentHashMap<>();

        InvocationRun(RequestRun req, CompiledPlan.Invocation spec) {
            this.req = req;
            this.spec = spec;
            this.group = spec.group;
            for (int i = 0; i < spec.branches.length; i++) {
                items.add(new Item(i, spec.branches[i]));
            }
            itemsLeft = new AtomicInteger(spec.branches.length);
            permits = group.cores;
        }

        void acquirePermits() {
            long t0 = System.nanoTime();
            cores.acquireUninterruptibly(permits);
            holdsPermits.set(true);
            queueNs = System.nanoTime() - t0;
        }

        void releasePermits() {
            if (holdsPermits.compareAndSet(true, false)) {
                cores.release(permits);
            }
        }

        /** A worker of this invocation is gone (done, failed or abandoned); the last one gives the cores back. */
        void workerGone() {
            if (liveWorkers.decrementAndGet() == 0) {
                releasePermits();
            }
            req.workerExited();
        }

        Item next() {
            return req.isOver() ? null : items.poll();
        }

        Map<String, List<Object>> readInputs(Item item) throws IOException, ClassNotFoundException {
            Map<String, List<CompiledPlan.Source>> sources = spec.inputs.get(item.position);
            Map<String, List<Object>> inputs = new LinkedHashMap<>();
            for (Map.Entry<String, List<CompiledPlan.Source>> e : sources.entrySet()) {
                List<Object> values = new ArrayList<>(e.getValue().size());
                for (CompiledPlan.Source s : e.getValue()) {
                    String key = req.prefix + "/" + s.key();
                    CompletableFuture<Object> mine = new CompletableFuture<>();
                    CompletableFuture<Object> shared = cache.putIfAbsent(key, mine);
                    if (shared == null) {
                        try {
                            mine.complete(OutputSerialization.deserialize(store.get(key), loader));
                        } catch (IOException | ClassNotFoundException | RuntimeException ex) {
                            mine.completeExceptionally(ex);
                            throw ex;
                        }
                        shared = mine;
                    }
                    Object v;
                    try {
                        v = shared.join();
                    } catch (CompletionException ex) {
                        throw new IOException("reading " + key + " failed: " + ex.getCause(), ex.getCause());
                    }
                    values.add(v);
                }
                inputs.put(e.getKey(), Collections.unmodifiableList(values));
            }
            return inputs;
        }
    }

    private enum Outcome { OK, FAILED, ABANDONED }

    /** A handler call under watch: whichever of the worker and the watchdog marks it first owns what follows. */
    static final class Call {
        static final int RUNNING = 0;
        static final int DONE = 1;
        static final int TIMED_OUT = 2;
        final Worker worker;
        final Item item;
        final int stage;
        final long startNs;
        final AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> timer;

        Call(Worker worker, Item item, int stage) {
            this.worker = worker;
            this.item = item;
            this.stage = stage;
            this.startNs = System.nanoTime();
        }
    }

    /**
     * One thread of an invocation's pool: takes items until none is left. The invocation's first worker takes the
     * invocation's cores and starts the others.
     */
    final class Worker implements Runnable {
        final InvocationRun inv;
        final Item resume;
        final boolean first;
        volatile Thread thread;
        /** The item this worker is on, for a failure outside any handler call. */
        Item current;
        long transferNs;
        long workNs;

        Worker(InvocationRun inv, Item resume, boolean first, long transferNs, long workNs) {
            this.inv = inv;
            this.resume = resume;
            this.first = first;
            this.transferNs = transferNs;
            this.workNs = workNs;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            RequestRun req = inv.req;
            try {
                if (first) {
                    inv.acquirePermits();
                    int extra = Math.min(inv.group.threads, inv.spec.branches.length) - 1;
                    for (int i = 0; i < extra && !req.isOver(); i++) {
                        req.workerStarted();
                        inv.liveWorkers.incrementAndGet();
                        workers.execute(new Worker(inv, null, false, 0, 0));
                    }
                }
                Item item = resume;
                if (item != null) {
                    backoff(item);
                    if (req.isOver()) {
                        item = null;
                    }
                } else {
                    item = inv.next();
                }
                while (item != null) {
                    current = item;
                    Outcome outcome = process(item);
                    if (outcome == Outcome.ABANDONED) {
                        return;
                    }
                    if (outcome == Outcome.FAILED) {
                        break;
                    }
                    item = inv.next();
                }
            } catch (RuntimeException | Error e) {
                // name the item it happened on when there is one (an OutOfMemoryError, say), not "branch -1"
                Item at = current;
                String function = at == null ? inv.group.specs.get(0).name()
                        : inv.group.specs.get(Math.min(at.stage, inv.group.specs.size() - 1)).name();
                req.fail(new Failure(function, at == null ? -1 : at.branch, at == null ? 0 : at.attempt, false,
                        "executor error: " + describe(e)));
            }
            inv.workerGone();
        }

        private Outcome process(Item item) {
            RequestRun req = inv.req;
            CompiledPlan.Group g = inv.group;
            if (item.stage == 0 && item.inputs == null) {
                long t0 = System.nanoTime();
                try {
                    item.inputs = inv.readInputs(item);
                } catch (IOException | ClassNotFoundException | RuntimeException e) {
                    req.fail(new Failure(g.specs.get(0).name(), item.branch, 0, false,
                            "reading its input failed: " + describe(e)));
                    return Outcome.FAILED;
                } finally {
                    transferNs += System.nanoTime() - t0;
                }
            }
            while (item.stage < g.specs.size()) {
                Outcome o = call(item);
                if (o != Outcome.OK) {
                    return o;
                }
            }
            long t0 = System.nanoTime();
            try {
                store.put(req.prefix + "/" + g.lastFunction() + "/" + item.branch, OutputSerialization.serialize(item.value));
            } catch (IOException | RuntimeException | OutOfMemoryError e) {
                // an output too large to serialize is this branch's failure, not the executor's
                item.value = null;
                req.fail(new Failure(g.lastFunction(), item.branch, 1, false, "writing its output failed: " + describe(e)));
                return Outcome.FAILED;
            } finally {
                transferNs += System.nanoTime() - t0;
            }
            if (inv.itemsLeft.decrementAndGet() == 0) {
                inv.releasePermits();
                req.invocationDone(inv.spec, this);
            }
            return Outcome.OK;
        }

        private Outcome call(Item item) {
            CompiledPlan.Group g = inv.group;
            int s = item.stage;
            FunctionSpec spec = g.specs.get(s);
            Handler handler = g.handlers.get(s);
            Invocation invocation = g.chain.invocation(s, item.branch, item.inputs, item.value, inv.req.input);
            while (true) {
                attempts[g.index].increment();
                if (item.attempt > 1) {
                    retries[g.index].increment();
                }
                Call c = new Call(this, item, s);
                c.timer = watchdog.schedule(() -> timeout(c), Math.round(spec.timeoutMs() * 1e6), TimeUnit.NANOSECONDS);
                Object out = null;
                Throwable error = null;
                try {
                    out = handler.handle(invocation);
                } catch (Throwable t) {
                    error = t;
                }
                long dt = System.nanoTime() - c.startNs;
                if (!c.state.compareAndSet(Call.RUNNING, Call.DONE)) {
                    Thread.interrupted();
                    return Outcome.ABANDONED;
                }
                c.timer.cancel(false);
                workNs += dt;
                if (error == null) {
                    item.value = out;
                    item.inputs = null;
                    item.stage = s + 1;
                    item.attempt = 1;
                    return Outcome.OK;
                }
                if (item.attempt >= spec.retry().maxAttempts()) {
                    inv.req.fail(new Failure(spec.name(), item.branch, item.attempt, false, describe(error)));
                    return Outcome.FAILED;
                }
                item.attempt++;
                backoff(item);
                if (inv.req.isOver()) {
                    return Outcome.FAILED;
                }
            }
        }

        /** Waits out the function's retry back-off; the invocation keeps its cores meanwhile. */
        private void backoff(Item item) {
            double ms = inv.group.specs.get(item.stage).retry().backoffMs();
            if (ms > 0) {
                try {
                    Thread.sleep((long) ms, (int) ((ms - Math.floor(ms)) * 1e6));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The watchdog's side of a call that exceeded its timeout: abandon the thread, retry or fail the item. */
    private void timeout(Call c) {
        if (!c.state.compareAndSet(Call.RUNNING, Call.TIMED_OUT)) {
            return;
        }
        Worker w = c.worker;
        InvocationRun inv = w.inv;
        RequestRun req = inv.req;
        FunctionSpec spec = inv.group.specs.get(c.stage);
        Thread t = w.thread;
        if (t != null) {
            t.interrupt();
        }
        timeouts[inv.group.index].increment();
        long waited = System.nanoTime() - c.startNs;
        Item item = c.item;
        if (item.attempt >= spec.retry().maxAttempts() || req.isOver()) {
            req.fail(new Failure(spec.name(), item.branch, item.attempt, true, "TimeoutException: the handler ran longer than "
                    + "its timeout (" + Quantities.formatMs(spec.timeoutMs()) + ") and was abandoned"));
        } else {
            // the abandoned thread keeps running without the invocation's cores being counted twice: its
            // replacement takes over its place in the invocation
            item.attempt++;
            req.workerStarted();
            inv.liveWorkers.incrementAndGet();
            workers.execute(new Worker(inv, item, false, w.transferNs, w.workNs + waited));
        }
        inv.workerGone();
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
