// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: nothing dagfuse makes outlives it. Before the fix a run that ended in an error left its run directory,
 * and Ctrl-C while profile measured the local store left copies of every output (tens of MB) in the temporary
 * directory; both tests failed.
 */
class CleanupTest {

    @TempDir
    Path dir;

    /** An entry function whose default input cannot be made: the run ends in an error after it has started. */
    public static final class NoInput implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return "x";
        }

        @Override
        public Object defaultInput(long seed) {
            throw new IllegalStateException("no input today");
        }
    }

    /** Returns 40 MB: the store probe then takes long enough to be interrupted. */
    public static final class Big implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return new byte[40_000_000];
        }

        @Override
        public Object defaultInput(long seed) {
            return "in";
        }
    }

    private Path workflow(String handler, int fanOut) throws IOException {
        return Files.writeString(dir.resolve("workflow.yaml"), """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: cleanup
                platform: { name: local, cores: 1 }
                functions:
                  a: { handler: %s, fanOut: %d }
                """.formatted(handler, fanOut));
    }

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.toList();
        }
    }

    @Test
    void aRunThatEndsInAnErrorLeavesNoRunDirectory() throws IOException {
        Path wf = workflow(NoInput.class.getName(), 1);
        Path work = dir.resolve("work");

        CliRun run = CliRun.of("run", wf.toString(), "--requests", "2", "--warmup", "0", "--work-dir", work.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("failed to make its default input: IllegalStateException: no input today");
        assertThat(list(work)).isEmpty();
    }

    @Test
    void ctrlCWhileProfilingLeavesNothingInTheTemporaryDirectory() throws Exception {
        Path wf = workflow(Big.class.getName(), 2);
        Path temp = Files.createDirectories(dir.resolve("temp"));
        try (CliProcess p = CliProcess.start(List.of("-Djava.io.tmpdir=" + temp), Map.of(), dir, "profile", wf.toString(),
                "-n", "1", "--warmup", "0", "--cold-starts", "1", "--threads", "1", "--progress", "plain",
                "-o", dir.resolve("profile.yaml").toString())) {
            p.awaitErr(line -> line.contains("local store"), Duration.ofSeconds(120));
            // the probe is writing the outputs' copies now
            Thread.sleep(300);
            p.signal("INT");
            assertThat(p.waitFor(Duration.ofSeconds(60))).isEqualTo(130);
        }
        assertThat(list(temp)).isEmpty();
    }
}
