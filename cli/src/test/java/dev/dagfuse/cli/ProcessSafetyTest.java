// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, process: exit codes that only a process of its own shows. Before the fix a handler's System.exit(0) made
 * run exit 0 ("0 ok, 5 not run") and System.exit(3) read as infeasible; Ctrl-C once CP-SAT had started aborted the
 * JVM (std::bad_function_call, exit 134); run's help and docs said Ctrl-C exits 1. Each test failed before.
 */
class ProcessSafetyTest {

    @TempDir
    Path dir;

    /** Calls System.exit with the code its function's name ends with. */
    public static final class Exits implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            String f = invocation.function();
            System.exit(Integer.parseInt(f.substring(f.lastIndexOf('x') + 1)));
            return null;
        }

        @Override
        public Object defaultInput(long seed) {
            return "in";
        }
    }

    /** Sleeps a while: a run to interrupt. */
    public static final class Slow implements Handler {
        @Override
        public Object handle(Invocation invocation) throws InterruptedException {
            Thread.sleep(200);
            return "x";
        }

        @Override
        public Object defaultInput(long seed) {
            return "in";
        }
    }

    private Path workflow(String function, String handler) throws IOException {
        return Files.writeString(dir.resolve("workflow.yaml"), """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: guarded
                platform: { name: local, cores: 1 }
                functions:
                  %s: { handler: %s, profile: { latencyMs: { 1769: [1, 2] } } }
                """.formatted(function, handler));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void aHandlerCannotEndARunWithAnExitCodeOfItsOwn(int code) throws Exception {
        Path wf = workflow("ex" + code, Exits.class.getName());
        try (CliProcess p = CliProcess.start(List.of(), Map.of(), dir, "run", wf.toString(), "--requests", "5",
                "--warmup", "0")) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).as(p.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(p.err()).contains("dagfuse run: a handler called System.exit (in "
                    + Exits.class.getName() + ".handle)").contains("Stopped: exit 1.");
        }
    }

    @Test
    void aHandlerCannotEndAProfileWithExitZero() throws Exception {
        Path wf = workflow("ex0", Exits.class.getName());
        try (CliProcess p = CliProcess.start(List.of(), Map.of(), dir, "profile", wf.toString(), "-n", "1",
                "--warmup", "0", "--cold-starts", "1", "--progress", "none")) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).as(p.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(p.err()).contains("dagfuse profile: a handler called System.exit");
        }
        assertThat(dir.resolve("profile.yaml")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"plan", "pareto"})
    void ctrlCWhileCpSatSolvesExits130WithoutAborting(String command) throws Exception {
        CliRun gen = CliRun.of("generate", "--functions", "40", "--seed", "3", "-o", dir.toString());
        assertThat(gen.code()).as(gen.err()).isZero();
        try (CliProcess p = CliProcess.start(List.of("-Ddagfuse.trace=true"), Map.of(), dir, command,
                dir.resolve("workflow.yaml").toString(), "--time-limit", "60s", "--percentile", "95", "--target", "10s")) {
            p.awaitErr(line -> line.contains("] round "), Duration.ofSeconds(60));
            Thread.sleep(200);
            p.signal("INT");
            int code = p.waitFor(Duration.ofSeconds(30));
            assertThat(p.err()).doesNotContain("bad_function_call");
            assertThat(code).isEqualTo(130);
        }
    }

    @Test
    void ctrlCStopsARunWithItsPartialReportAndExit130AsItsHelpSays() throws Exception {
        Path wf = workflow("a", Slow.class.getName());
        try (CliProcess p = CliProcess.start(List.of(), Map.of(), dir, "run", wf.toString(), "--requests", "200",
                "--warmup", "0")) {
            Thread.sleep(3_000);
            p.signal("INT");
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(130);
            assertThat(p.out()).contains("requests:").contains("not run");
            assertThat(p.err()).contains("dagfuse run: stopped; the report is partial.");
        }
        assertThat(CliRun.of("run", "--help").out()).contains("130 stopped by Ctrl-C");
        assertThat(Files.readString(Path.of("../docs/executor.md")).replaceAll("\\s+", " "))
                .contains("Exit codes: 0 when every request succeeded; 1 when a request failed (or a handler called "
                        + "`System.exit`); 2 for bad usage or input").contains("130 when stopped by Ctrl-C");
    }
}
