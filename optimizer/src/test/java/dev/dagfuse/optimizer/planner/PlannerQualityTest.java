package dev.dagfuse.optimizer.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planners;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quality bar: on seeded random workflows of up to 8 functions, cp-sat's mean cost is within 1% of the
 * exhaustive optimum (same draws) whenever a feasible plan exists, meets the target, and never loses to greedy;
 * under a budget, its percentile is within 1% of the exhaustive optimum and never worse than greedy's.
 */
class PlannerQualityTest {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 30);
    }

    private record Case(Workflow workflow, PlanEvaluator model, List<Integer> sizes) {
    }

    private static Case randomCase(long seed) {
        SplittableRandom r = new SplittableRandom(seed * 7919);
        int functions = 3 + r.nextInt(6);
        List<Integer> sizes = functions <= 5 ? List.of(256, 512, 1024, 1769, 3008) : List.of(512, 1024, 2048);
        Workflow w = RandomWorkflows.generate(seed, functions, new int[] {1, 1, 4, 6});
        return new Case(w, new FakeModel(w, seed, 400, sizes), sizes);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void cpSatMatchesExhaustiveUnderATarget(long seed) {
        Case c = randomCase(seed);
        double u = new SplittableRandom(seed).nextDouble(-0.1, 1.0);
        double target = PlannerContractTest.midTarget(c.workflow(), c.model(), u);
        PlanRequest request = PlanRequest.of(new Objective.Latency(95, target));
        PlanResult exact = Planners.byName("exhaustive").plan(c.workflow(), c.model(), request);
        PlanResult cp = Planners.byName("cp-sat").plan(c.workflow(), c.model(), request);
        PlanResult greedy = Planners.byName("greedy").plan(c.workflow(), c.model(), request);
        System.out.printf("seed %d: %d functions, u %.2f, exhaustive %s, cp-sat %s, greedy %s%n", seed,
                c.workflow().functions().size(), u, describe(exact), describe(cp), describe(greedy));
        assertThat(cp.getClass()).isEqualTo(exact.getClass());
        if (exact instanceof PlanResult.Planned e) {
            PlanResult.Planned p = (PlanResult.Planned) cp;
            assertThat(PlannerContractTest.p95(p)).isLessThanOrEqualTo(target);
            assertThat(PlannerContractTest.cost(p)).isLessThanOrEqualTo(1.01 * PlannerContractTest.cost(e));
            if (greedy instanceof PlanResult.Planned g) {
                assertThat(PlannerContractTest.cost(p)).isLessThanOrEqualTo(PlannerContractTest.cost(g) * (1 + 1e-9));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void cpSatMatchesExhaustiveUnderABudget(long seed) {
        Case c = randomCase(seed);
        PlanResult.Planned cheapest = (PlanResult.Planned) Planners.byName("exhaustive").plan(c.workflow(), c.model(),
                PlanRequest.of(new Objective.Latency(95, 1e12)));
        double budget = PlannerContractTest.cost(cheapest) * new SplittableRandom(seed).nextDouble(0.95, 2.0);
        PlanRequest request = PlanRequest.of(new Objective.Budget(budget, 95));
        PlanResult exact = Planners.byName("exhaustive").plan(c.workflow(), c.model(), request);
        PlanResult cp = Planners.byName("cp-sat").plan(c.workflow(), c.model(), request);
        PlanResult greedy = Planners.byName("greedy").plan(c.workflow(), c.model(), request);
        System.out.printf("budget seed %d: %d functions, exhaustive %s, cp-sat %s, greedy %s%n", seed,
                c.workflow().functions().size(), describe(exact), describe(cp), describe(greedy));
        assertThat(cp.getClass()).isEqualTo(exact.getClass());
        if (exact instanceof PlanResult.Planned e) {
            PlanResult.Planned p = (PlanResult.Planned) cp;
            assertThat(PlannerContractTest.cost(p)).isLessThanOrEqualTo(budget);
            assertThat(PlannerContractTest.p95(p)).isLessThanOrEqualTo(1.01 * PlannerContractTest.p95(e));
            if (greedy instanceof PlanResult.Planned g) {
                assertThat(PlannerContractTest.p95(p)).isLessThanOrEqualTo(PlannerContractTest.p95(g));
            }
        }
    }

    private static String describe(PlanResult r) {
        if (r instanceof PlanResult.Planned p) {
            return String.format("[$%.4g/M P95 %.1f %s it=%d %dms]", PlannerContractTest.cost(p) * 1e6,
                    PlannerContractTest.p95(p), p.plan().solver().status(), p.plan().solver().iterations(),
                    p.plan().solver().wallMs());
        }
        return "[infeasible]";
    }
}
