// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13: partial reads ({@code reads:}), choices ({@code when:}), service tasks and Wait states, black-box through
 * the CLI.
 */
class ReadsAndChoicesCommandTest {

    @TempDir
    Path dir;

    /** The video sample whose merge reads a window of 10 of the 30 classifications. */
    private Path videoWithReads() throws Exception {
        Path wf = CliRun.copySample("video-analytics", dir);
        String text = Files.readString(wf).replace("""
                  merge:
                    handler: dev.dagfuse.samples.video.Merge
                    after: [classify]
                """, """
                  merge:
                    handler: dev.dagfuse.samples.video.Merge
                    after: [classify]
                    reads:
                      classify: { items: window, size: 10, stride: 0 }
                """);
        assertThat(text).contains("reads:");
        Files.writeString(wf, text);
        return wf;
    }

    /** The video sample with an alert after merge on 10 % of requests (profiled inline). */
    private Path videoWithChoice() throws Exception {
        Path wf = CliRun.copySample("video-analytics", dir);
        Files.writeString(wf, Files.readString(wf) + """
                  alert:
                    handler: dev.dagfuse.samples.video.Merge
                    after: [merge]
                    when: { choice: suspicious, probability: 0.1 }
                    profile:
                      latencyMs: { 1769: [400, 420, 450] }
                """);
        return wf;
    }

    @Test
    void aWorkflowWithPartialReadsIsPlannedAndRunsWithEachBranchsInputs() throws Exception {
        Path wf = videoWithReads();
        CliRun plan = CliRun.of("plan", wf.toString(), "--samples", "2000", "-o", dir.resolve("plan.json").toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        CliRun graph = CliRun.of("graph", wf.toString());
        assertThat(graph.code()).as(graph.err()).isZero();
        assertThat(graph.out()).contains("partial");
        CliRun run = CliRun.of("run", wf.toString(), "--plan", dir.resolve("plan.json").toString(), "--requests", "2",
                "--warmup", "0", "--work-dir", dir.resolve("work").toString());
        assertThat(run.code()).as(run.err()).isZero();
    }

    @Test
    void aChoiceIsPlannedWithItsProbabilityButNotYetRunOrExported() throws Exception {
        Path wf = videoWithChoice();
        Path planFile = dir.resolve("plan.json");
        CliRun plan = CliRun.of("plan", wf.toString(), "--samples", "2000", "-o", planFile.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        CliRun eval = CliRun.of("evaluate", wf.toString(), "--plan", planFile.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("alert");

        CliRun run = CliRun.of("run", wf.toString(), "--plan", planFile.toString(), "--requests", "1", "--warmup", "0");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("functions.alert.when").contains("not built").doesNotContain("\tat ");

        CliRun export = CliRun.of("export", wf.toString(), "--plan", planFile.toString(), "--format", "asl");
        assertThat(export.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(export.err()).contains("functions.alert.when").contains("export (or deploy) does not take yet (not built").doesNotContain("\tat ");
    }

    @Test
    void serviceTasksAndWaitsArePlannedButNotYetRunOrExported() throws Exception {
        Path wf = CliRun.copySample("video-analytics", dir);
        Files.writeString(wf, Files.readString(wf) + """
                  store:
                    after: [merge]
                    service: { latency: { median: 12ms, sigma: 0.4 }, priceUsd: 0.00000125 }
                  cool-down:
                    after: [store]
                    wait: 200ms
                """);
        Path planFile = dir.resolve("plan.json");
        CliRun plan = CliRun.of("plan", wf.toString(), "--samples", "2000", "-o", planFile.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        CliRun eval = CliRun.of("evaluate", wf.toString(), "--plan", planFile.toString());
        assertThat(eval.code()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("store").contains("cool-down");

        CliRun run = CliRun.of("run", wf.toString(), "--plan", planFile.toString(), "--requests", "1", "--warmup", "0");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("functions.store.service").contains("not built").doesNotContain("\tat ");
        CliRun export = CliRun.of("export", wf.toString(), "--plan", planFile.toString(), "--format", "asl");
        assertThat(export.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(export.err()).contains("functions.store.service").doesNotContain("\tat ");
    }
}
