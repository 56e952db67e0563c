// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;
import dev.dagfuse.optimizer.Plans;
import dev.dagfuse.optimizer.Synthetic;
import dev.dagfuse.optimizer.TimeBudget;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time limit: the wall-clock deadline honoured by every planner (a fake clock decides when it passes, so nothing
 * here depends on the machine's speed), the same plan whatever the load (the work allowance, not the clock, ends the
 * search), and a limit twice as long never giving a dearer plan.
 */
class TimeLimitTest {

    @TempDir
    static Path dir;

    /** A clock 1,000 times slower than the real one: its deadline never comes, so only the work allowances bind. */
    private static final LongSupplier SLOWED = () -> System.nanoTime() / 1000;

    private static Loaded load(int functions, long seed, int samples) {
        Synthetic.Generated g = Synthetic.generate(functions, 6, seed);
        Path d = dir.resolve("g" + functions + "-" + seed);
        ModelFiles.writeAtomically(d.resolve("workflow.yaml"), g.workflowYaml());
        ModelFiles.writeProfile(g.profile(), d.resolve("profile.yaml"));
        Inputs.Loaded in = Inputs.loadForModel(d.resolve("workflow.yaml"), null);
        PlanEvaluator model = Models.monteCarlo(in.workflow(), in.profile(), new ModelOptions(samples, 42, List.of(95.0)));
        // the as-deployed plan's P95: always reachable, and cheaper plans exist
        Plan declared = Plans.asDeployed(in.workflow());
        double p95 = model.evaluate(new Plan(declared.workflow(), new Objective.Latency(95, 1e12), declared.groups(), null,
                declared.solver())).predicted().percentileMs(95);
        // three memory sizes keep the exhaustive planner within its combination limit
        return new Loaded(in, model, PlanRequest.of(new Objective.Latency(95, p95))
                .withMemoryOptionsMB(List.of(512, 1024, 2048)));
    }

    private record Loaded(Inputs.Loaded in, PlanEvaluator model, PlanRequest request) {
        PlanResult plan(String planner, Duration limit, LongSupplier clock) {
            return Planners.byName(planner).plan(in.workflow(), model, request.withTimeLimit(limit),
                    TimeBudget.start(limit, clock));
        }
    }

    /** A clock that stands still for {@code reads} readings, then jumps a day ahead: the deadline passes mid-run. */
    private static LongSupplier passingAfter(long reads) {
        AtomicLong count = new AtomicLong();
        return () -> count.incrementAndGet() > reads ? 86_400_000_000_000L : 0L;
    }

