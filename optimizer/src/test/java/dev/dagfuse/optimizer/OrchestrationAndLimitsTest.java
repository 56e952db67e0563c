// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Prices;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.stats.Quantiles;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 11's findings, each a test that failed before: the orchestration is a choice, Express's objective is complete,
 * Lambda's and Step Functions' limits are constraints, and every state costs a hand-off.
 */
class OrchestrationAndLimitsTest {

    private static final ModelOptions OPTIONS = new ModelOptions(2000, 42, List.of(50.0, 95.0, 99.0));
    private static final AwsLambdaPlatform AUTO = AwsLambdaPlatform.defaults();

    private static Plan plan(Workflow w, Orchestration o, PlanGroup... groups) {
        return new Plan(w.name(), null, List.of(groups), null, SolverInfo.manual(), o);
    }

    /** split → extract ×30 → classify ×30 → merge: many states, short functions (the video-analytics shape). */
    private static Workflow video(AwsLambdaPlatform platform) {
        return Fixtures.workflow(platform, fn("split", 1), fn("extract", 30, "split"), fn("classify", 30, "extract"),
                fn("merge", 1, "classify"));
    }

    private static Profile videoProfile() {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("split", profile(2_000, 1, Map.of(1769, lognormal(1, 30, 30, 0.2))));
        fps.put("extract", profile(60_000, 1, Map.of(1769, lognormal(2, 30, 95, 0.2))));
        fps.put("classify", profile(600, 1, Map.of(1769, lognormal(3, 30, 55, 0.2))));
        fps.put("merge", profile(500, 1, Map.of(1769, lognormal(4, 30, 45, 0.2))));
        return Fixtures.profiles(fps);
    }

    private static double cost(PlanEvaluator model, Plan p) {
        return model.evaluate(p).predicted().meanCostUsd();
    }

    @Test
    void theOrchestrationIsAChoiceAndTheChosenPlanBeatsBothAsDeployedBaselines() {
        Workflow w = video(AUTO);
        PlanEvaluator model = Models.monteCarlo(w, videoProfile(), OPTIONS);
        Plan deployed = Plans.asDeployed(w);
        double standard = cost(model, deployed.withOrchestration(Orchestration.STANDARD));
        double express = cost(model, deployed.withOrchestration(Orchestration.EXPRESS));
        assertThat(express).as("62 transitions cost more than Express's request and duration").isLessThan(standard);
        PlanResult r = Planners.byName("cp-sat").plan(w, model, PlanRequest.of(new Objective.Latency(95, 3000)));
        assertThat(r).isInstanceOf(PlanResult.Planned.class);
        Plan planned = ((PlanResult.Planned) r).plan();
        assertThat(planned.orchestration()).isNotNull();
        assertThat(cost(model, planned)).isLessThanOrEqualTo(Math.min(standard, express) * (1 + 1e-9));
        // pinned, the planner keeps it
        Workflow pinned = video(AUTO.withOrchestration("standard"));
        PlanEvaluator pinnedModel = Models.monteCarlo(pinned, videoProfile(), OPTIONS);
        Plan p = ((PlanResult.Planned) Planners.byName("cp-sat").plan(pinned, pinnedModel,
                PlanRequest.of(new Objective.Latency(95, 3000)))).plan();
        assertThat(p.orchestration()).isEqualTo(Orchestration.STANDARD);
    }

    @Test
    void expressChargesItsDurationAndTheExactSearchAgreesWithExhaustive() {
        Workflow w = Fixtures.workflow(AUTO.withOrchestration("express"), fn("a", 1), fn("b", 4, "a"), fn("c", 1, "b"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(100, 1, Map.of(1769, lognormal(5, 30, 400, 0.3))));
        fps.put("b", profile(100, 2, Map.of(1769, lognormal(6, 30, 900, 0.3), 3538, lognormal(7, 30, 600, 0.3))));
        fps.put("c", profile(100, 1, Map.of(1769, lognormal(8, 30, 300, 0.3))));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(fps), OPTIONS);
        Evaluation e = model.evaluate(Plans.asDeployed(w));
        double[] draws = model.latencyDraws(Plans.asDeployed(w));
        double duration = 0;
        for (double l : draws) {
            duration += Math.ceil(l / 100) * 0.1 * (64 / 1024.0) * Prices.LAMBDA_X86_64.expressGbSecondUsd();
        }
        assertThat(e.orchestrationCostUsd()).isCloseTo(Prices.LAMBDA_X86_64.expressRequestUsd() + duration / draws.length,
                within(1e-15));
        PlanRequest request = new PlanRequest(new Objective.Latency(95, 4000), true, true, List.of(512, 1024, 1769, 3538),
                java.time.Duration.ofSeconds(30), 1);
        Plan exact = ((PlanResult.Planned) Planners.byName("exhaustive").plan(w, model, request)).plan();
        Plan cpSat = ((PlanResult.Planned) Planners.byName("cp-sat").plan(w, model, request)).plan();
        assertThat(cost(model, cpSat)).isLessThanOrEqualTo(cost(model, exact) * 1.01);
        assertThat(cost(model, exact)).isLessThanOrEqualTo(cost(model, cpSat));
        assertThat(cost(model, cpSat)).isLessThanOrEqualTo(cost(model, Plans.asDeployed(w)));
    }

