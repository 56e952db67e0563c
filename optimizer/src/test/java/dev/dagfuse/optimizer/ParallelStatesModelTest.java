// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.stats.Quantiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The Parallel states of the exported state machine, as the model draws and prices them: a Parallel's hand-off is one
 * draw shared by its branches' first groups, nested ones add up, its transition is counted once (Standard), the local
 * platform has none, and a DAG that is not series-parallel waits at the state machine's barriers.
 */
class ParallelStatesModelTest {

    private static final ModelOptions OPTIONS = new ModelOptions(4000, 7, List.of(50.0, 95.0));
    private static final AwsLambdaPlatform STANDARD = AwsLambdaPlatform.defaults().withOrchestration("standard");

    /** Profiles without output bytes, so that a function's draws do not depend on where its inputs come from. */
    private static Profile profiles(List<String> names) {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            fps.put(names.get(i), profile(0, 1, Map.of(1024, lognormal(i + 1, 40, 100 + 40 * i, 0.3))));
        }
        return Fixtures.profiles(fps);
    }

    private static Workflow workflow(Platform platform, FunctionSpec... functions) {
        return Workflow.of("w", platform, List.of(functions));
    }

    /** split → {a, b} → join. */
    private static Workflow diamond(Platform platform) {
        return workflow(platform, fn("split", 1), fn("a", 1, "split"), fn("b", 1, "split"), fn("join", 1, "a", "b"));
    }

    /** The same functions one after another: no Parallel state. */
    private static Workflow chain(Platform platform, String... names) {
        List<FunctionSpec> fns = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            fns.add(i == 0 ? fn(names[i], 1) : fn(names[i], 1, names[i - 1]));
        }
        return workflow(platform, fns.toArray(new FunctionSpec[0]));
    }

    private static double[] draws(PlanEvaluator model, String f) {
        return model.groupModel().latencyDraws(List.of(f), 1024, 1);
    }

    private static double cost(PlanEvaluator model, String f) {
        return model.groupModel().meanCostUsd(List.of(f), 1024, 1);
    }

    private static Plan unfused(Workflow w) {
        List<PlanGroup> groups = new ArrayList<>();
        for (String f : w.topologicalOrder()) {
            groups.add(PlanGroup.of(List.of(f), 1024, 1, 1));
        }
        return new Plan(w.name(), null, groups, null, SolverInfo.manual());
    }

    @Test
    void aParallelsHandOffIsOneDrawThatEveryBranchWaitsFor() {
        List<String> names = List.of("split", "a", "b", "join");
        PlanEvaluator parallel = Models.monteCarlo(diamond(STANDARD), profiles(names), OPTIONS);
        PlanEvaluator serial = Models.monteCarlo(chain(STANDARD, "split", "a", "b", "join"), profiles(names), OPTIONS);
        double[] a = draws(parallel, "a");
        double[] b = draws(parallel, "b");
        double[] handOff = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            handOff[i] = a[i] - draws(serial, "a")[i];
            assertThat(b[i] - draws(serial, "b")[i]).isCloseTo(handOff[i], within(1e-9));
        }
        // a state hand-off: lognormal, median 150 ms, σ 0.35
        assertThat(Quantiles.percentile(handOff, 50)).isCloseTo(150, within(5.0));
        assertThat(Quantiles.percentile(handOff, 95)).isCloseTo(150 * Math.exp(1.6449 * 0.35), within(10.0));
        assertThat(draws(parallel, "split")).isEqualTo(draws(serial, "split"));
        assertThat(draws(parallel, "join")).isEqualTo(draws(serial, "join"));
        // the request: split, then the Parallel (its hand-off once, in both branches' draws), then join
        double[] request = parallel.latencyDraws(unfused(diamond(STANDARD)));
        double[] split = draws(parallel, "split");
        double[] join = draws(parallel, "join");
        for (int i = 0; i < request.length; i++) {
            assertThat(request[i]).isEqualTo(split[i] + Math.max(a[i], b[i]) + join[i]);
        }
    }

    @Test
    void nestedParallelsAddUpForTheBranchesThatStartBoth() {
        // split → {x, y} → z → join and split → c → join: x and y start the outer and the inner Parallel
        Workflow nested = workflow(STANDARD, fn("split", 1), fn("x", 1, "split"), fn("y", 1, "split"),
                fn("z", 1, "x", "y"), fn("c", 1, "split"), fn("join", 1, "z", "c"));
        List<String> names = List.of("split", "x", "y", "z", "c", "join");
        PlanEvaluator model = Models.monteCarlo(nested, profiles(names), OPTIONS);
        PlanEvaluator serial = Models.monteCarlo(chain(STANDARD, "split", "x", "y", "z", "c", "join"), profiles(names),
                OPTIONS);
        double[] inner = new double[OPTIONS.samples()];
        for (int i = 0; i < inner.length; i++) {
            double x = draws(model, "x")[i] - draws(serial, "x")[i];
            double y = draws(model, "y")[i] - draws(serial, "y")[i];
            double outer = draws(model, "c")[i] - draws(serial, "c")[i];
            assertThat(y).isCloseTo(x, within(1e-9));
            inner[i] = x - outer;
            assertThat(outer).isPositive();
        }
        assertThat(Quantiles.percentile(inner, 50)).isCloseTo(150, within(5.0));
        assertThat(draws(model, "z")).isEqualTo(draws(serial, "z"));
    }

    @Test
    void aParallelIsOneTransitionPerRequestUnderStandardAndNothingUnderExpress() {
        List<String> names = List.of("split", "a", "b", "join");
        PlanEvaluator parallel = Models.monteCarlo(diamond(STANDARD), profiles(names), OPTIONS);
        PlanEvaluator serial = Models.monteCarlo(chain(STANDARD, "split", "a", "b", "join"), profiles(names), OPTIONS);
        // counted by the group that starts the first branch
        assertThat(cost(parallel, "a") - cost(serial, "a")).isCloseTo(STANDARD.prices().stateTransitionUsd(),
                within(1e-15));
        assertThat(cost(parallel, "b")).isEqualTo(cost(serial, "b"));
        Evaluation e = parallel.evaluate(unfused(diamond(STANDARD)));
        assertThat(e.predicted().meanCostUsd() - serial.evaluate(unfused(chain(STANDARD, "split", "a", "b", "join")))
                .predicted().meanCostUsd()).isCloseTo(STANDARD.prices().stateTransitionUsd(), within(1e-15));

        AwsLambdaPlatform express = AwsLambdaPlatform.defaults().withOrchestration("express");
        PlanEvaluator expressParallel = Models.monteCarlo(diamond(express), profiles(names), OPTIONS);
        PlanEvaluator expressSerial = Models.monteCarlo(chain(express, "split", "a", "b", "join"), profiles(names),
                OPTIONS);
        for (String f : names) {
            assertThat(cost(expressParallel, f)).as(f).isEqualTo(cost(expressSerial, f));
        }
        // its duration charge covers the Parallel's hand-off: the request's own latency
        Plan plan = unfused(diamond(express)).withOrchestration(Orchestration.EXPRESS);
        assertThat(expressParallel.evaluate(plan).orchestrationCostUsd())
                .isEqualTo(expressParallel.groupModel(Orchestration.EXPRESS).requestCostBound(
                        expressParallel.latencyDraws(plan)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void theLocalPlatformRunsNoParallelStates(int cores) {
        List<String> names = List.of("split", "a", "b", "join");
        PlanEvaluator parallel = Models.monteCarlo(diamond(LocalPlatform.of(cores)), profiles(names), OPTIONS);
        PlanEvaluator serial = Models.monteCarlo(chain(LocalPlatform.of(cores), "split", "a", "b", "join"),
                profiles(names), OPTIONS);
        assertThat(parallel.groupModel().runsAsStateMachine()).isFalse();
        assertThat(parallel.evaluate(unfused(diamond(LocalPlatform.of(cores)))).warnings()).isEmpty();
        // (join reads two inputs from the local store here, one there: only the others are comparable)
        for (String f : List.of("split", "a", "b")) {
            assertThat(draws(parallel, f)).as(f).isEqualTo(draws(serial, f));
            assertThat(cost(parallel, f)).as(f).isEqualTo(cost(serial, f));
        }
    }

    /**
     * a → c ← b → d is not series-parallel: the state machine runs {a, b}, then {c, d}, so d waits for a too. The
     * model waits at the same barrier; the planners search over it and agree.
     */
    @Test
    void aDagThatIsNotSeriesParallelWaitsAtTheStateMachinesBarrier() {
        Workflow n = workflow(STANDARD, fn("a", 1), fn("b", 1), fn("c", 1, "a", "b"), fn("d", 1, "b"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(0, 1, Map.of(1024, lognormal(1, 40, 900, 0.3))));
        fps.put("b", profile(0, 1, Map.of(1024, lognormal(2, 40, 100, 0.3))));
        fps.put("c", profile(0, 1, Map.of(1024, lognormal(3, 40, 100, 0.3))));
        fps.put("d", profile(0, 2, Map.of(1024, lognormal(4, 40, 900, 0.3), 3538, lognormal(5, 40, 500, 0.3))));
        PlanEvaluator model = Models.monteCarlo(n, Fixtures.profiles(fps), OPTIONS);
        assertThat(n.seriesParallel().isExact()).isFalse();
        assertThat(model.groupModel().runsAsStateMachine()).isTrue();
        double[] request = model.latencyDraws(unfused(n));
        double[] a = draws(model, "a");
        double[] b = draws(model, "b");
        double[] c = draws(model, "c");
        double[] d = draws(model, "d");
        int waited = 0;
        for (int i = 0; i < request.length; i++) {
            assertThat(request[i]).isEqualTo(Math.max(a[i], b[i]) + Math.max(c[i], d[i]));
            if (request[i] > Math.max(a[i] + c[i], b[i] + Math.max(c[i], d[i]))) {
                waited++;
            }
        }
        assertThat(waited).as("draws where d waited for a").isGreaterThan(request.length / 2);
        // and the evaluation says so, naming the wait the DAG does not have
        assertThat(model.evaluate(unfused(n)).warnings()).containsExactly("The workflow's DAG is not series-parallel, "
                + "so its state machine has barriers the DAG does not: d also waits for a. The predicted numbers "
                + "include these waits (docs/model.md).");

        PlanRequest target = new PlanRequest(new Objective.Latency(95, 2600), false, true, List.of(1024, 1769, 3538),
                java.time.Duration.ofSeconds(30), 1);
        Plan exact = ((PlanResult.Planned) Planners.byName("exhaustive").plan(n, model, target)).plan();
        Plan cpSat = ((PlanResult.Planned) Planners.byName("cp-sat").plan(n, model, target)).plan();
        double exactCost = model.evaluate(exact).predicted().meanCostUsd();
        assertThat(model.evaluate(cpSat).predicted().meanCostUsd()).isBetween(exactCost, exactCost * 1.01);
        assertThat(model.evaluate(exact).predicted().percentileMs(95)).isLessThanOrEqualTo(2600);
        assertThat(model.evaluate(cpSat).predicted().percentileMs(95)).isLessThanOrEqualTo(2600);
    }
}
