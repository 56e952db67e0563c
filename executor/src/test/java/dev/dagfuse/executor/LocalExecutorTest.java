// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.executor.RunReport.Breakdown;
import dev.dagfuse.executor.RunReport.RequestResult;
import dev.dagfuse.executor.RunReport.RequestStatus;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.stats.Quantiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.dagfuse.executor.TestWorkflows.entry;
import static dev.dagfuse.executor.TestWorkflows.fn;
import static dev.dagfuse.executor.TestWorkflows.plan;
import static dev.dagfuse.executor.TestWorkflows.sleep;
import static dev.dagfuse.executor.TestWorkflows.unfused;
import static dev.dagfuse.executor.TestWorkflows.workflow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LocalExecutorTest {

    @TempDir
    Path dir;

    /** a → b → c, per-branch with fan-out 4: a appends "a", b "b", c "c" to the request number. */
    private static final Workflow CHAIN = workflow(2, fn("a", 4), fn("b", 4, "a"), fn("c", 4, "b"));

    private static Map<String, Handler> chainHandlers(Map<String, String> results) {
        return Map.of(
                "a", entry(inv -> inv.requestInput() + ":" + inv.branch() + "a"),
                "b", inv -> inv.onlyInput() + "b",
                "c", inv -> {
                    String out = inv.onlyInput() + "c";
                    results.put(out, inv.function());
                    return out;
                });
    }

    @Test
    void fusionRemovesTheStoreRoundTrip() {
        int requests = 3;
        Map<String, String> unfusedResults = new ConcurrentHashMap<>();
        RunReport unfused = new LocalExecutor(chainHandlers(unfusedResults))
                .run(CHAIN, unfused(CHAIN), RunOptions.of(requests, dir));
        Map<String, String> fusedResults = new ConcurrentHashMap<>();
        Plan fused = plan(CHAIN, PlanGroup.of(List.of("a", "b", "c"), 1024, 4, 1));
        RunReport fusedReport = new LocalExecutor(chainHandlers(fusedResults)).run(CHAIN, fused, RunOptions.of(requests, dir));

        assertThat(unfused.succeeded()).isEqualTo(requests);
        assertThat(fusedReport.succeeded()).isEqualTo(requests);
        // Same outputs either way: every request's every branch went through a, b and c in order.
        assertThat(fusedResults.keySet()).isEqualTo(unfusedResults.keySet()).contains("0:0abc", "2:3abc").hasSize(12);
        // Unfused: each of the 3 functions' 4 branches writes its output; b and c each read 4 objects.
        assertThat(unfused.store().writes()).isEqualTo(requests * 3 * 4L);
        assertThat(unfused.store().reads()).isEqualTo(requests * 2 * 4L);
        // Fused: only the group's output is written, nothing is read back.
        assertThat(fusedReport.store().writes()).isEqualTo(requests * 4L);
        assertThat(fusedReport.store().reads()).isZero();
    }

    @Test
    void partialFusionWritesOnlyAtGroupBoundaries() {
        Map<String, String> results = new ConcurrentHashMap<>();
        Plan plan = plan(CHAIN, PlanGroup.of(List.of("a", "b"), 1024, 4, 1), PlanGroup.of(List.of("c"), 1024, 4, 2));
        RunReport report = new LocalExecutor(chainHandlers(results)).run(CHAIN, plan, RunOptions.of(2, dir));
        assertThat(report.succeeded()).isEqualTo(2);
        assertThat(results).containsKeys("1:2abc");
        assertThat(report.store().writes()).isEqualTo(2 * (4 + 4L));
        assertThat(report.store().reads()).isEqualTo(2 * 4L);
    }

    @Test
    void bundleRunsItsItemsTogetherOnCeilCpuThreads() {
        // split (1) → work (fan-out 6, bundles of 3) → join (1). At 1024 MB an invocation has 1 thread, at 3538 MB 2.
        Workflow w = workflow(4, fn("split", 1), fn("work", 6, "split"), fn("join", 1, "work"));
        for (int memory : new int[] {1024, 3538}) {
            List<String[]> items = new CopyOnWriteArrayList<>();
            Map<String, Handler> handlers = Map.of(
                    "split", entry(inv -> "data"),
                    "work", inv -> {
                        items.add(new String[] {String.valueOf(inv.branch()), Thread.currentThread().getName()});
                        sleep(20);
                        return inv.onlyInput() + "-" + inv.branch();
                    },
                    "join", inv -> String.join(",", inv.inputs("work").stream().map(Object::toString).toList()));
            Plan plan = plan(w, PlanGroup.of(List.of("split"), 1024, 1, 1), PlanGroup.of(List.of("work"), memory, 6, 3),
                    PlanGroup.of(List.of("join"), 1024, 1, 1));
            RunReport report = new LocalExecutor(handlers).run(w, plan, RunOptions.of(1, dir));

            assertThat(report.succeeded()).isEqualTo(1);
            RunReport.GroupStats work = report.groups().get(1);
            assertThat(work.invocationsPerRequest()).isEqualTo(2);
            assertThat(work.threadsPerInvocation()).isEqualTo(memory == 1024 ? 1 : 2);
            assertThat(items).hasSize(6);
            // Each invocation (branches 0-2, 3-5) read split's output once and ran its 3 items on its own pool.
            for (int inv = 0; inv < 2; inv++) {
                int first = inv * 3;
                Set<String> threads = ConcurrentHashMap.newKeySet();
                items.stream().filter(i -> Integer.parseInt(i[0]) / 3 == first / 3).forEach(i -> threads.add(i[1]));
                assertThat(threads).hasSize(memory == 1024 ? 1 : 2);
            }
            // split wrote 1, each work item 1, join 1; 2 invocations read split once each, join read 6.
            assertThat(report.store().writes()).isEqualTo(1 + 6 + 1);
            assertThat(report.store().reads()).isEqualTo(2 + 6);
            // 3 items of 20 ms on 1 thread take ≥ 60 ms; on 2 threads 2 rounds, ≥ 40 ms.
            assertThat(work.p50Ms()).isGreaterThanOrEqualTo(memory == 1024 ? 60 : 40);
        }
    }

    /** Each branch gets the outputs its reads: names, in branch order, whether its group is bundled or not. */
    @Test
    void partialReadsGetTheirWindowOrPartition() {
        for (int bundle : new int[] {1, 3}) {
            partialReads(bundle);
        }
    }

    private void partialReads(int bundle) {
        FunctionSpec pairs = new FunctionSpec("pairs", null, 1024, List.of(), List.of("fan"), 5, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null, Map.of("fan", Reads.window(2, 1)));
        FunctionSpec blocks = new FunctionSpec("blocks", null, 1024, List.of(), List.of("fan"), 2, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null, Map.of("fan", Reads.partition()));
        Workflow w = workflow(2, fn("fan", 6), pairs, blocks);
        Map<Integer, List<Object>> pairsGot = new ConcurrentHashMap<>();
        Map<Integer, List<Object>> blocksGot = new ConcurrentHashMap<>();
        Map<String, Handler> handlers = Map.of(
                "fan", entry(inv -> inv.branch() * 10),
                "pairs", inv -> pairsGot.put(inv.branch(), inv.inputs("fan")),
                "blocks", inv -> blocksGot.put(inv.branch(), inv.inputs("fan")));
        Plan plan = plan(w, PlanGroup.of(List.of("fan"), 1024, 6, 1),
                PlanGroup.of(List.of("pairs"), 1024, 5, bundle), PlanGroup.of(List.of("blocks"), 1024, 2, 1));
        RunReport report = new LocalExecutor(handlers).run(w, plan, RunOptions.of(1, dir.resolve("bundle" + bundle)));
        assertThat(report.succeeded()).isEqualTo(1);
        assertThat(pairsGot).as("bundles of " + bundle).containsOnly(Map.entry(0, List.of(0, 10)), Map.entry(1, List.of(10, 20)),
                Map.entry(2, List.of(20, 30)), Map.entry(3, List.of(30, 40)), Map.entry(4, List.of(40, 50)));
        assertThat(blocksGot).containsOnly(Map.entry(0, List.of(0, 10, 20)), Map.entry(1, List.of(30, 40, 50)));
    }

    @Test
    void gatherGetsEveryBranchInOrder() {
        Workflow w = workflow(2, fn("fan", 5), fn("join", 1, "fan"));
        List<Object> joined = new CopyOnWriteArrayList<>();
        Map<String, Handler> handlers = Map.of(
                "fan", entry(inv -> inv.branch() * 10),
                "join", inv -> {
                    joined.addAll(inv.inputs("fan"));
                    return joined.size();
                });
        RunReport report = new LocalExecutor(handlers).run(w, unfused(w), RunOptions.of(1, dir));
        assertThat(report.succeeded()).isEqualTo(1);
        assertThat(joined).containsExactly(0, 10, 20, 30, 40);
    }

    @Test
    void aFailedAttemptIsRetriedAndTheRequestSucceeds() {
        Workflow w = workflow(2, fn("a", 1), fn("b", 3, new Retry(3, 1), 60_000, "a"));
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Map<String, Handler> handlers = Map.of(
                "a", entry(inv -> inv.requestInput()),
                "b", inv -> {
                    int n = calls.computeIfAbsent(inv.onlyInput() + "/" + inv.branch(), k -> new AtomicInteger()).incrementAndGet();
                    if (n <= 2) {
                        throw new IllegalStateException("flaky " + n);
                    }
                    return n;
                });
        RunReport report = new LocalExecutor(handlers).run(w, unfused(w), RunOptions.of(2, dir));
        assertThat(report.succeeded()).isEqualTo(2);
        assertThat(report.failed()).isZero();
        RunReport.GroupStats b = report.groups().get(1);
        assertThat(b.attempts()).isEqualTo(2 * 3 * 3L);
        assertThat(b.retries()).isEqualTo(2 * 3 * 2L);
        assertThat(report.allSucceeded()).isTrue();
    }

    @Test
    void aPermanentFailureIsReportedAndTheOtherRequestsGoOn() {
        Workflow w = workflow(2, fn("a", 1), fn("b", 4, "a"), fn("c", 1, "b"));
        Map<String, Handler> handlers = Map.of(
                "a", entry(inv -> inv.requestInput()),
                "b", inv -> {
                    if (((Long) inv.onlyInput()) == 1L && inv.branch() == 2) {
                        throw new IllegalArgumentException("bad frame");
                    }
                    return inv.branch();
                },
                "c", inv -> inv.inputs("b").size());
        RunReport report = new LocalExecutor(handlers).run(w, unfused(w), RunOptions.of(4, dir));

        assertThat(report.succeeded()).isEqualTo(3);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.allSucceeded()).isFalse();
        RequestResult failed = report.requests().get(1);
        assertThat(failed.status()).isEqualTo(RequestStatus.FAILED);
        assertThat(failed.failure().function()).isEqualTo("b");
        assertThat(failed.failure().branch()).isEqualTo(2);
        assertThat(failed.failure().attempts()).isEqualTo(Retry.DEFAULT.maxAttempts());
        assertThat(failed.failure().timedOut()).isFalse();
        assertThat(failed.failure().exception()).isEqualTo("IllegalArgumentException: bad frame");
        // The failed request's finished outputs are kept in the store; the others' are removed.
        assertThat(report.workDir()).isNotEqualTo("(deleted)");
        assertThat(Path.of(report.workDir()).resolve("r000001/a/0")).exists();
        assertThat(Path.of(report.workDir()).resolve("r000000")).doesNotExist();
    }

    @Test
    void aHandlerThatExceedsItsTimeoutIsAbandoned() {
        Workflow w = workflow(2, fn("a", 1), fn("slow", 2, new Retry(1, 0), 100, "a"));
        Map<String, Handler> handlers = Map.of(
                "a", entry(inv -> inv.requestInput()),
                "slow", inv -> {
                    if (inv.branch() == 1) {
                        Thread.sleep(30_000); // interrupted when abandoned
                    }
                    return 1;
                });
        long t0 = System.nanoTime();
        RunReport report = new LocalExecutor(handlers).run(w, unfused(w), RunOptions.of(1, dir));
        double seconds = (System.nanoTime() - t0) / 1e9;

        assertThat(report.failed()).isEqualTo(1);
        RunReport.Failure f = report.requests().get(0).failure();
        assertThat(f.function()).isEqualTo("slow");
        assertThat(f.branch()).isEqualTo(1);
        assertThat(f.timedOut()).isTrue();
        assertThat(f.exception()).startsWith("TimeoutException");
        assertThat(report.groups().get(1).timeouts()).isEqualTo(1);
        assertThat(seconds).isLessThan(20); // it did not wait for the 30 s handler
    }

    @Test
    void aTimedOutAttemptIsRetriedOnAFreshThread() {
        Workflow w = workflow(1, fn("a", 1), fn("hang", 1, new Retry(2, 1), 100, "a"));
        AtomicInteger calls = new AtomicInteger();
        Map<String, Handler> handlers = Map.of(
                "a", entry(inv -> inv.requestInput()),
                "hang", inv -> {
                    if (calls.incrementAndGet() == 1) {
                        while (true) {
                            TestWorkflows.spin(1); // ignores interrupts: only abandoning it helps
                            if (calls.get() > 1) {
                                return -1;
                            }
                        }
                    }
                    return 42;
                });
        RunReport report = new LocalExecutor(handlers).run(w, unfused(w), RunOptions.of(1, dir));
        assertThat(report.succeeded()).isEqualTo(1);
        assertThat(report.groups().get(1).timeouts()).isEqualTo(1);
        assertThat(report.groups().get(1).attempts()).isEqualTo(2);
        // The abandoned attempt's 100 ms count as work on the critical path.
        assertThat(report.requests().get(0).breakdown().workMs()).isGreaterThanOrEqualTo(100);
    }

    @Test
    void theReportsNumbersAddUp() {
        // Two branches of 15 ms CPU each on 1 core: one of them waits for the core.
        Workflow w = workflow(1, fn("a", 1), fn("b", 2, "a"), fn("c", 1, "b"));
        Map<String, Handler> handlers = Map.of(
                "a", entry(inv -> TestWorkflows.spin(5)),
                "b", inv -> TestWorkflows.spin(15),
                "c", inv -> TestWorkflows.spin(5));
        RunOptions options = RunOptions.of(8, dir).withWarmup(2);
        RunReport report = new LocalExecutor(handlers).run(w, unfused(w), options);

        assertThat(report.succeeded()).isEqualTo(8);
        assertThat(report.requests()).hasSize(10);
        List<Double> latencies = new ArrayList<>();
        double[] sums = new double[5];
        for (RequestResult r : report.requests()) {
            assertThat(r.status()).isEqualTo(RequestStatus.OK);
            Breakdown b = r.breakdown();
            assertThat(b.workMs() + b.transferMs() + b.queueMs() + b.overheadMs()).isCloseTo(b.totalMs(), within(1e-6));
            assertThat(b.totalMs()).isEqualTo(r.latencyMs());
            assertThat(b.overheadMs()).isGreaterThanOrEqualTo(0);
            // a, one b and c run on the critical path: ≥ 25 ms of work; the b that ends last waited for the core.
            assertThat(b.workMs()).isGreaterThanOrEqualTo(25);
            assertThat(b.queueMs()).isPositive();
            if (!r.warmup()) {
                latencies.add(r.latencyMs());
                sums[0] += b.workMs();
                sums[1] += b.transferMs();
                sums[2] += b.queueMs();
                sums[3] += b.overheadMs();
                sums[4] += b.totalMs();
            }
        }
        double[] lat = latencies.stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(report.measured().p50Ms()).isEqualTo(Quantiles.percentile(lat, 50));
        assertThat(report.measured().p95Ms()).isEqualTo(Quantiles.percentile(lat, 95));
        assertThat(report.measured().p99Ms()).isEqualTo(Quantiles.percentile(lat, 99));
        assertThat(report.measured().meanMs()).isCloseTo(Arrays.stream(lat).average().orElseThrow(), within(1e-9));
        Breakdown mean = report.timeBreakdown();
        assertThat(mean.workMs()).isCloseTo(sums[0] / 8, within(1e-3));
        assertThat(mean.queueMs()).isCloseTo(sums[2] / 8, within(1e-3)).isGreaterThan(5);
        assertThat(mean.totalMs()).isCloseTo(report.measured().meanMs(), within(1e-3));
        assertThat(mean.workMs() + mean.transferMs() + mean.queueMs() + mean.overheadMs()).isCloseTo(mean.totalMs(), within(1e-3));
        // b's group latency contains both branches, run one after the other on the single core.
        assertThat(report.groups().get(1).p50Ms()).isGreaterThanOrEqualTo(30);
        assertThat(report.groups()).allSatisfy(g -> assertThat(g.requests()).isEqualTo(8));
        assertThat(report.groups().get(1).invocations()).isEqualTo(16);
    }

    @Test
    void relativeErrorComparesMeasuredWithPredicted() {
        RunReport.Latency measured = new RunReport.Latency(110, 190, 330, 120.0, 400.0);
        RunReport report = new RunReport("w", "l", 1, 1, 0, 1, 0, 0, false, 1, measured, null, null, null, null,
                List.of(), new RunReport.StoreStats(0, 0, 0, 0), "d", List.of())
                .withPredicted(RunReport.Latency.of(100, 200, 300), "model");
        assertThat(report.relativeError().p50()).isCloseTo(0.10, within(1e-12));
        assertThat(report.relativeError().p95()).isCloseTo(-0.05, within(1e-12));
        assertThat(report.relativeError().p99()).isCloseTo(0.10, within(1e-12));
    }

    @Test
    void stopEndsTheRunWithAPartialReport() throws Exception {
        Workflow w = workflow(2, fn("a", 1), fn("b", 1, "a"));
        Map<String, Handler> handlers = Map.of("a", entry(inv -> inv.requestInput()), "b", inv -> {
            sleep(20);
            return 1;
        });
        LocalExecutor executor = new LocalExecutor(handlers);
        RunReport[] holder = new RunReport[1];
        Thread t = new Thread(() -> holder[0] = executor.run(w, unfused(w), RunOptions.of(10_000, dir)));
        t.start();
        sleep(300);
        executor.stop();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        RunReport report = holder[0];
        assertThat(report.interrupted()).isTrue();
        assertThat(report.succeeded()).isBetween(1, 9_999);
        assertThat(report.succeeded() + report.failed() + report.notRun()).isEqualTo(10_000);
        assertThat(report.allSucceeded()).isFalse();
    }

    @Test
    void openLoopIssuesRequestsAtTheRate() {
        Workflow w = workflow(2, fn("a", 1));
        Map<String, Handler> handlers = Map.of("a", entry(inv -> 1));
        RunReport report = new LocalExecutor(handlers).run(w, unfused(w),
                RunOptions.of(10, dir).withLoad(new Load.OpenLoop(50)));
        assertThat(report.succeeded()).isEqualTo(10);
        // 10 requests at 50/s: the last starts 180 ms after the first.
        assertThat(report.wallSeconds()).isGreaterThanOrEqualTo(0.18);
        assertThat(report.load()).isEqualTo("open loop, 50.0 requests/s");
    }

    @Test
    void anInvocationHoldsCeilCpuCores() {
        // 2 branches of 30 ms at 3538 MB (2 vCPUs) on 2 cores: each invocation holds both cores, so they run one
        // after the other; at 1769 MB they run side by side.
        Workflow w = workflow(2, fn("a", 1), fn("b", 2, "a"));
        for (int memory : new int[] {1769, 3538}) {
            Map<String, Handler> handlers = Map.of("a", entry(inv -> 0), "b", inv -> {
                sleep(30);
                return 1;
            });
            Plan plan = plan(w, PlanGroup.of(List.of("a"), 1024, 1, 1), PlanGroup.of(List.of("b"), memory, 2, 1));
            RunReport report = new LocalExecutor(handlers).run(w, plan, RunOptions.of(2, dir));
            RunReport.GroupStats b = report.groups().get(1);
            assertThat(b.coresPerInvocation()).isEqualTo(memory / 1769);
            assertThat(b.threadsPerInvocation()).isEqualTo(1);
            if (memory == 3538) {
                assertThat(b.p50Ms()).isGreaterThanOrEqualTo(60);
                assertThat(report.timeBreakdown().queueMs()).isGreaterThanOrEqualTo(29);
            } else {
                assertThat(b.p50Ms()).isLessThan(60);
            }
        }
    }

    @Test
    void coresLimitConcurrentWork() {
        // 4 branches of 20 ms on 2 cores, closed loop 1: the group takes ≥ 2 rounds.
        Workflow w = workflow(2, fn("a", 1), fn("b", 4, "a"));
        Map<String, Handler> handlers = Map.of("a", entry(inv -> 0), "b", inv -> {
            sleep(20);
            return 1;
        });
        RunReport report = new LocalExecutor(handlers).run(w, unfused(w), RunOptions.of(3, dir));
        assertThat(report.cores()).isEqualTo(2);
        assertThat(report.groups().get(1).p50Ms()).isGreaterThanOrEqualTo(40);
        // the last branch waits about 20 ms for a core, less the time its submission lagged the first's (a few ms on a
        // loaded machine: 18.1 ms was measured in CI); with no core limit it would wait ~0
        assertThat(report.timeBreakdown().queueMs()).isGreaterThanOrEqualTo(10);
    }
}