    @Test
    void aGroupOverLambdasTimeoutIsNoPlan() {
        // about 2,957 s of work at 1 vCPU: over 900 s at every size, alone or not
        Workflow w = Fixtures.workflow(AUTO, fn("long", 1));
        Profile p = Fixtures.profiles(Map.of("long", profile(100, 1, Map.of(1769, lognormal(9, 30, 2_957_000, 0.05)))));
        PlanEvaluator model = Models.monteCarlo(w, p, OPTIONS);
        PlanResult r = Planners.byName("cp-sat").plan(w, model, PlanRequest.of(new Objective.Latency(95, 1e7)));
        assertThat(r).isInstanceOf(PlanResult.Infeasible.class);
        assertThat(((PlanResult.Infeasible) r).reason()).contains("timeout of 900.00s", "(long)");
        Evaluation e = model.evaluate(Plans.asDeployed(w));
        assertThat(e.violations()).singleElement().asString().contains("over its timeout of 900.00s");
    }

    @Test
    void aBundleOverTheTimeoutIsLeftOutButItsUnbundledFormIsNot() {
        // 30 items of 180 s each: one invocation at 1,769 MB would take 5,400 s; alone each item takes 180 s
        Workflow w = Fixtures.workflow(AUTO.withOrchestration("standard"), fn("a", 1), fn("b", 30, "a"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(100, 1, Map.of(1769, List.of(10.0))));
        fps.put("b", profile(100, 1, Map.of(1769, List.of(180_000.0))));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(fps), OPTIONS);
        GroupModel groups = model.groupModel(Orchestration.STANDARD);
        GroupModel.Variant inline = new GroupModel.Variant(Architecture.X86_64, MapForm.INLINE);
        assertThat(groups.limitViolation(List.of("b"), 1769, 30, inline)).contains("timeout");
        assertThat(groups.limitViolation(List.of("b"), 1769, 1, inline)).isNull();
        Plan p = ((PlanResult.Planned) Planners.byName("cp-sat").plan(w, model,
                PlanRequest.of(new Objective.Latency(95, 1e9)))).plan();
        assertThat(model.evaluate(p).violations()).isEmpty();
    }

    @Test
    void anExpressExecutionRunsAtMostFiveMinutes() {
        // about 6 minutes of work in series: Express cannot run it, Standard can
        Workflow w = Fixtures.workflow(AUTO, fn("a", 1), fn("b", 1, "a"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(100, 1, Map.of(1769, List.of(180_000.0))));
        fps.put("b", profile(100, 1, Map.of(1769, List.of(180_000.0))));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(fps), OPTIONS);
        Evaluation express = model.evaluate(Plans.asDeployed(w).withOrchestration(Orchestration.EXPRESS));
        assertThat(express.violations()).singleElement().asString().contains("express", "300.00s");
        Plan p = ((PlanResult.Planned) Planners.byName("cp-sat").plan(w, model,
                PlanRequest.of(new Objective.Latency(95, 1e9)))).plan();
        assertThat(p.orchestration()).isEqualTo(Orchestration.STANDARD);
        Workflow pinned = w.withPlatform(AUTO.withOrchestration("express"));
        PlanResult none = Planners.byName("cp-sat").plan(pinned, Models.monteCarlo(pinned, Fixtures.profiles(fps),
                OPTIONS), PlanRequest.of(new Objective.Latency(95, 1e9)));
        assertThat(none).isInstanceOf(PlanResult.Infeasible.class);
    }

