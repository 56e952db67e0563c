// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What one invocation of a plan group does with its items (branches), shared by the local executor's engine and the
 * Lambda runtime ({@code aws-runtime}) so that a group behaves the same in both: which outputs an item reads
 * ({@link #sources}), what each function of the fused chain receives ({@link #invocation}: the first the item's
 * inputs, the next the previous function's output in memory), and, for the runtime, running the items on a pool
 * ({@link #run}) with each function's retries. The local engine keeps its own scheduling around the same calls (core
 * permits, a watchdog for timeouts, retry on a fresh thread).
 */
public final class GroupInvocation {

    /** One output an item reads: branch {@code branch} of function {@code function}. */
    public record Source(String function, int branch) {
    }

    /**
     * One item of an invocation.
     *
     * @param branch its index in the group's fan-out
     * @param inputs per predecessor of the chain's first function, the values it reads in branch order (as
     *     {@link #sources} lists them)
     */
    public record Item(int branch, Map<String, List<Object>> inputs) {
        public Item {
            inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        }
    }

    /**
     * An item whose function failed on its last attempt.
     *
     * @param function the function that failed
     * @param branch the item's branch index
     * @param attempts how often it was called
     * @param cause what it threw
     */
    public record Failure(String function, int branch, int attempts, Throwable cause) {

        /** "function (train) branch 3 failed after 2 attempts: IllegalStateException: boom". */
        public String describe() {
            String message = cause.getMessage();
            return "function (" + function + ") branch " + branch + " failed after " + attempts
                    + (attempts == 1 ? " attempt: " : " attempts: ") + cause.getClass().getSimpleName()
                    + (message == null ? "" : ": " + message);
        }
    }

    /** An invocation that failed: the first item that did. */
    public static final class FailedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Failure failure;

        public FailedException(Failure failure) {
            super(failure.describe(), failure.cause());
            this.failure = failure;
        }

        public Failure failure() {
            return failure;
        }
    }

    private final List<FunctionSpec> functions;
    private final List<Handler> handlers;
    private final int fanOut;

    /**
     * @param functions the group's fused chain, in order
     * @param handlers their handlers, in the same order
     * @param fanOut the group's fan-out (what {@link Invocation#fanOut()} says)
     */
    public GroupInvocation(List<FunctionSpec> functions, List<Handler> handlers, int fanOut) {
        if (functions.isEmpty() || functions.size() != handlers.size()) {
            throw new IllegalArgumentException("A group needs one handler per function: " + functions.size()
                    + " functions, " + handlers.size() + " handlers.");
        }
        this.functions = List.copyOf(functions);
        this.handlers = List.copyOf(handlers);
        this.fanOut = fanOut;
    }

    /** The group {@code group} of {@code workflow}, with each function's handler from {@code handlers}. */
    public static GroupInvocation of(Workflow workflow, PlanGroup group, Map<String, ? extends Handler> handlers) {
        List<FunctionSpec> specs = group.functions().stream().map(workflow::function).toList();
        List<Handler> hs = new ArrayList<>();
        for (String f : group.functions()) {
            Handler h = handlers.get(f);
            if (h == null) {
                throw new IllegalArgumentException("No handler for function (" + f + ") of group (" + group.id() + ").");
            }
            hs.add(h);
        }
        return new GroupInvocation(specs, hs, group.fanOut());
    }

    public List<FunctionSpec> functions() {
        return functions;
    }

    /**
     * Per predecessor of {@code first} (in the order of its {@code after}), the outputs branch {@code branch} of it
     * reads, as the edge's {@link dev.dagfuse.model.Reads} says ({@link Workflow#inputBranches}): one-to-one and scatter
     * read branch 0, per-branch reads branch {@code branch}, gather and all-to-all read every branch in order, a
     * partition or a window its range ({@link Invocation}'s javadoc).
     */
    public static Map<String, List<Source>> sources(Workflow workflow, String first, int branch) {
        Map<String, List<Source>> perPred = new LinkedHashMap<>();
        for (String pred : workflow.function(first).after()) {
            List<Source> sources = new ArrayList<>();
            for (int pb : workflow.inputBranches(pred, first, branch)) {
                sources.add(new Source(pred, pb));
            }
            perPred.put(pred, List.copyOf(sources));
        }
        return perPred;
    }

    /**
     * What function {@code stage} of the chain receives for an item: the first the item's inputs, each later one the
     * previous function's output (handed over in memory, never serialized).
     */
    public Invocation invocation(int stage, int branch, Map<String, List<Object>> firstInputs, Object previous,
                                 Object requestInput) {
        Map<String, List<Object>> inputs = stage == 0 ? firstInputs
                : Map.of(functions.get(stage - 1).name(), Collections.singletonList(previous));
        return new Invocation(functions.get(stage).name(), branch, fanOut, inputs, requestInput);
    }

    /**
     * Runs {@code items} on a pool of min(items, {@code threads}) threads, each item the whole chain, and returns the
     * last function's output per item, in item order. A function that throws is called again after its
     * {@code retry.backoff}, up to {@code retry.maxAttempts} calls in all (a retry reruns only that function; the
     * values before it are still in memory), as the local executor does. After an item's last attempt fails, no
     * further item starts and the invocation fails with that item. Function timeouts are not watched here: on Lambda
     * the function's own timeout ends the invocation.
     */
    public List<Object> run(List<Item> items, Object requestInput, int threads) throws FailedException {
        int n = items.size();
        Object[] outputs = new Object[n];
        AtomicReference<Failure> failed = new AtomicReference<>();
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < n; i++) {
            queue.add(i);
        }
        int poolSize = Math.max(1, Math.min(n, threads));
        Runnable worker = () -> {
            for (Integer i = queue.poll(); i != null && failed.get() == null; i = queue.poll()) {
                Item item = items.get(i);
                Failure f = runItem(item, requestInput, outputs, i);
                if (f != null) {
                    failed.compareAndSet(null, f);
                }
            }
        };
        if (poolSize == 1) {
            worker.run();
        } else {
            AtomicInteger count = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(poolSize, r -> {
                Thread t = new Thread(r, "dagfuse-item-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < poolSize; t++) {
                    futures.add(pool.submit(worker));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new FailedException(new Failure(functions.get(0).name(), -1, 0, e));
                    } catch (java.util.concurrent.ExecutionException e) {
                        failed.compareAndSet(null, new Failure(functions.get(0).name(), -1, 0, e.getCause()));
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (failed.get() != null) {
            throw new FailedException(failed.get());
        }
        List<Object> out = new ArrayList<>(n);
        Collections.addAll(out, outputs);
        return Collections.unmodifiableList(out);
    }

    private Failure runItem(Item item, Object requestInput, Object[] outputs, int index) {
        Object value = null;
        for (int s = 0; s < functions.size(); s++) {
            FunctionSpec spec = functions.get(s);
            Invocation invocation = invocation(s, item.branch(), item.inputs(), value, requestInput);
            for (int attempt = 1; ; attempt++) {
                try {
                    value = handlers.get(s).handle(invocation);
                    break;
                } catch (Exception | LinkageError | AssertionError e) {
                    if (attempt >= spec.retry().maxAttempts()) {
                        return new Failure(spec.name(), item.branch(), attempt, e);
                    }
                    if (!sleep(spec.retry().backoffMs())) {
                        return new Failure(spec.name(), item.branch(), attempt, e);
                    }
                }
            }
        }
        outputs[index] = value;
        return null;
    }

    private static boolean sleep(double ms) {
        if (ms <= 0) {
            return true;
        }
        try {
            Thread.sleep((long) ms, (int) ((ms - Math.floor(ms)) * 1e6));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
