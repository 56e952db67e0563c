// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LocalPlatformModelTest {

    private static final ModelOptions OPTIONS = new ModelOptions(2000, 42, List.of(50.0, 95.0));
    // the local platform's defaults: hand-off 0.05 ms; each store write or read 0.2 ms + bytes at 200 MB/s

    private static Workflow fanWorkflow(int cores) {
        return Fixtures.workflow(LocalPlatform.of(cores), fn("a", 1), fn("b", 4, "a"), fn("c", 1, "b"));
    }

    private static Profile constantProfiles() {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(1000, 1, Map.of(1769, List.of(10.0))));
        fps.put("b", profile(1000, 1, Map.of(1769, List.of(20.0))));
        fps.put("c", profile(1000, 1, Map.of(1769, List.of(5.0))));
        return Fixtures.profiles(fps);
    }

    @Test
    void oneCoreRunsEveryInvocationOneAfterAnother() {
        Workflow w = fanWorkflow(1);
        PlanEvaluator model = Models.monteCarlo(w, constantProfiles(), OPTIONS);
        Plan plan = Plans.asDeployed(w).groups().stream().map(g -> PlanGroup.of(g.functions(), 1769, g.fanOut(), 1))
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                        gs -> new Plan(w.name(), null, gs, null, SolverInfo.manual())));
        double op = 0.2 + 1000 / 200e6 * 1000; // one store write or read of 1,000 bytes
        double a = 0.05 + 10 + op;
        double b = 0.05 + op + 20 + op;
        double c = 0.05 + 4 * op + 5 + op; // gathers four objects
        double[] draws = model.latencyDraws(plan);
        assertThat(draws[0]).isCloseTo(a + 4 * b + c, within(1e-9));
        assertThat(draws).containsOnly(draws[0]);
        // core-seconds: every invocation holds one core for its duration, the hand-off (0.05 ms) aside
        assertThat(model.evaluate(plan).predicted().meanCostUsd()).isCloseTo((a + 4 * b + c - 6 * 0.05) / 1000,
                within(1e-12));
    }

    @Test
    void locallyASubCoreSizeRunsOnAWholeCoreAsTheExecutorRunsIt() {
        // a Lambda plan's 512 MB group run locally holds one core (the executor's rule), so its work is the 1-core
        // work, not 1769 / 512 times slower; likewise 2,000 MB holds two cores, as 3,538 MB does
        Workflow w = Fixtures.workflow(LocalPlatform.of(2), fn("a", 1), fn("b", 4, "a"));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(1000, 2, Map.of(1769, lognormal(1, 30, 100, 0.3), 3538, lognormal(2, 30, 60, 0.3))));
        fps.put("b", profile(1000, 2, Map.of(1769, lognormal(3, 30, 40, 0.3), 3538, lognormal(4, 30, 25, 0.3))));
        GroupModel groups = Models.monteCarlo(w, Fixtures.profiles(fps), OPTIONS).groupModel();
        assertThat(groups.latencyDraws(List.of("a"), 512, 1)).containsExactly(groups.latencyDraws(List.of("a"), 1769, 1));
        assertThat(groups.latencyDraws(List.of("a"), 2000, 1)).containsExactly(groups.latencyDraws(List.of("a"), 3538, 1));
        assertThat(groups.latencyDraws(List.of("b"), 1024, 4)).containsExactly(groups.latencyDraws(List.of("b"), 1769, 4));
        assertThat(groups.latencyDraws(List.of("a"), 3538, 1)).isNotEqualTo(groups.latencyDraws(List.of("a"), 1769, 1));
    }

    @Test
    void enoughCoresGiveTheLongestPathOfTheGroups() {
        Workflow w = fanWorkflow(8);
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("a", profile(1000, 1, Map.of(1769, lognormal(1, 30, 10, 0.3))));
        fps.put("b", profile(5000, 1, Map.of(1769, lognormal(2, 30, 20, 0.5))));
        fps.put("c", profile(100, 1, Map.of(1769, lognormal(3, 30, 5, 0.2))));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(fps), OPTIONS);
        Plan plan = new Plan(w.name(), null, List.of(PlanGroup.of(List.of("a"), 1769, 1, 1),
                PlanGroup.of(List.of("b"), 1769, 4, 1), PlanGroup.of(List.of("c"), 1769, 1, 1)), null, SolverInfo.manual());
        double[] request = model.latencyDraws(plan);
        GroupModel groups = model.groupModel();
        double[] a = groups.latencyDraws(List.of("a"), 1769, 1);
        double[] b = groups.latencyDraws(List.of("b"), 1769, 1);
        double[] c = groups.latencyDraws(List.of("c"), 1769, 1);
        for (int i = 0; i < request.length; i++) {
            assertThat(request[i]).isCloseTo(a[i] + b[i] + c[i], within(1e-9));
        }
        // two cores: the four branches queue, so the request is slower than the infinite-capacity path
        Workflow two = fanWorkflow(2);
        double[] queued = Models.monteCarlo(two, Fixtures.profiles(fps), OPTIONS).latencyDraws(plan);
        double slower = 0;
        for (int i = 0; i < request.length; i++) {
            assertThat(queued[i]).isGreaterThanOrEqualTo(request[i] - 1e-9);
            slower += queued[i] - request[i];
        }
        assertThat(slower).isPositive();
    }

    @Test
    void localMemoryOptionsAreWholeCoresUpToTheMachine() {
        Workflow w = fanWorkflow(3);
        PlanEvaluator model = Models.monteCarlo(w, constantProfiles(), OPTIONS);
        assertThat(model.groupModel().memoryOptions(List.of("a"))).containsExactly(1769, 3538, 5307);
    }

    @Test
    void measuredStoreCostsInTheProfileReplaceTheDefaults() {
        Profile measured = new Profile("local-jvm", Map.of(LocalPlatform.STORE_LATENCY_KEY, "0.5",
                LocalPlatform.STORE_THROUGHPUT_KEY, "1e8", LocalPlatform.INVOKE_OVERHEAD_KEY, "oops"),
                constantProfiles().functions());
        LocalPlatform p = (LocalPlatform) LocalPlatform.of(1).calibratedBy(measured.machine());
        assertThat(p.storeLatencyMs()).isEqualTo(0.5);
        assertThat(p.storeBytesPerSecond()).isEqualTo(1e8);
        assertThat(p.invokeOverheadMs()).isEqualTo(LocalPlatform.DEFAULT_INVOKE_OVERHEAD_MS);
        Workflow w = fanWorkflow(1);
        double[] draws = Models.monteCarlo(w, measured, OPTIONS).latencyDraws(Plans.asDeployed(w).groups().stream()
                .map(g -> PlanGroup.of(g.functions(), 1769, g.fanOut(), 1))
                .collect(java.util.stream.Collectors.collectingAndThen(java.util.stream.Collectors.toList(),
                        gs -> new Plan(w.name(), null, gs, null, SolverInfo.manual()))));
        double op = 0.5 + 1000 / 1e8 * 1000;
        double expected = (0.05 + 10 + op) + 4 * (0.05 + op + 20 + op) + (0.05 + 4 * op + 5 + op);
        assertThat(draws[0]).isCloseTo(expected, within(1e-9));
    }
}
