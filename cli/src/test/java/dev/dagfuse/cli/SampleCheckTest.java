// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bars of {@code dagfuse check} on the video-analytics sample and its measured profile: an unchanged plan passes;
 * a removed fusion and memory forced down fail, naming the group. Plans are given (re-planning the sample takes a
 * minute here); the re-planning path is tested on a smaller fixture (CheckCommandTest, ChecksTest).
 */
class SampleCheckTest {

    static final String WORKFLOW = "../samples/video-analytics/workflow.yaml";
    static final String PLANS = "src/test/resources/check/samples/";

    @TempDir
    static Path tmp;
    static String baseline;

    @BeforeAll
    static void writeBaseline() {
        baseline = tmp.resolve("video-analytics.baseline.json").toString();
        CliRun run = CliRun.of("check", WORKFLOW, "--plan", PLANS + "video-analytics-plan.json", "--write-baseline",
                baseline, "--samples", "2000");
        assertThat(run.code()).as(run.err()).isZero();
    }

    @Test
    void theUnchangedSamplePasses() {
        CliRun run = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", PLANS + "video-analytics-plan.json");
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("PASS  video-analytics: no change");
    }

    @Test
    void removingTheSamplesFusionFailsNamingTheGroup() {
        CliRun run = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", PLANS
                + "video-analytics-no-fusion.json");
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).startsWith("REGRESSION  video-analytics: cost per 1M requests +")
                .contains("Group extract+classify → extract, classify caused it.");
    }

    @Test
    void forcingTheSamplesMemoryDownFailsNamingTheGroup() {
        CliRun run = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", PLANS
                + "video-analytics-less-memory.json");
        assertThat(run.code()).as(run.out() + run.err()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).contains("Group extract+classify caused it.")
                .contains("* extract+classify: memory 8192 → 2048 MB;");
    }
}
