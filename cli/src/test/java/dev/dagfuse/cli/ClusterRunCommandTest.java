// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static dev.dagfuse.cli.PlanClusterCommandTest.CHATBOT;
import static dev.dagfuse.cli.PlanClusterCommandTest.ML;
import static dev.dagfuse.cli.PlanClusterCommandTest.VIDEO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code dagfuse run A.yaml B.yaml --rates …}, black-box: a short real run of two samples, and bad input. */
class ClusterRunCommandTest {

    @Test
    void twoSamplesRunTogetherWithinTheirPools() throws Exception {
        CliRun run = CliRun.of("run", CHATBOT, ML, "--rates", "2/s,2/s", "--requests", "4", "--warmup", "0",
                "--calibration", "1", "--format", "json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("workflows")).hasSize(2);
        for (JsonNode w : root.get("workflows")) {
            assertThat(w.get("succeeded").asInt()).isEqualTo(4);
            assertThat(w.get("measuredP95Ms").asDouble()).isPositive();
            assertThat(w.get("clusterP95Ms").asDouble()).isPositive();
            for (JsonNode pool : w.get("pools")) {
                assertThat(pool.get("maxInFlight").asInt()).isBetween(1, pool.get("containers").asInt());
                assertThat(pool.get("invocations").asInt()).isEqualTo(4);
                // calibrated before the clock: a speed beside other threads in (0, 1], its time alone measured
                assertThat(pool.get("sharedSpeed").asDouble()).isGreaterThan(0).isLessThanOrEqualTo(1);
                assertThat(pool.get("calibrationAloneMs").asDouble()).isPositive();
            }
        }
        // the pools' containers hold more cores than this machine has (when it has fewer than 6): their service
        // stretches, and the steady state here is above plan-cluster's (or unbounded)
        int containerCores = 0;
        for (JsonNode w : root.get("workflows")) {
            for (JsonNode pool : w.get("pools")) {
                containerCores += pool.get("containers").asInt();
            }
        }
        assertThat(root.get("machineCores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        for (JsonNode w : root.get("workflows")) {
            for (JsonNode pool : w.get("pools")) {
                JsonNode stretch = pool.get("steadyCoreStretch");
                if (containerCores <= root.get("machineCores").asInt()) {
                    assertThat(stretch.asDouble()).isEqualTo(1.0);
                    assertThat(pool.get("coreStretch").asDouble()).isCloseTo(1.0, within(1e-9));
                } else {
                    assertThat(stretch.isNull() || stretch.asDouble() > 1).as("stretch %s", stretch).isTrue();
                    // four requests may never overlap enough to share the cores
                    assertThat(pool.get("coreStretch").asDouble()).isGreaterThan(1 - 1e-9);
                }
            }
            if (containerCores > root.get("machineCores").asInt() && !w.get("steadyP95Ms").isNull()) {
                assertThat(w.get("steadyP95Ms").asDouble()).isGreaterThan(w.get("clusterP95Ms").asDouble());
            }
        }
    }

    @Test
    void aRunOfOneRequestIsPredictedWithoutWaitsWhereTheSteadyStateHasThem() throws Exception {
        // one request per workflow finds every pool empty (one invocation per group in these plans): this run's
        // prediction has no wait, while the steady state at the same rates does
        CliRun run = CliRun.of("run", CHATBOT, ML, "--rates", "3/s,2/s", "--requests", "1", "--warmup", "0",
                "--calibration", "1", "--format", "json");
        assertThat(run.code()).as(run.err()).isZero();
        for (JsonNode w : new ObjectMapper().readTree(run.out()).get("workflows")) {
            assertThat(w.get("predictedMeanWaitMs").asDouble()).isZero();
            if (!w.get("steadyMeanWaitMs").isNull()) { // null: a pool saturates on this machine's cores
                assertThat(w.get("steadyMeanWaitMs").asDouble()).isPositive();
                assertThat(w.get("predictedP95Ms").asDouble()).isLessThan(w.get("steadyP95Ms").asDouble());
            }
            for (JsonNode pool : w.get("pools")) {
                assertThat(pool.get("predictedMeanWaitMs").asDouble()).isZero();
                assertThat(pool.get("calibratedMeanWaitMs").asDouble()).isZero();
            }
        }
    }

    @Test
    void theTableNamesWhatWasPredictedAndMeasured() {
        CliRun run = CliRun.of("run", CHATBOT, "--rates", "4/s", "--requests", "3", "--warmup", "0",
                "--calibration", "0");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Cluster run on this machine").contains("P95 cluster", "P95 steady", "P95 pred", "P95 meas",
                "wait calib", "stretch", "speed beside", "chatbot");
        assertThat(run.err()).contains("No sharing calibration (--calibration 0)");
    }

    @Test
    void badInputExitsTwo() {
        CliRun count = CliRun.of("run", CHATBOT, ML, "--rates", "1/s");
        assertThat(count.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(count.err()).contains("1 rate(s) for 2 workflow(s)");

        CliRun noRates = CliRun.of("run", CHATBOT, ML);
        assertThat(noRates.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noRates.err()).contains("need --rates");

        CliRun single = CliRun.of("run", CHATBOT, ML, "--rates", "1/s,1/s", "--cores", "2");
        assertThat(single.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(single.err()).contains("--cores apply only to a run of one workflow");

        CliRun requests = CliRun.of("run", CHATBOT, "--rates", "1/s", "--requests", "0");
        assertThat(requests.code()).isEqualTo(ExitCodes.USAGE);

        CliRun calibration = CliRun.of("run", CHATBOT, "--rates", "1/s", "--calibration", "-1");
        assertThat(calibration.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(calibration.err()).contains("The --calibration (-1 s) must be within 0..600 seconds. Maybe 30.");

        CliRun calibrationAlone = CliRun.of("run", CHATBOT, "--calibration", "3");
        assertThat(calibrationAlone.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(calibrationAlone.err()).contains("--calibration applies only to a cluster run");
    }

    @Test
    void aWorkflowThatCannotMeetItsTargetAloneIsNotRunAndExitsThree() {
        CliRun run = CliRun.of("run", CHATBOT, VIDEO, "--rates", "1/s,1/s", "--requests", "2");
        assertThat(run.code()).isEqualTo(ExitCodes.INFEASIBLE);
        assertThat(run.err()).contains("video-analytics cannot meet its target even with the cluster to itself");
    }
}