    @Test
    void aMapsCollectedOutputOverTheStateLimitGoesThroughS3() {
        // 30 branches × 100 KiB: each fits inline, but the Map's collected 3 MiB does not
        Workflow w = Fixtures.workflow(AUTO.withOrchestration("standard"), fn("a", 30), fn("b", 30, "a"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(100 * 1024, 1, Map.of(1769, List.of(100.0))));
        fps.put("b", profile(10, 1, Map.of(1769, List.of(100.0))));
        Workflow constant = Fixtures.with(w, Fixtures.constantOverhead(0));
        PlanEvaluator model = Models.monteCarlo(constant, Fixtures.profiles(fps), OPTIONS);
        Plan separate = plan(w, Orchestration.STANDARD, PlanGroup.of(List.of("a"), 1769, 30, 1),
                PlanGroup.of(List.of("b"), 1769, 30, 1));
        // a's 30 items write, b's 30 read: S3 PUTs and GETs are billed
        double s3 = 30 * (Prices.LAMBDA_X86_64.s3PutUsd() + Prices.LAMBDA_X86_64.s3GetUsd());
        double withoutS3 = 0;
        for (PlanGroup g : separate.groups()) {
            withoutS3 += model.groupModel(Orchestration.STANDARD).meanCostUsd(g.functions(), g.memoryMB(), 1);
        }
        assertThat(cost(model, separate)).isEqualTo(withoutS3);
        // the write and read round trips (constant 30 + 20 ms) plus the bytes twice at 625 Mbit/s
        double transfer = 100 * 1024 / (625e6 / 8) * 1000;
        assertThat(Quantiles.percentile(model.latencyDraws(separate), 50)).isCloseTo(100 + 30 + transfer + 20 + transfer + 100,
                within(0.01));
        assertThat(withoutS3).isGreaterThan(s3);
    }

    @Test
    void anInlineMapRunsAtMostFortyIterationsAtOnce() {
        // 100 unbundled branches of exactly 1 s: three waves inline, one as a Distributed Map
        Workflow w = Fixtures.with(Fixtures.workflow(AUTO.withOrchestration("standard"), fn("a", 100)),
                Fixtures.constantOverhead(0));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(Map.of("a", profile(10, 1,
                Map.of(1769, List.of(1000.0))))), OPTIONS);
        Plan inline = plan(w, Orchestration.STANDARD,
                PlanGroup.of(List.of("a"), 1769, 100, 1).deployedAs(null, MapForm.INLINE));
        Plan distributed = plan(w, Orchestration.STANDARD,
                PlanGroup.of(List.of("a"), 1769, 100, 1).deployedAs(null, MapForm.DISTRIBUTED_STANDARD));
        assertThat(Quantiles.percentile(model.latencyDraws(inline), 50)).isCloseTo(3000, within(0.01));
        assertThat(Quantiles.percentile(model.latencyDraws(distributed), 50)).isCloseTo(1000, within(0.01));
        // Standard children cost what inline iterations do: a transition each, plus the Map state's
        assertThat(cost(model, distributed)).isCloseTo(cost(model, inline), within(1e-15));
    }

