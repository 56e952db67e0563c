// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.bench;

import dev.dagfuse.app.render.Format;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.executor.LocalExecutor;
import dev.dagfuse.executor.RunOptions;
import dev.dagfuse.executor.RunReport;
import dev.dagfuse.executor.StoreHandOff;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.stats.Quantiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Executor overhead, measured inside real runs of {@link LocalExecutor}:
 * <ul>
 *   <li>in-memory hand-off inside a fused group: from one function's handler returning to the next one's handler
 *       starting, in a fused chain of 20 trivial functions;</li>
 *   <li>hand-off through the local store: from a group's handler returning to the next group's handler starting
 *       (serialize, write atomically, finish the invocation, start the next one, take a core, read, deserialize),
 *       for 1 KB and 1 MB payloads; and the store's parts alone (serialize + put, get + deserialize).</li>
 * </ul>
 * Prints a markdown table of medians (and P95). Run: {@code java -cp ... dev.dagfuse.bench.ExecutorBench [--quick]}.
 */
public final class ExecutorBench {

    private static final int CHAIN = 20;

    private ExecutorBench() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        Path work = Files.createTempDirectory("dagfuse-bench-");
        List<String[]> rows = new ArrayList<>();
        String load0 = Processes.loadAverage();

        double[] fused = fusedHandOffs(quick ? 200 : 2_000, work);
        rows.add(row("in-memory hand-off inside a fused group", "any (by reference)", fused));
        for (int size : new int[] {1_000, 1_000_000}) {
            int requests = quick ? 50 : size > 100_000 ? 300 : 1_000;
            double[] store = storeHandOffs(size, requests, work);
            rows.add(row("hand-off through the local store (end to end)", bytes(size), store));
            double[][] parts = storeParts(size, requests, work.resolve("parts-" + size));
            rows.add(row("  of which: serialize + atomic put", bytes(size), parts[0]));
            rows.add(row("  of which: get + deserialize", bytes(size), parts[1]));
        }
        String load1 = Processes.loadAverage();

        System.out.printf(Locale.ROOT, "ExecutorBench, %s, %d cores, Java %s, load average before/after: %s / %s%n%n",
                LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), load0, load1);
        System.out.println("| hand-off | payload | median µs | P95 µs | n |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String[] r : rows) {
            System.out.println("| " + String.join(" | ", r) + " |");
        }
    }

    private static String[] row(String what, String payload, double[] nanos) {
        return new String[] {what, payload, String.format(Locale.ROOT, "%.1f", Quantiles.percentile(nanos, 50) / 1e3),
                String.format(Locale.ROOT, "%.1f", Quantiles.percentile(nanos, 95) / 1e3), String.valueOf(nanos.length)};
    }


    private static FunctionSpec fn(String name, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), 1, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }

    /** Per request: for each function, the nanoTime its handler started and the one just before it returned. */
    private static final class Marks {
        final Map<Long, long[]> starts = new ConcurrentHashMap<>();
        final Map<Long, long[]> ends = new ConcurrentHashMap<>();

        void start(Invocation inv, int i, int n) {
            starts.computeIfAbsent((Long) inv.requestInput(), k -> new long[n])[i] = System.nanoTime();
        }

        void end(Invocation inv, int i, int n) {
            ends.computeIfAbsent((Long) inv.requestInput(), k -> new long[n])[i] = System.nanoTime();
        }
    }

    private static Handler marked(Marks marks, int i, int n, Handler body, boolean entry) {
        return new Handler() {
            @Override
            public Object handle(Invocation invocation) throws Exception {
                marks.start(invocation, i, n);
                Object out = body.handle(invocation);
                marks.end(invocation, i, n);
                return out;
            }

            @Override
            public Object defaultInput(long seed) {
                return entry ? seed : null;
            }
        };
    }

    private static double[] fusedHandOffs(int requests, Path work) {
        List<FunctionSpec> fns = new ArrayList<>();
        Map<String, Handler> handlers = new LinkedHashMap<>();
        Marks marks = new Marks();
        for (int i = 0; i < CHAIN; i++) {
            String name = "f" + i;
            fns.add(i == 0 ? fn(name) : fn(name, "f" + (i - 1)));
            handlers.put(name, marked(marks, i, CHAIN, inv -> inv.function(), i == 0));
        }
        Workflow w = Workflow.of("fused-chain", LocalPlatform.of(2), fns);
        List<String> names = fns.stream().map(FunctionSpec::name).toList();
        Plan plan = new Plan(w.name(), null, List.of(PlanGroup.of(names, 1024, 1, 1)), null, null);
        int warmup = requests / 5;
        check(new LocalExecutor(handlers).run(w, plan, RunOptions.of(requests, work).withWarmup(warmup)));
        List<Double> gaps = new ArrayList<>();
        marks.starts.forEach((req, s) -> {
            if (req >= warmup) {
                long[] e = marks.ends.get(req);
                for (int i = 0; i + 1 < CHAIN; i++) {
                    gaps.add((double) (s[i + 1] - e[i]));
                }
            }
        });
        return gaps.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] storeHandOffs(int size, int requests, Path work) {
        byte[] payload = new byte[size];
        new java.util.Random(1).nextBytes(payload);
        Marks marks = new Marks();
        Map<String, Handler> handlers = Map.of(
                "a", marked(marks, 0, 2, inv -> payload, true),
                "b", marked(marks, 1, 2, inv -> ((byte[]) inv.onlyInput()).length, false));
        Workflow w = Workflow.of("store-hand-off", LocalPlatform.of(2), List.of(fn("a"), fn("b", "a")));
        Plan plan = new Plan(w.name(), null, List.of(PlanGroup.of(List.of("a"), 1024, 1, 1),
                PlanGroup.of(List.of("b"), 1024, 1, 1)), null, null);
        int warmup = requests / 5;
        check(new LocalExecutor(handlers).run(w, plan, RunOptions.of(requests, work).withWarmup(warmup)));
        List<Double> gaps = new ArrayList<>();
        marks.starts.forEach((req, s) -> {
            if (req >= warmup) {
                gaps.add((double) (s[1] - marks.ends.get(req)[0]));
            }
        });
        return gaps.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[][] storeParts(int size, int n, Path dir) throws IOException, ClassNotFoundException {
        byte[] payload = new byte[size];
        new java.util.Random(2).nextBytes(payload);
        double[] put = new double[n];
        double[] get = new double[n];
        ClassLoader loader = ExecutorBench.class.getClassLoader();
        try (StoreHandOff store = new StoreHandOff(dir)) {
            for (int i = -n / 5; i < n; i++) {
                String key = "r" + (i + n) + "/a/0";
                long t0 = System.nanoTime();
                store.write(key, payload);
                long t1 = System.nanoTime();
                Object back = store.read(key, loader);
                long t2 = System.nanoTime();
                if (((byte[]) back).length != size) {
                    throw new IllegalStateException("round trip lost bytes");
                }
                if (i >= 0) {
                    put[i] = t1 - t0;
                    get[i] = t2 - t1;
                }
            }
        }
        return new double[][] {put, get};
    }

    private static void check(RunReport report) {
        if (!report.allSucceeded()) {
            throw new IllegalStateException("The benchmark run failed: " + Renderers.run(Format.TEXT).render(report));
        }
    }

    private static String bytes(int size) {
        return size >= 1_000_000 ? size / 1_000_000 + " MB" : size / 1_000 + " KB";
    }
}
