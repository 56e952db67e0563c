// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.ClusterPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.dagfuse.executor.TestWorkflows.entry;
import static dev.dagfuse.executor.TestWorkflows.fn;
import static dev.dagfuse.executor.TestWorkflows.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The cluster runner's arrivals are a Poisson process, and its pools never run more invocations than containers. */
class ClusterRunnerTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void arrivalsAreAPoissonProcess(long seed) {
        double rate = 5;
        int n = 20_000;
        double[] t = ClusterRunner.arrivalSeconds(rate, n, seed);
        double[] gaps = new double[n];
        for (int i = 0; i < n; i++) {
            gaps[i] = t[i] - (i == 0 ? 0 : t[i - 1]);
            assertThat(gaps[i]).isPositive();
        }
        // mean gap 1/λ within 4 standard errors (an exponential's sd is its mean)
        double mean = Arrays.stream(gaps).average().orElseThrow();
        assertThat(mean).isCloseTo(1 / rate, within(4 / rate / Math.sqrt(n)));
        // Kolmogorov–Smirnov against Exp(λ): D below the 1% critical value 1.63/√n
        Arrays.sort(gaps);
        double d = 0;
        for (int i = 0; i < n; i++) {
            double cdf = 1 - Math.exp(-rate * gaps[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - cdf, cdf - (double) i / n));
        }
        assertThat(d).isLessThan(1.63 / Math.sqrt(n));
        // counts per second are Poisson: variance ≈ mean (dispersion index within its sampling error)
        int seconds = (int) Math.floor(t[n - 1]);
        int[] counts = new int[seconds];
        for (double x : t) {
            if (x < seconds) {
                counts[(int) x]++;
            }
        }
        double m = Arrays.stream(counts).average().orElseThrow();
        double var = Arrays.stream(counts).mapToDouble(c -> (c - m) * (c - m)).sum() / (seconds - 1);
        assertThat(m).isCloseTo(rate, within(4 * Math.sqrt(rate / seconds)));
        assertThat(var / m).isCloseTo(1.0, within(4 * Math.sqrt(2.0 / (seconds - 1))));
        // the same seed gives the same arrivals
        assertThat(ClusterRunner.arrivalSeconds(rate, 10, seed)).containsExactly(Arrays.copyOf(t, 10));
    }

    /** A handler that counts the calls running at once and remembers the most. */
    private static final class Counting implements Handler {
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final long ms;

        Counting(long ms) {
            this.ms = ms;
        }

        @Override
        public Object handle(dev.dagfuse.handler.Invocation invocation) {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                sleep(ms);
                return invocation.branch();
            } finally {
                now.decrementAndGet();
            }
        }
    }

    @Test
    void aPoolNeverRunsMoreInvocationsThanItsContainers() {
        ClusterPlatform cluster = ClusterPlatform.of(16, 32_768);
        Workflow a = Workflow.of("a", cluster, List.of(fn("head", 1), fn("fan", 8, "head"), fn("tail", 1, "fan")));
        Workflow b = Workflow.of("b", cluster, List.of(fn("only", 1)));
        Plan planA = TestWorkflows.plan(a, PlanGroup.of(List.of("head"), 1024, 1, 1),
                PlanGroup.of(List.of("fan"), 1024, 8, 1), PlanGroup.of(List.of("tail"), 1024, 1, 1));
        Plan planB = TestWorkflows.plan(b, PlanGroup.of(List.of("only"), 1024, 1, 1));
        Counting head = new Counting(5);
        Counting fan = new Counting(10);
        Counting tail = new Counting(2);
        Counting only = new Counting(20);
        ClusterRunner runner = new ClusterRunner(Map.of(
                "a", Map.of("head", entry(head), "fan", fan, "tail", tail),
                "b", Map.of("only", entry(only))));
        // far more load than the pools serve at once: requests queue in every pool
        ClusterRunner.Report report = runner.run(List.of(
                new ClusterRunner.Pooled(a, planA, 100, List.of(1, 3, 1)),
                new ClusterRunner.Pooled(b, planB, 200, List.of(2))), new ClusterRunner.Options(30, 1, 7));

        assertThat(head.most.get()).isEqualTo(1);
        assertThat(fan.most.get()).isEqualTo(3);
        assertThat(tail.most.get()).isEqualTo(1);
        assertThat(only.most.get()).isEqualTo(2);
        ClusterRunner.WorkflowResult ra = report.workflows().get(0);
        ClusterRunner.WorkflowResult rb = report.workflows().get(1);
        assertThat(ra.failed()).isZero();
        assertThat(ra.latencyMs()).hasSize(30);
        assertThat(rb.latencyMs()).hasSize(30);
        assertThat(ra.pools()).extracting(ClusterRunner.PoolResult::maxInFlight).containsExactly(1, 3, 1);
        assertThat(ra.pools().get(1).invocations()).isEqualTo(30 * 8);
        assertThat(rb.pools().get(0).maxInFlight()).isEqualTo(2);
        // overloaded: requests waited, and a request's wait is part of its latency
        assertThat(rb.waitMs().stream().mapToDouble(Double::doubleValue).max().orElseThrow()).isGreaterThan(20);
        assertThat(rb.pools().get(0).meanServiceMs()).isGreaterThanOrEqualTo(19);
        double maxLatency = rb.latencyMs().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double maxWait = rb.waitMs().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(maxLatency).isGreaterThanOrEqualTo(maxWait + 19);
    }

    @Test
    void aGroupStartsAfterTheGroupsHoldingWhatItsFunctionsFollow() {
        // a → (b → c fused) and a → d; e after c and d
        ClusterPlatform cluster = ClusterPlatform.of(4, 8_192);
        Workflow w = Workflow.of("w", cluster, List.of(fn("a", 1), fn("b", 1, "a"), fn("c", 1, "b"), fn("d", 1, "a"),
                fn("e", 1, "c", "d")));
        Plan plan = TestWorkflows.plan(w, PlanGroup.of(List.of("a"), 1024, 1, 1),
                PlanGroup.of(List.of("b", "c"), 1024, 1, 1), PlanGroup.of(List.of("d"), 1024, 1, 1),
                PlanGroup.of(List.of("e"), 1024, 1, 1));
        assertThat(ClusterRunner.groupPredecessors(w, plan))
                .containsExactly(List.of(), List.of(0), List.of(0), List.of(1, 2));
    }

    /**
     * The sharing calibration. A handler that emulates one shared core (20 steps of 1 ms, each worth 1/k of a step
     * while k copies run) runs at 1/2 of its speed alone beside a copy of itself, which sharing this machine's cores
     * does not explain where it has 2 or more: its shared speed, fitted to a 1-second pilot at 40 requests per second
     * on 2 containers, is 1/2 (1 on one core). A handler that only sleeps is as fast beside a copy: 1. Without a
     * pilot, none.
     */
    @Test
    void theCalibrationFitsHowMuchSlowerInvocationsRunBesideOthers() {
        ClusterPlatform cluster = ClusterPlatform.of(4, 8_192);
        AtomicInteger active = new AtomicInteger();
        Handler sharedCore = entry(inv -> {
            active.incrementAndGet();
            try {
                for (double done = 0; done < 20; done += 1.0 / active.get()) {
                    sleep(1);
                }
            } finally {
                active.decrementAndGet();
            }
            return 1;
        });
        Handler sleeping = entry(inv -> {
            sleep(20);
            return 1;
        });
        Workflow core = Workflow.of("core", cluster, List.of(fn("core", 1)));
        Workflow sleeper = Workflow.of("sleeper", cluster, List.of(fn("sleeping", 1)));
        Map<String, Map<String, Handler>> handlers = Map.of("core", Map.of("core", sharedCore),
                "sleeper", Map.of("sleeping", sleeping));
        List<ClusterRunner.Pooled> cores = List.of(new ClusterRunner.Pooled(core, TestWorkflows.plan(core,
                PlanGroup.of(List.of("core"), 1024, 1, 1)), 40, List.of(2)));
        List<ClusterRunner.Pooled> sleepers = List.of(new ClusterRunner.Pooled(sleeper, TestWorkflows.plan(sleeper,
                PlanGroup.of(List.of("sleeping"), 1024, 1, 1)), 40, List.of(2)));
        ClusterRunner.Calibration coreCalibration = new ClusterRunner(handlers)
                .run(cores, new ClusterRunner.Options(2, 1, 1, 11)).workflows().get(0).pools().get(0).calibration();
        assertThat(coreCalibration.aloneMs()).isBetween(19.0, 35.0);
        assertThat(coreCalibration.invocations()).isBetween(10, 60);
        assertThat(coreCalibration.besideShare()).isPositive();
        double expected = Runtime.getRuntime().availableProcessors() >= 2 ? 0.5 : 1;
        assertThat(coreCalibration.sharedSpeed()).isCloseTo(expected, within(0.1));
        assertThat(new ClusterRunner(handlers).run(sleepers, new ClusterRunner.Options(2, 1, 1, 11)).workflows().get(0)
                .pools().get(0).calibration().sharedSpeed()).isGreaterThan(0.9).isLessThanOrEqualTo(1);
        assertThat(new ClusterRunner(handlers).run(cores, new ClusterRunner.Options(2, 1, 0, 11)).workflows().get(0)
                .pools().get(0).calibration()).isNull();
    }

    @Test
    void aFailingHandlerFailsItsRequestOnly() {
        ClusterPlatform cluster = ClusterPlatform.of(4, 8_192);
        Workflow w = Workflow.of("w", cluster, List.of(fn("x", 1)));
        Plan plan = TestWorkflows.plan(w, PlanGroup.of(List.of("x"), 1024, 1, 1));
        Handler odd = entry(inv -> {
            if (((Long) inv.requestInput()) % 2 == 1) {
                throw new IllegalStateException("odd request");
            }
            return 1;
        });
        ClusterRunner.Report report = new ClusterRunner(Map.of("w", Map.of("x", odd)))
                .run(List.of(new ClusterRunner.Pooled(w, plan, 50, List.of(1))), new ClusterRunner.Options(10, 0, 3));
        ClusterRunner.WorkflowResult r = report.workflows().get(0);
        assertThat(r.failed()).isEqualTo(5);
        assertThat(r.latencyMs()).hasSize(5);
        assertThat(r.firstFailure()).contains("odd request");
    }
}
