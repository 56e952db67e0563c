// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GraphCommandTest {

    static final String VIDEO = ValidateCommandTest.SAMPLES.resolve("video-analytics/workflow.yaml").toString();

    @TempDir
    Path dir;

    @Test
    void dotHasEveryFunctionAndEdge() {
        CliRun run = CliRun.of("graph", VIDEO);
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).startsWith("digraph \"video-analytics\" {")
                .contains("\"extract\" [label=\"extract\\n×30\"]")
                .contains("\"split\" -> \"extract\" [label=\"scatter\"]")
                .contains("\"extract\" -> \"classify\" [label=\"per branch\"]")
                .contains("\"classify\" -> \"merge\" [label=\"gather\"]");
    }

    @Test
    void aPlanDrawsGroupsAsClusters() throws IOException {
        Path plan = dir.resolve("plan.yaml");
        Files.writeString(plan, """
                apiVersion: dagfuse/v1
                kind: Plan
                workflow: video-analytics
                groups:
                  - { functions: [split], memoryMB: 1024, fanOut: 1 }
                  - { functions: [extract, classify], memoryMB: 3538, fanOut: 30, bundleSize: 3 }
                  - { functions: [merge], memoryMB: 512, fanOut: 1 }
                """);
        CliRun run = CliRun.of("graph", VIDEO, "--plan", plan.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("subgraph \"cluster_1\"")
                .contains("label=\"extract+classify\\n3538 MB, 10 invocations × bundle of 3\"");

        CliRun mermaid = CliRun.of("graph", VIDEO, "--plan", plan.toString(), "--format", "mermaid");
        assertThat(mermaid.out()).startsWith("flowchart LR").contains("subgraph g1[\"extract+classify<br/>3538 MB")
                .contains("n_classify -->|gather| n_merge");
    }

    @Test
    void graphvizRendersTheDot() throws Exception {
        assumeTrue(onPath("dot"), "Graphviz (dot) is not installed; .ci/run installs it");
        CliRun run = CliRun.of("graph", VIDEO);
        Process dot = new ProcessBuilder("dot", "-Tsvg").redirectErrorStream(true).start();
        dot.getOutputStream().write(run.out().getBytes(StandardCharsets.UTF_8));
        dot.getOutputStream().close();
        String svg = new String(dot.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(dot.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dot.exitValue()).as(svg).isZero();
        assertThat(svg).contains("<svg").contains(">classify").contains(">merge<");
    }

    @Test
    void writesToAFileAtomically() {
        Path out = dir.resolve("g/graph.dot");
        CliRun run = CliRun.of("graph", VIDEO, "-o", out.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.OK);
        assertThat(out).content().startsWith("digraph");
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}
