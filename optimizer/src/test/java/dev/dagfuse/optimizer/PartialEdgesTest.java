// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Prices;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Edges whose consumer reads part of the producer's outputs ({@code reads:}): the model fetches what each invocation
 * reads, not every output (issue: Montage's mDiffFit reads 2 of 21 projections), checked against closed forms.
 */
class PartialEdgesTest {

    private static final AwsLambdaPlatform LAMBDA = AwsLambdaPlatform.defaults();
    private static final long BIG = 1_000_000; // > the inline limit: every read is an S3 GET
    private static final double BYTES_MS = BIG / (625e6 / 8) * 1000; // at 625 Mbit/s

    private static FunctionSpec fn(String name, int fanOut, Map<String, Reads> reads, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT, 900_000, null, reads);
    }

    private static PlanEvaluator model(Workflow w, long producerBytes) {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(producerBytes, 1, Map.of(1024, List.of(100.0))));
        fps.put("b", profile(10, 1, Map.of(1024, List.of(100.0))));
        return Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(fps),
                ModelOptions.defaults());
    }

    private static Workflow montage(Reads reads) {
        Map<String, Reads> r = reads == null ? Map.of() : Map.of("a", reads);
        return Fixtures.workflow(LAMBDA, Fixtures.fn("a", 21), fn("b", 20, r, "a"));
    }

    @Test
    void aWindowOfTwoFetchesTwoOutputsPerInvocationNotAll() {
        double window = model(montage(Reads.window(2, 1)), BIG).groupModel().latencyDraws(List.of("b"), 1024, 1)[0];
        double all = model(montage(null), BIG).groupModel().latencyDraws(List.of("b"), 1024, 1)[0];
        // the Map state's and its iteration's hand-offs (25 each), one GET round trip (the objects are fetched at
        // once), the bytes of the objects, the work
        assertThat(window).isCloseTo(25 + 25 + 20 + 2 * BYTES_MS + 100, within(1e-9));
        assertThat(all).isCloseTo(25 + 25 + 20 + 21 * BYTES_MS + 100, within(1e-9));
    }

    @Test
    void bytesSaysHowMuchOfEachOutputIsRead() {
        Reads ranged = Reads.window(2, 1).withBytes(100_000L);
        double b = model(montage(ranged), BIG).groupModel().latencyDraws(List.of("b"), 1024, 1)[0];
        assertThat(b).isCloseTo(25 + 25 + 20 + 2 * (100_000 / (625e6 / 8) * 1000) + 100, within(1e-9));
    }

    @Test
    void aWindowIsBilledForTwoGetsPerInvocation() {
        Prices prices = LAMBDA.prices();
        double cost = model(montage(Reads.window(2, 1)), BIG).groupModel().meanCostUsd(List.of("b"), 1024, 1);
        double billed = Math.ceil(100 + 20 + 2 * BYTES_MS) / 1000 * prices.gbSecondUsd();
        assertThat(cost).isCloseTo(20 * (billed + prices.requestUsd() + 2 * prices.s3GetUsd())
                + 22 * prices.stateTransitionUsd(), within(1e-15));
    }

    /**
     * A bundle of branches fetches each output its branches read once: k consecutive windows of 2 (stride 1) cover
     * k + 1 outputs. With {@code bytes: 0} the reads take no transfer time, so two plans differ in their GETs alone.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 5, 20})
    void aBundleFetchesTheUnionOfItsBranchesWindows(int k) {
        double window = model(montage(Reads.window(2, 1).withBytes(0L)), BIG).groupModel()
                .meanCostUsd(List.of("b"), 1024, k);
        double all = model(montage(new Reads(Reads.Mode.ALL, 0, 0, 0L)), BIG).groupModel()
                .meanCostUsd(List.of("b"), 1024, k);
        int invocations = PlanGroup.invocations(20, k);
        int gets = 0;
        for (int j = 0; j < invocations; j++) {
            gets += Math.min(k, 20 - j * k) + 1;
        }
        assertThat(all - window).isCloseTo((21.0 * invocations - gets) * LAMBDA.prices().s3GetUsd(), within(1e-15));
    }

    /**
     * A fan-out nested in a fan-out (lanes: 1000Genome's individuals per chromosome) is one flat fan-out of lanes × n
     * whose per-lane gather reads its lane's partition: 3 lanes of 7, each lane's merge reads 7 outputs, not 21.
     */
    @Test
    void lanesAreAFlatFanOutWhosePerLaneGatherReadsItsPartition() {
        Workflow w = Fixtures.workflow(LAMBDA, Fixtures.fn("a", 21), fn("b", 3, Map.of("a", Reads.partition()), "a"));
        assertThat(w.inputBranches("a", "b", 1)).containsExactly(7, 8, 9, 10, 11, 12, 13);
        double lane = model(w, BIG).groupModel().latencyDraws(List.of("b"), 1024, 1)[0];
        assertThat(lane).isCloseTo(25 + 25 + 20 + 7 * BYTES_MS + 100, within(1e-9));
        // one memory size for the function in every lane: it is one function, planned once
        Plan plan = planned("cp-sat", w);
        assertThat(plan.groups()).extracting(PlanGroup::functions).contains(List.of("a"), List.of("b"));
    }

    @Test
    void noPlannerFusesAcrossAnEdgeWhoseBranchesReadOtherOutputs() {
        Map<String, Reads> all = Map.of("a", Reads.ALL);
        Workflow shuffle = Fixtures.workflow(LAMBDA, Fixtures.fn("a", 5), fn("b", 5, all, "a"));
        Workflow own = Fixtures.workflow(LAMBDA, Fixtures.fn("a", 5), fn("b", 5, Map.of("a", Reads.window(1, 1)), "a"));
        assertThat(PlanValidator.isFusible(shuffle, "a", "b")).isFalse();
        assertThat(PlanValidator.isFusible(own, "a", "b")).isTrue();
        Plan fused = new Plan(shuffle.name(), null, List.of(PlanGroup.of(List.of("a", "b"), 1024, 5, 1)), null,
                SolverInfo.manual());
        assertThatThrownBy(() -> PlanValidator.validate(fused, shuffle, "plan.yaml")).isInstanceOf(InputException.class);

        for (String name : List.of("cp-sat", "exhaustive", "greedy")) {
            // large outputs make fusion worth it wherever it is allowed
            Plan s = planned(name, shuffle);
            assertThat(s.groups()).as(name).allSatisfy(g -> assertThat(g.functions()).hasSize(1));
            Plan o = planned(name, own);
            assertThat(o.groups()).as(name).anySatisfy(g -> assertThat(g.functions()).containsExactly("a", "b"));
        }
    }

    private static Plan planned(String planner, Workflow w) {
        PlanResult r = Planners.byName(planner).plan(w, model(w, BIG),
                PlanRequest.of(new Objective.Latency(95, 1e12)).withMemoryOptionsMB(List.of(1024)));
        assertThat(r).as(planner).isInstanceOf(PlanResult.Planned.class);
        return ((PlanResult.Planned) r).plan();
    }
}
