// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dagfuse plan-cluster}, black-box: good input, bad input, and a workflow that cannot meet its target. */
class PlanClusterCommandTest {

    static final String CHATBOT = "../samples/chatbot/cluster.yaml";
    static final String ML = "../samples/ml-pipeline/cluster.yaml";
    static final String VIDEO = "../samples/video-analytics/cluster.yaml";

    @Test
    void twoSamplesShareTheClusterAndMeetTheirTargets() {
        CliRun run = CliRun.of("plan-cluster", CHATBOT, ML, "--rates", "1/s,60/min", "--samples", "2000");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Cluster plan on cluster (8 cores, 16384 MB, containers of 1/2 cores): 2 "
                + "workflows").contains("chatbot", "ml-pipeline", "M/G/c, simulated", "P95 ≤ 5.00s").contains("Every workflow meets its target");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void jsonCarriesEveryPoolAndItsQueue() throws Exception {
        CliRun run = CliRun.of("plan-cluster", CHATBOT, ML, "--rates", "1/s,1/s", "--samples", "2000", "--format", "json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("capacityCores").asInt()).isEqualTo(8);
        assertThat(root.get("workflows")).hasSize(2);
        JsonNode pool = root.get("workflows").get(0).get("pools").get(0);
        assertThat(pool.get("containers").asInt()).isPositive();
        assertThat(pool.get("alone").get("utilisation").asDouble()).isBetween(0.0, 1.0);
        assertThat(root.get("allMeet").asBoolean()).isTrue();
    }

    @Test
    void overloadReportsWhoMissesAndByHowMuch() {
        // the two samples at 5.5 and 4 requests/s ask for 11 of 8 cores: both are deflated and miss
        CliRun run = CliRun.of("plan-cluster", CHATBOT, ML, "--rates", "5.5/s,4/s", "--samples", "2000");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("pools need 11 of 8 cores", "Missed targets:")
                .containsPattern("chatbot misses P95 ≤ 5.00s by [0-9.]+m?s \\([0-9.]+s predicted")
                .contains("ml-pipeline misses P95 ≤ 5.00s without bound", "pca (ρ 1.34", "train (ρ 1.05");
    }

    @Test
    void aWorkflowThatCannotMeetItsTargetAloneExitsThree() {
        CliRun run = CliRun.of("plan-cluster", CHATBOT, VIDEO, "--rates", "1/s,1/s", "--samples", "2000");
        assertThat(run.code()).isEqualTo(ExitCodes.INFEASIBLE);
        assertThat(run.err()).contains("video-analytics cannot meet its target even with the cluster to itself");
    }

    @Test
    void badInputExitsTwoWithOneClearLine() {
        CliRun count = CliRun.of("plan-cluster", CHATBOT, ML, "--rates", "1/s");
        assertThat(count.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(count.err()).contains("The --rates give 1 rate(s) for 2 workflow(s)").doesNotContain("Exception");

        CliRun rate = CliRun.of("plan-cluster", CHATBOT, "--rates", "fast");
        assertThat(rate.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(rate.err()).contains("--rates (fast)").doesNotContain("Exception");

        CliRun zero = CliRun.of("plan-cluster", CHATBOT, "--rates", "0/s");
        assertThat(zero.code()).isEqualTo(ExitCodes.USAGE);

        CliRun lambda = CliRun.of("plan-cluster", CHATBOT, "../samples/ml-pipeline/workflow.yaml", "--rates", "1/s,1/s");
        assertThat(lambda.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(lambda.err()).contains("share one cluster");

        CliRun notCluster = CliRun.of("plan-cluster", "../samples/ml-pipeline/workflow.yaml", "--rates", "1/s");
        assertThat(notCluster.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notCluster.err()).contains("platform: {name: cluster");

        CliRun weights = CliRun.of("plan-cluster", CHATBOT, ML, "--rates", "1/s,1/s", "--weights", "1,2,3");
        assertThat(weights.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(weights.err()).contains("--weights give 3 weight(s)");

        CliRun format = CliRun.of("plan-cluster", CHATBOT, "--rates", "1/s", "--format", "yaml");
        assertThat(format.code()).isEqualTo(ExitCodes.USAGE);

        CliRun missing = CliRun.of("plan-cluster", CHATBOT);
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("--rates");
    }
}
