// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.platform;

import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.scaling.ScalingModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** What every platform implementation promises the model, the executor and the reports (run by each of them). */
class PlatformContractTest {

    static List<Platform> platforms() {
        return List.of(AwsLambdaPlatform.defaults(), AwsLambdaPlatform.of("arm64"),
                AwsLambdaPlatform.defaults().withOrchestration("express"), LocalPlatform.of(1), LocalPlatform.of(2),
                LocalPlatform.of(8), ClusterPlatform.of(8, 16_384), ClusterPlatform.of(2, 3_000),
                new ClusterPlatform(64, 65_536, List.of(1, 3, 16), 0.1));
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void theMemoryGridIsAscendingAndWithinTheRange(Platform p) {
        List<Integer> grid = p.memoryGridMB();
        assertThat(grid).isNotEmpty().isSorted().doesNotHaveDuplicates();
        assertThat(grid).allSatisfy(m -> assertThat(m).isBetween(p.memoryMinMB(), p.memoryMaxMB()));
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void moreMemoryNeverGivesLessCpu(Platform p) {
        int previousCores = 0;
        int previousWork = 0;
        for (int m = p.memoryMinMB(); m <= p.memoryMaxMB(); m += 61) {
            assertThat(p.coresHeld(m)).isGreaterThanOrEqualTo(Math.max(1, previousCores));
            assertThat(p.workSizeMB(m)).isGreaterThanOrEqualTo(previousWork).isPositive();
            if (p.sharedCores() > 0) {
                assertThat(p.coresHeld(m)).isLessThanOrEqualTo(p.sharedCores());
            }
            previousCores = p.coresHeld(m);
            previousWork = p.workSizeMB(m);
        }
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void theSizeForSomeVcpusGivesThem(Platform p) {
        for (int v = 1; v <= ScalingModel.MAX_VCPUS; v++) {
            long m = p.memoryForVcpus(v);
            if (m <= p.memoryMaxMB()) {
                assertThat(ScalingModel.vcpus(p.workSizeMB((int) m))).as("%d vCPUs at %d MB", v, m)
                        .isGreaterThanOrEqualTo(Math.min(v, p.sharedCores() > 0 ? p.sharedCores() : v) - 1e-9);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void billingNeverShortensAndCostsGrowWithDuration(Platform p) {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            double ms = random.nextDouble() * 5000;
            int m = p.memoryGridMB().get(random.nextInt(p.memoryGridMB().size()));
            assertThat(p.billedMs(ms)).isGreaterThanOrEqualTo(ms);
            for (Architecture a : architecturesOf(p)) {
                double cost = p.computeCost(a, m, p.billedMs(ms), 1);
                assertThat(cost).isGreaterThanOrEqualTo(0)
                        .isLessThanOrEqualTo(p.computeCost(a, m, p.billedMs(ms + 10), 1));
                assertThat(p.invocationCost(a, m, List.of(ms))).isCloseTo(p.computeCost(a, m, p.billedMs(ms), 1),
                        org.assertj.core.data.Offset.offset(1e-12));
            }
            assertThat(p.storeCost(random.nextInt(5), random.nextInt(5))).isGreaterThanOrEqualTo(0);
            for (Orchestration o : orchestrationsOf(p)) {
                for (MapForm map : mapFormsOf(p, o)) {
                    int invocations = 1 + random.nextInt(5);
                    double cost = p.groupOrchestrationCost(o, map, invocations, 30, 3 * invocations);
                    assertThat(cost).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(
                            p.groupOrchestrationCost(o, map, invocations + 1, 30, 3 * invocations + 3));
                }
                assertThat(p.requestOrchestrationCost(o, new double[] {100, 2000, 30})).isGreaterThanOrEqualTo(0)
                        .isLessThanOrEqualTo(p.requestOrchestrationCost(o, new double[] {200, 2500, 30}));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void everyOrchestrationAndMapFormHasAHowAndTheDefaultsComeFirst(Platform p) {
        for (Orchestration o : orchestrationsOf(p)) {
            for (MapForm map : mapFormsOf(p, o)) {
                Platform.GroupOrchestration how = p.groupOrchestration(o, map);
                assertThat(how.concurrency()).isPositive();
                assertThat(how.childDurationUnitMs()).isGreaterThanOrEqualTo(0);
                assertThat(p.orchestrationName(o)).isNotBlank();
            }
            assertThat(p.groupOrchestration(o, null).concurrency()).isPositive();
        }
        if (!p.orchestrations().isEmpty()) {
            assertThat(p.mapForms(p.orchestrations().get(0))).isNotEmpty().startsWith(MapForm.INLINE);
        }
        assertThat(p.limits().limitQuantile()).isBetween(50.0, 100.0);
    }

    /** A Parallel state is one more state: entered like a Task, costing a Task's transition; none without states. */
    @ParameterizedTest
    @MethodSource("platforms")
    void aParallelStateIsEnteredAndPricedLikeOneState(Platform p) {
        for (Orchestration o : orchestrationsOf(p)) {
            Platform.ParallelStates parallel = p.parallelStates(o);
            if (p.orchestrations().isEmpty()) {
                assertThat(parallel).isNull();
                continue;
            }
            assertThat(parallel.entry()).isEqualTo(p.groupOrchestration(o, null).entry());
            assertThat(parallel.costPerRequest()).isEqualTo(p.groupOrchestrationCost(o, null, 1, 1, 0))
                    .isGreaterThanOrEqualTo(0);
        }
    }

    private static List<Architecture> architecturesOf(Platform p) {
        return p.architectures().isEmpty() ? java.util.Collections.singletonList(null) : p.architectures();
    }

    private static List<Orchestration> orchestrationsOf(Platform p) {
        return p.orchestrations().isEmpty() ? java.util.Collections.singletonList(null) : p.orchestrations();
    }

    private static List<MapForm> mapFormsOf(Platform p, Orchestration o) {
        List<MapForm> forms = new java.util.ArrayList<>(p.mapForms(o));
        forms.add(null);
        return forms;
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void itDescribesItselfAndItsSettings(Platform p) {
        assertThat(p.description()).startsWith(p.name());
        assertThat(p.settings()).containsEntry("name", p.name());
        assertThat(p.assumptions()).isNotEmpty();
        assertThat(p.constants()).isNotBlank();
        assertThat(p.invocationCostFormula()).isNotBlank();
        assertThat(p.limits().timeoutMs()).isPositive();
        assertThat(p.costUnit()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void anEmptyMachineMapLeavesADefaultPlatformAsItIs(Platform p) {
        assertThat(p.calibratedBy(Map.of())).isEqualTo(p);
    }
}