    private static long readsOfAWholeRun(Loaded l, String planner) {
        AtomicLong count = new AtomicLong();
        l.plan(planner, Duration.ofSeconds(60), () -> {
            count.incrementAndGet();
            return 0L;
        });
        return count.get();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cp-sat", "exhaustive", "greedy"})
    void whenTheDeadlinePassesBeforeDrawingEndsThereIsNoPlanAndItSaysOutOfTime(String planner) {
        Loaded l = load(8, 3, 500);
        // the first reading starts the budget; every later one is past its deadline
        PlanResult r = l.plan(planner, Duration.ofSeconds(10), passingAfter(1));
        assertThat(r).isInstanceOf(PlanResult.Infeasible.class);
        PlanResult.Infeasible late = (PlanResult.Infeasible) r;
        assertThat(late.outOfTime()).isTrue();
        assertThat(late.reason()).contains("within the time limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cp-sat", "exhaustive", "greedy"})
    void whenTheDeadlinePassesMidSearchItReturnsItsBestSoFarLabelledOrOutOfTime(String planner) {
        Loaded l = load(8, 3, 500);
        long whole = readsOfAWholeRun(l, planner);
        PlanResult full = l.plan(planner, Duration.ofSeconds(60), () -> 0L);
        for (long reads : new long[] {whole / 4, whole / 2, whole * 3 / 4}) {
            PlanResult r = l.plan(planner, Duration.ofSeconds(10), passingAfter(reads));
            if (r instanceof PlanResult.Planned p) {
                SolverInfo s = p.plan().solver();
                if (s.stoppedBy() == null) {
                    // the searches ended before reading the clock again (the orchestrations' two threads read it in
                    // turns): then the plan is the whole run's
                    assertThat(p.plan().groups()).isEqualTo(((PlanResult.Planned) full).plan().groups());
                    continue;
                }
                assertThat(s.status()).as("%s after %d of %d readings", planner, reads, whole).isNotEqualTo("OPTIMAL");
                assertThat(s.stoppedBy()).isEqualTo(SolverInfo.WALL_CLOCK);
                if (full instanceof PlanResult.Planned f && "OPTIMAL".equals(f.plan().solver().status())) {
                    assertThat(p.evaluation().predicted().meanCostUsd())
                            .isGreaterThanOrEqualTo(f.evaluation().predicted().meanCostUsd() * (1 - 1e-9));
                }
            } else {
                assertThat(((PlanResult.Infeasible) r).outOfTime()).as("%s after %d of %d readings", planner, reads, whole)
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cp-sat", "exhaustive", "greedy"})
    void theSameSeedAndLimitGiveTheSamePlanWithAnotherThreadBurningTheCpu(String planner) throws Exception {
        Loaded l = load(planner.equals("exhaustive") ? 8 : 40, 3, 1000);
        Duration limit = Duration.ofMillis(planner.equals("exhaustive") ? 5 : 400);
        PlanResult quiet = l.plan(planner, limit, SLOWED);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> burners = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                double x = 0;
                while (!stop.get()) {
                    x += Math.sqrt(x + 1);
                }
                assertThat(x).isPositive();
            });
            t.setDaemon(true);
            t.start();
            burners.add(t);
        }
        PlanResult busy;
        try {
            busy = l.plan(planner, limit, SLOWED);
        } finally {
            stop.set(true);
            for (Thread t : burners) {
                t.join();
            }
        }
        assertThat(quiet).isInstanceOf(PlanResult.Planned.class);
        assertThat(busy).isInstanceOf(PlanResult.Planned.class);
        Plan a = ((PlanResult.Planned) quiet).plan();
        Plan b = ((PlanResult.Planned) busy).plan();
        // the limit binds (else the test would show nothing about it), through the work allowance
        assertThat(a.solver().stoppedBy()).as(planner).isEqualTo(SolverInfo.TIME_LIMIT);
        assertThat(b.solver().stoppedBy()).isEqualTo(SolverInfo.TIME_LIMIT);
        assertThat(b.groups()).isEqualTo(a.groups());
        assertThat(b.orchestration()).isEqualTo(a.orchestration());
        assertThat(b.solver().iterations()).isEqualTo(a.solver().iterations());
        assertThat(b.predicted().meanCostUsd()).isEqualTo(a.predicted().meanCostUsd());
    }

    /**
     * Seeded generated workflows, limits L and 2L with L binding: the plan under 2L never costs more. Both draw the same
     * requests per candidate (the guarantee holds within one stage of the sample schedule; docs/planner.md).
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aLimitTwiceAsLongNeverGivesADearerPlan(long seed) {
        java.util.Random random = new java.util.Random(seed);
        int functions = 10 + random.nextInt(30);
        // 100 requests, the schedule's least: it cannot cut them (the same draws under L and 2L)
        Loaded l = load(functions, seed, 100);
        Duration limit = Duration.ofMillis(50 + random.nextInt(200));
        for (String planner : List.of("cp-sat", "greedy")) {
            PlanResult shorter = l.plan(planner, limit, SLOWED);
            PlanResult longer = l.plan(planner, limit.multipliedBy(2), SLOWED);
            if (!(shorter instanceof PlanResult.Planned s)) {
                continue; // nothing found within L: any plan within 2L is no dearer
            }
            assertThat(longer).as("%s, %d functions, %s", planner, functions, limit).isInstanceOf(PlanResult.Planned.class);
            PlanResult.Planned g = (PlanResult.Planned) longer;
            assertThat(g.plan().solver().searchSamples()).isEqualTo(s.plan().solver().searchSamples());
            assertThat(g.evaluation().predicted().meanCostUsd()).as("%s, %d functions, %s (stopped: %s)", planner,
                            functions, limit, s.plan().solver().stoppedBy())
                    .isLessThanOrEqualTo(s.evaluation().predicted().meanCostUsd());
        }
    }

    @Test
    void theTwiceAsLongPropertyIsTestedWhereTheShorterLimitBinds() {
        // the property test above means something only if L stops the search in most cases: count them
        int binding = 0;
        for (long seed = 1; seed <= 8; seed++) {
            java.util.Random random = new java.util.Random(seed);
            int functions = 10 + random.nextInt(30);
            Loaded l = load(functions, seed, 100);
            Duration limit = Duration.ofMillis(50 + random.nextInt(200));
            PlanResult r = l.plan("cp-sat", limit, SLOWED);
            if (r instanceof PlanResult.Planned p && SolverInfo.TIME_LIMIT.equals(p.plan().solver().stoppedBy())) {
                binding++;
            }
        }
        assertThat(binding).isGreaterThanOrEqualTo(6);
    }

    @Test
    void aLargeWorkflowUnderAShortLimitIsSearchedWithFewerSamplesAndSaysSo() throws Exception {
        Loaded l = load(60, 9, 10_000);
        PlanResult r = l.plan("cp-sat", Duration.ofMillis(300), SLOWED);
        assertThat(r).isInstanceOf(PlanResult.Planned.class);
        PlanResult.Planned p = (PlanResult.Planned) r;
        assertThat(p.plan().solver().searchSamples()).isBetween(100, 5_000);
        assertThat(Files.exists(dir)).isTrue();
    }
}
