// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Prices;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.stats.Quantiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MonteCarloModelTest {

    private static final AwsLambdaPlatform LAMBDA = AwsLambdaPlatform.defaults();
    private static final ModelOptions OPTIONS = ModelOptions.defaults();

    private static Plan plan(Workflow w, PlanGroup... groups) {
        return new Plan(w.name(), null, List.of(groups), null, SolverInfo.manual());
    }

    @Test
    void singleFunctionPercentileIsItsSamplesPercentilePlusOverhead() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 1));
        FunctionProfile p = profile(100, 1, Map.of(1024, lognormal(1, 300, 200, 0.4)));
        PlanEvaluator model = Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(Map.of("a", p)), OPTIONS);
        Evaluation e = model.evaluate(Plans.asDeployed(w));
        ScalingModel s = ScalingModel.of(p);
        for (double pct : new double[] {50, 95, 99}) {
            double q = pct / 100;
            // Monte Carlo error of a quantile from 10,000 draws: a few 0.001 in probability
            assertThat(e.predicted().percentileMs(pct)).isBetween(s.quantileMs(1024, q - 0.006) + 25,
                    s.quantileMs(1024, Math.min(1, q + 0.006)) + 25);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 30})
    void fanOutOfIdenticalIndependentBranchesMatchesFToTheN(int n) {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", n));
        FunctionProfile p = profile(100, 1, Map.of(1024, lognormal(2, 200, 100, 0.5)));
        PlanEvaluator model = Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(10)), Fixtures.profiles(Map.of("a", p)), OPTIONS);
        double[] draws = model.latencyDraws(Plans.asDeployed(w));
        ScalingModel s = ScalingModel.of(p);
        // a fan-out group passes through two states (the Pass listing its branches, the Map): two hand-offs of 10 ms
        for (double q = 0.05; q < 1; q += 0.1) {
            double x = s.quantileMs(1024, q) + 20;
            double expected = Math.pow(q, n); // F(x)^n: every branch at or below x
            double observed = Arrays.stream(draws).filter(d -> d <= x).count() / (double) draws.length;
            assertThat(observed).as("P(max ≤ Q(%.2f))", q).isCloseTo(expected, within(0.02));
        }
        // the quantile form: Q_max(p) = Q(p^(1/n))
        double p95 = Quantiles.percentile(draws, 95);
        assertThat(p95).isBetween(s.quantileMs(1024, Math.pow(0.945, 1.0 / n)) + 20,
                s.quantileMs(1024, Math.pow(0.955, 1.0 / n)) + 20);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void bundlingKItemsOnAtLeastKVcpusIsTheMaxOfKDraws(int k) {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", k));
        FunctionProfile p = profile(100, 1, Map.of(1769, lognormal(3, 200, 300, 0.3), 512, lognormal(4, 200, 900, 0.3)));
        PlanEvaluator model = Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(10)), Fixtures.profiles(Map.of("a", p)), OPTIONS);
        double[] bundled = model.latencyDraws(plan(w, PlanGroup.of(List.of("a"), k * 1769, k, k)));
        // the same branches' draws, each alone on 1 vCPU: common random numbers make this the max of the same k draws
        double[] separate = model.latencyDraws(plan(w, PlanGroup.of(List.of("a"), 1769, k, 1)));
        for (int i = 0; i < bundled.length; i++) {
            assertThat(bundled[i]).isCloseTo(separate[i], within(1e-6));
        }
        ScalingModel s = ScalingModel.of(p);
        assertThat(Quantiles.percentile(bundled, 95)).isBetween(s.quantileMs(1769, Math.pow(0.945, 1.0 / k)) + 20,
                s.quantileMs(1769, Math.pow(0.955, 1.0 / k)) + 20);
    }

    @Test
    void bundlingOnFewerVcpusSharesThem() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 4));
        // constant work, all CPU (one size: a = 0): 4 items on 1 vCPU take 4 × as long as one
        FunctionProfile p = profile(100, 1, Map.of(1769, List.of(100.0)));
        PlanEvaluator model = Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(10)), Fixtures.profiles(Map.of("a", p)), OPTIONS);
        double[] draws = model.latencyDraws(plan(w, PlanGroup.of(List.of("a"), 1769, 4, 4)));
        assertThat(draws[0]).isCloseTo(420, within(1e-6)); // + the Pass's and the Map's hand-offs
        double[] twoVcpus = model.latencyDraws(plan(w, PlanGroup.of(List.of("a"), 2 * 1769, 4, 4)));
        assertThat(twoVcpus[7]).isCloseTo(220, within(1e-6));
        // two invocations of two items each on 1 vCPU
        double[] pairs = model.latencyDraws(plan(w, PlanGroup.of(List.of("a"), 1769, 4, 2)));
        assertThat(pairs[3]).isCloseTo(220, within(1e-6));
    }

    @Test
    void evaluateIsDeterministicAndTheSeedMatters() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 1), fn("b", 8, "a"), fn("c", 1, "b"));
        Profile profile = threeProfiles();
        Plan base = Plans.asDeployed(w);
        double[] one = Models.monteCarlo(w, profile, OPTIONS).latencyDraws(base);
        double[] two = Models.monteCarlo(w, profile, OPTIONS).latencyDraws(base);
        assertThat(one).containsExactly(two);
        assertThat(Models.monteCarlo(w, profile, OPTIONS).evaluate(base))
                .isEqualTo(Models.monteCarlo(w, profile, OPTIONS).evaluate(base));
        double[] other = Models.monteCarlo(w, profile, new ModelOptions(OPTIONS.samples(), 7, OPTIONS.percentiles()))
                .latencyDraws(base);
        assertThat(other).isNotEqualTo(one);
    }

    @Test
    void fusionRemovesTheTransferAndTheOverheadDrawByDraw() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 1), fn("b", 1, "a"));
        long big = 1_000_000; // > 256 KiB: through S3
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(big, 1, Map.of(1024, lognormal(5, 100, 80, 0.3))));
        fps.put("b", profile(100, 1, Map.of(1024, lognormal(6, 100, 120, 0.3))));
        PlanEvaluator model = Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(fps), OPTIONS);
        Plan separate = Plans.asDeployed(w);
        Plan fused = plan(w, PlanGroup.of(List.of("a", "b"), 1024, 1, 1));
        double[] s = model.latencyDraws(separate);
        double[] f = model.latencyDraws(fused);
        double transferMs = big / (625e6 / 8) * 1000;
        // one overhead (25), a PUT (30) and a GET (20), and the bytes twice at 625 Mbit/s
        double saved = 25 + 30 + 20 + 2 * transferMs;
        for (int i = 0; i < s.length; i++) {
            assertThat(s[i] - f[i]).isCloseTo(saved, within(1e-6));
        }
        Evaluation es = model.evaluate(separate);
        Evaluation ef = model.evaluate(fused);
        Prices prices = LAMBDA.prices();
        // fused: one request, one transition, no S3; the billed time drops by the transfer (rounding aside)
        double savedCost = prices.requestUsd() + prices.stateTransitionUsd() + prices.s3PutUsd() + prices.s3GetUsd();
        double billedSaving = (30 + 20 + 2 * transferMs) / 1000 * prices.gbSecondUsd();
        assertThat(es.predicted().meanCostUsd() - ef.predicted().meanCostUsd())
                .isCloseTo(savedCost + billedSaving, within(2 * 0.001 * prices.gbSecondUsd()));
    }

    @Test
    void billedCostIsRoundedUpDurationTimesGbPlusRequestAndTransition() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 1));
        FunctionProfile p = profile(100, 1, Map.of(2048, List.of(100.4)));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(Map.of("a", p)), OPTIONS);
        Evaluation e = model.evaluate(plan(w, PlanGroup.of(List.of("a"), 2048, 1, 1)));
        Prices prices = LAMBDA.prices();
        double expected = 0.101 * 2 * prices.gbSecondUsd() + prices.requestUsd() + prices.stateTransitionUsd();
        assertThat(e.predicted().meanCostUsd()).isCloseTo(expected, within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"standard", "express"})
    void costIsTheSumOfTheGroupsPlusOrchestration(String orchestration) {
        AwsLambdaPlatform platform = AwsLambdaPlatform.defaults().withOrchestration(orchestration);
        Workflow w = Fixtures.workflow(platform, fn("a", 1), fn("b", 8, "a"), fn("c", 8, "b"), fn("d", 1, "c"));
        Profile profile = fourProfiles();
        PlanEvaluator model = Models.monteCarlo(w, profile, OPTIONS);
        Plan p = plan(w, PlanGroup.of(List.of("a"), 512, 1, 1), PlanGroup.of(List.of("b", "c"), 3008, 8, 3),
                PlanGroup.of(List.of("d"), 1769, 1, 1));
        Evaluation e = model.evaluate(p);
        double sum = 0;
        for (PlanGroup g : p.groups()) {
            sum += model.groupModel().meanCostUsd(g.functions(), g.memoryMB(), g.bundleSize());
        }
        assertThat(e.predicted().meanCostUsd()).isCloseTo(sum + e.orchestrationCostUsd(), within(1e-15));
        if (orchestration.equals("standard")) {
            assertThat(e.orchestrationCostUsd()).isZero();
        } else {
            assertThat(e.orchestrationCostUsd()).isGreaterThan(platform.prices().expressRequestUsd());
        }
        for (int g = 0; g < p.groups().size(); g++) {
            PlanGroup group = p.groups().get(g);
            assertThat(e.groups().get(g).meanCostUsd())
                    .isEqualTo(model.groupModel().meanCostUsd(group.functions(), group.memoryMB(), group.bundleSize()));
        }
    }

    @Test
    void planLatencyIsTheLongestPathOverTheGroupsDraws() {
        // a diamond with a join: a -> (b, c) -> d
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 1), fn("b", 4, "a"), fn("c", 1, "a"), fn("d", 1, "b", "c"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(300_000, 1, Map.of(1024, lognormal(7, 50, 50, 0.3))));
        fps.put("b", profile(2000, 1, Map.of(1024, lognormal(8, 50, 200, 0.6))));
        fps.put("c", profile(2000, 2, Map.of(1024, lognormal(9, 50, 250, 0.2), 3008, lognormal(10, 50, 120, 0.2))));
        fps.put("d", profile(10, 1, Map.of(1024, lognormal(11, 50, 30, 0.1))));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(fps), OPTIONS);
        Plan p = plan(w, PlanGroup.of(List.of("a"), 768, 1, 1), PlanGroup.of(List.of("b"), 2048, 4, 2),
                PlanGroup.of(List.of("c"), 2048, 1, 1), PlanGroup.of(List.of("d"), 256, 1, 1));
        GroupModel groups = model.groupModel();
        double[] a = groups.latencyDraws(List.of("a"), 768, 1);
        double[] b = groups.latencyDraws(List.of("b"), 2048, 2);
        double[] c = groups.latencyDraws(List.of("c"), 2048, 1);
        double[] d = groups.latencyDraws(List.of("d"), 256, 1);
        double[] request = model.latencyDraws(p);
        for (int i = 0; i < request.length; i++) {
            assertThat(request[i]).isEqualTo(a[i] + Math.max(b[i], c[i]) + d[i]);
        }
        Evaluation e = model.evaluate(p);
        assertThat(e.predicted().percentileMs(95)).isEqualTo(Quantiles.percentile(request, 95));
        assertThat(e.groups().get(1).latencyMs().get(95.0)).isEqualTo(Quantiles.percentile(b, 95));
    }

    @Test
    void missingProfileNamesTheFunctionAndSuggestsProfiling() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 1), fn("b", 1, "a"));
        Profile onlyA = Fixtures.profiles(Map.of("a", profile(1, 1, Map.of(1024, List.of(1.0)))));
        assertThatThrownBy(() -> Models.monteCarlo(w, onlyA, OPTIONS))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("function (b) has no profile")
                .hasMessageContaining("dagfuse profile");
    }

    @Test
    void memoryBelowThePeakWithHeadroomIsInfeasibleAndWarned() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 4));
        FunctionProfile p = new FunctionProfile(10, 400, 1, List.of(), Map.of(1024, List.of(50.0)));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(Map.of("a", p)), OPTIONS);
        GroupModel g = model.groupModel();
        assertThat(g.isFeasible(List.of("a"), 440, 1)).isTrue();
        assertThat(g.isFeasible(List.of("a"), 439, 1)).isFalse();
        assertThat(g.isFeasible(List.of("a"), 1760, 4)).isTrue();
        assertThat(g.isFeasible(List.of("a"), 1759, 4)).isFalse();
        assertThat(g.memoryOptions(List.of("a"))).doesNotContain(128, 256).contains(512, 1769, 10_240);
        Evaluation e = model.evaluate(plan(w, PlanGroup.of(List.of("a"), 1024, 4, 4)));
        assertThat(e.warnings()).singleElement().asString().contains("does not fit in 1024 MB").contains("1760 MB");
    }

    @Test
    void coldStartsAddInitTimeWithTheirProbability() {
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 1));
        FunctionProfile p = new FunctionProfile(10, 0, 1, List.of(500.0), Map.of(1024, List.of(100.0)));
        Profile profile = Fixtures.profiles(Map.of("a", p));
        double[] warm = Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), profile, OPTIONS).latencyDraws(Plans.asDeployed(w));
        double[] some = Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25).withColdStartProbability(0.1)), profile, OPTIONS)
                .latencyDraws(Plans.asDeployed(w));
        assertThat(warm).containsOnly(125.0);
        long cold = Arrays.stream(some).filter(x -> x == 625.0).count();
        assertThat(cold / (double) some.length).isCloseTo(0.1, within(0.01));
        assertThat(Arrays.stream(some).filter(x -> x != 625.0 && x != 125.0).count()).isZero();
    }

    @Test
    void gatherOfManySmallOutputsGoesThroughS3WhenTheyExceedTheStateLimit() {
        // 30 × 10 KB = 300 KB > 256 KiB for the gathering function: PUT per branch, 30 GETs
        Workflow w = Fixtures.workflow(LAMBDA, fn("a", 30), fn("b", 1, "a"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(10_000, 1, Map.of(1024, List.of(100.0))));
        fps.put("b", profile(10, 1, Map.of(1024, List.of(100.0))));
        PlanEvaluator model = Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(fps), OPTIONS);
        Prices prices = LAMBDA.prices();
        double a = model.groupModel().meanCostUsd(List.of("a"), 1024, 1);
        double bytesMs = 10_000 / (625e6 / 8) * 1000;
        double billedA = Math.ceil(100 + 30 + bytesMs) / 1000 * prices.gbSecondUsd();
        assertThat(a).isCloseTo(30 * (billedA + prices.requestUsd() + prices.s3PutUsd()) + 32 * prices.stateTransitionUsd(),
                within(1e-15));
        double[] b = model.groupModel().latencyDraws(List.of("b"), 1024, 1);
        assertThat(b[0]).isCloseTo(25 + 20 + 30 * bytesMs + 100, within(1e-9));
    }

    private static Profile threeProfiles() {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(1000, 1, Map.of(1024, lognormal(21, 40, 60, 0.3))));
        fps.put("b", profile(400_000, 2, Map.of(1024, lognormal(22, 40, 400, 0.4), 2048, lognormal(23, 40, 220, 0.4))));
        fps.put("c", profile(100, 1, Map.of(1024, lognormal(24, 40, 90, 0.2))));
        return Fixtures.profiles(fps);
    }

    private static Profile fourProfiles() {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>(threeProfiles().functions());
        fps.put("d", fps.remove("c"));
        fps.put("c", profile(50_000, 1, Map.of(1769, lognormal(25, 40, 150, 0.3))));
        return Fixtures.profiles(fps);
    }
}