    @Test
    void expressChildrenArePricedPerRequestAndDuration() {
        Workflow w = Fixtures.with(Fixtures.workflow(AUTO.withOrchestration("standard"), fn("a", 10)),
                Fixtures.constantOverhead(0));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(Map.of("a", profile(10, 1,
                Map.of(1769, List.of(250.0))))), OPTIONS);
        GroupModel g = model.groupModel(Orchestration.STANDARD);
        double inline = g.meanCostUsd(List.of("a"), 1769, 1, new GroupModel.Variant(null, MapForm.INLINE));
        double children = g.meanCostUsd(List.of("a"), 1769, 1, new GroupModel.Variant(null, MapForm.DISTRIBUTED_EXPRESS));
        Prices prices = Prices.LAMBDA_X86_64;
        // inline: 11 transitions; Express children: the Map state's transition, 10 requests and 10 × 3 units of 100 ms
        double childCharge = prices.stateTransitionUsd() + 10 * prices.expressRequestUsd()
                + 10 * 3 * 0.1 * (64 / 1024.0) * prices.expressGbSecondUsd();
        assertThat(inline - children).isCloseTo(11 * prices.stateTransitionUsd() - childCharge, within(1e-15));
    }

    @Test
    void everyStateCostsAHandOffOfAbout150Ms() {
        // four Task states in series with constant work: the request is the work plus four hand-offs
        Workflow w = Fixtures.workflow(AUTO.withOrchestration("standard"), fn("a", 1), fn("b", 1, "a"), fn("c", 1, "b"),
                fn("d", 1, "c"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        for (String f : List.of("a", "b", "c", "d")) {
            fps.put(f, profile(10, 1, Map.of(1769, List.of(20.0))));
        }
        Plan deployed = Plans.asDeployed(w);
        double[] draws = Models.monteCarlo(w, Fixtures.profiles(fps), OPTIONS).latencyDraws(
                new Plan(w.name(), null, deployed.groups().stream().map(g -> PlanGroup.of(g.functions(), 1769, 1, 1))
                        .toList(), null, SolverInfo.manual()));
        double mean = java.util.Arrays.stream(draws).average().orElseThrow();
        double handOff = 150 * Math.exp(0.35 * 0.35 / 2); // a lognormal's mean
        assertThat(mean).isCloseTo(4 * 20 + 4 * handOff, within(4 * handOff * 0.03));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x86_64", "arm64"})
    void anotherArchitectureIsOfferedOnlyWhereItWasMeasuredAndPricedAsItsOwn(String platformArch) {
        Workflow w = Fixtures.workflow(AwsLambdaPlatform.of(platformArch).withOrchestration("standard"), fn("a", 1));
        Architecture other = platformArch.equals("x86_64") ? Architecture.ARM64 : Architecture.X86_64;
        FunctionProfile measured = new FunctionProfile(10, 0, 1, List.of(), Map.of(1769, List.of(100.0)),
                Map.of(other, new FunctionProfile.Samples(List.of(), Map.of(1769, List.of(80.0)))));
        GroupModel both = Models.monteCarlo(w, Fixtures.profiles(Map.of("a", measured)), OPTIONS).groupModel();
        assertThat(both.variants(List.of("a"))).extracting(GroupModel.Variant::architecture)
                .containsExactly(Architecture.ofYaml(platformArch), other);
        GroupModel one = Models.monteCarlo(w, Fixtures.profiles(Map.of("a", profile(10, 1,
                Map.of(1769, List.of(100.0))))), OPTIONS).groupModel();
        assertThat(one.variants(List.of("a"))).extracting(GroupModel.Variant::architecture)
                .containsExactly(Architecture.ofYaml(platformArch));
        // the other architecture's samples and its own GB-s price
        double[] own = both.latencyDraws(List.of("a"), 1769, 1, new GroupModel.Variant(null, null));
        double[] theirs = both.latencyDraws(List.of("a"), 1769, 1, new GroupModel.Variant(other, null));
        assertThat(own[0] - theirs[0]).isCloseTo(20, within(1e-9));
        double gbSecond = other == Architecture.ARM64 ? Prices.LAMBDA_ARM64.gbSecondUsd() : Prices.LAMBDA_X86_64.gbSecondUsd();
        double transition = Prices.LAMBDA_X86_64.stateTransitionUsd();
        assertThat(both.meanCostUsd(List.of("a"), 1769, 1, new GroupModel.Variant(other, null)))
                .isCloseTo(0.080 * (1769 / 1024.0) * gbSecond + Prices.LAMBDA_X86_64.requestUsd() + transition,
                        within(1e-15));
    }

    @Test
    void theWaterfallGoesFromAsDeployedToThePlanOneMoveAtATime() {
        Workflow w = video(AUTO);
        PlanEvaluator model = Models.monteCarlo(w, videoProfile(), OPTIONS);
        Plan planned = ((PlanResult.Planned) Planners.byName("cp-sat").plan(w, model,
                PlanRequest.of(new Objective.Latency(95, 3000)))).plan();
        List<Plans.Step> steps = Plans.waterfall(w, planned, model);
        assertThat(steps).extracting(Plans.Step::move).containsExactly("as deployed", "orchestration", "fusion",
                "bundling", "sizing", "architecture");
        assertThat(steps.get(0).evaluation().predicted().meanCostUsd())
                .isEqualTo(cost(model, Plans.asDeployed(w)));
        assertThat(steps.get(steps.size() - 1).evaluation().predicted().meanCostUsd()).isEqualTo(cost(model, planned));
        assertThat(steps.get(1).plan().orchestration()).isEqualTo(planned.orchestration());
        assertThat(Plans.asDeployedUnderTheOtherOrchestration(w).orchestration()).isEqualTo(Orchestration.EXPRESS);
        assertThat(Plans.asDeployedUnderTheOtherOrchestration(w.withPlatform(AUTO.withOrchestration("express"))))
                .isNull();
        // a pinned orchestration is no move
        Workflow pinned = w.withPlatform(AUTO.withOrchestration("standard"));
        PlanEvaluator pinnedModel = Models.monteCarlo(pinned, videoProfile(), OPTIONS);
        Plan pinnedPlan = ((PlanResult.Planned) Planners.byName("cp-sat").plan(pinned, pinnedModel,
                PlanRequest.of(new Objective.Latency(95, 3000)))).plan();
        List<Plans.Step> pinnedSteps = Plans.waterfall(pinned, pinnedPlan, pinnedModel);
        assertThat(pinnedSteps).extracting(Plans.Step::move).containsExactly("as deployed", "fusion", "bundling",
                "sizing", "architecture");
        assertThat(pinnedSteps.get(pinnedSteps.size() - 1).evaluation().predicted().meanCostUsd())
                .isEqualTo(cost(pinnedModel, pinnedPlan));
    }
}
