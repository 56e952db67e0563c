package dev.dagfuse.model.platform;

import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
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
                LocalPlatform.of(8));
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
            double cost = p.computeCost(m, p.billedMs(ms), 1);
            assertThat(cost).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(p.computeCost(m, p.billedMs(ms + 10), 1));
            assertThat(p.invocationCost(m, List.of(ms))).isCloseTo(p.computeCost(m, p.billedMs(ms), 1),
                    org.assertj.core.data.Offset.offset(1e-12));
            assertThat(p.storeCost(random.nextInt(5), random.nextInt(5))).isGreaterThanOrEqualTo(0);
            assertThat(p.groupOrchestrationCost(1 + random.nextInt(5), 1 + random.nextInt(30))).isGreaterThanOrEqualTo(0);
        }
        assertThat(p.requestOrchestrationCost(new double[] {100, 2000, 30})).isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void itDescribesItselfAndItsSettings(Platform p) {
        assertThat(p.description()).startsWith(p.name());
        assertThat(p.settings()).containsEntry("name", p.name());
        assertThat(p.assumptions()).isNotEmpty();
        assertThat(p.constants()).isNotBlank();
        assertThat(p.invocationCostFormula()).isNotBlank();
        assertThat(p.orchestrationName()).isNotBlank();
        assertThat(p.limits().timeoutMs()).isPositive();
        assertThat(p.costUnit()).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("platforms")
    void anEmptyMachineMapLeavesADefaultPlatformAsItIs(Platform p) {
        assertThat(p.calibratedBy(Map.of())).isEqualTo(p);
    }
}
