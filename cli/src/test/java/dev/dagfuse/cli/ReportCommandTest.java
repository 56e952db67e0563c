// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReportCommandTest {

    @TempDir
    Path tmp;

    @Test
    void writesOneSelfContainedHtmlFile() throws Exception {
        Path html = tmp.resolve("report.html");
        CliRun run = CliRun.of("report", CheckCommandTest.WORKFLOW, "--plan", CheckCommandTest.FUSED, "--points", "0",
                "-o", html.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("wrote " + html + ": report on video, 3 groups\n");
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>")
                .contains("<svg id=\"dag\"", "<svg id=\"cdf\"", "<svg id=\"frontier\"")
                .contains("data-group=\"extract+classify\"")
                .contains("<dt>source</dt><dd>synthetic</dd>")
                .doesNotContain("https://", "http://");
    }

    @Test
    void aPlanFileIsShownWithTheSamplesAndSeedItRecords() throws Exception {
        Path plan = tmp.resolve("plan.json");
        CliRun planned = CliRun.of("plan", CheckCommandTest.WORKFLOW, "--samples", "700", "--seed", "3", "-o", plan.toString());
        assertThat(planned.code()).as(planned.err()).isZero();
        Path html = tmp.resolve("report.html");
        CliRun run = CliRun.of("report", CheckCommandTest.WORKFLOW, "--plan", plan.toString(), "--points", "0",
                "-o", html.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readString(html)).contains("Monte Carlo over 700 requests, seed 3");
    }

    @Test
    void needsAnOutputAndHelpSaysWhatIsNotBuilt() {
        CliRun run = CliRun.of("report", CheckCommandTest.WORKFLOW);
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Missing required option: '--output=FILE'");
        CliRun points = CliRun.of("report", CheckCommandTest.WORKFLOW, "--points", "1", "-o", tmp.resolve("r.html").toString());
        assertThat(points.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(points.err()).contains("The --points (1) must be 0 (no frontier) or within 2..100.");
        CliRun help = CliRun.of("report", "--help");
        assertThat(help.out()).contains("--points=N");
    }
}
