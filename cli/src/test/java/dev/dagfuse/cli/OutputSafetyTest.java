// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, outputs: what {@code -o} may replace and how. Each case failed before the fix: a link became a regular
 * file, a FIFO was replaced, every output was 0600, an input was overwritten (exit 0), an unwritable output was found
 * after the work, {@code -o ""} wrote into the parent directory, errors named the temporary file.
 */
class OutputSafetyTest {

    @TempDir
    Path dir;

    private Path workflow;

    /** Counts its calls, so that a test can tell whether a run started. */
    public static final class Counted implements Handler {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public Object handle(Invocation invocation) {
            CALLS.incrementAndGet();
            return "x";
        }

        @Override
        public Object defaultInput(long seed) {
            return "in";
        }
    }

    @BeforeEach
    void copySample() throws IOException {
        workflow = CliRun.copySample("video-analytics", dir);
    }

    private CliRun plan(String output) {
        return CliRun.of("plan", workflow.toString(), "--time-limit", "3s", "-o", output);
    }

    @Test
    void aSymbolicLinkIsWrittenThroughAndStaysALink() throws IOException {
        Path real = Files.writeString(dir.resolve("real.json"), "{}");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), real.getFileName());

        CliRun run = plan(link.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).contains("\"kind\" : \"Plan\"");
    }

    @Test
    void aDanglingLinkCreatesItsTarget() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("sub/target.json"));

        CliRun run = plan(link.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(dir.resolve("sub/target.json"))).contains("\"kind\" : \"Plan\"");
    }

    @Test
    void aFifoOrADirectoryIsRefusedAndLeftAlone() throws IOException {
        Path fifo = dir.resolve("fifo");
        assertThat(ReadOnlyDir.run("mkfifo", fifo.toString())).isTrue();

        CliRun run = plan(fifo.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(fifo + ": The output is not a regular file (a device, FIFO or socket)")
                .contains("- for standard output");
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();

        CliRun intoDir = plan(dir.toString());
        assertThat(intoDir.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(intoDir.err()).contains("The output is a directory");
    }

    @Test
    void anExistingFileKeepsItsModeAndANewOneGetsTheUmasks() throws Exception {
        Path existing = Files.writeString(dir.resolve("plan.json"), "{}");
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-rw-r--"));

        assertThat(plan(existing.toString()).code()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing))).isEqualTo("rw-rw-r--");

        Path fresh = dir.resolve("fresh.json");
        assertThat(plan(fresh.toString()).code()).isZero();
        assertThat(Files.getPosixFilePermissions(fresh)).isEqualTo(umasked());
    }

    /** 0666 less this process's umask, as a tool that creates a file gets it. */
    private static Set<PosixFilePermission> umasked() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "umask").start();
        int umask = Integer.parseInt(new String(p.getInputStream().readAllBytes()).trim(), 8);
        p.waitFor();
        int mode = 0666 & ~umask;
        StringBuilder s = new StringBuilder();
        for (int bit = 8; bit >= 0; bit--) {
            s.append((mode & (1 << bit)) != 0 ? "rwx".charAt((8 - bit) % 3) : '-');
        }
        return PosixFilePermissions.fromString(s.toString());
    }

    @Test
    void anOutputThatIsAnInputIsRefusedAndTheInputKept() throws IOException {
        String before = Files.readString(workflow);

        CliRun self = plan(workflow.toString());
        assertThat(self.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(self.err()).contains("The output is also an input of this command (" + workflow + ")");
        assertThat(Files.readString(workflow)).isEqualTo(before);

        // another spelling of the same file, and the profile read from beside the workflow
        CliRun spelled = plan(dir.resolve("sub/../workflow.yaml").toString());
        assertThat(spelled.code()).isEqualTo(ExitCodes.USAGE);
        String profile = Files.readString(dir.resolve("profile.yaml"));
        assertThat(plan(dir.resolve("profile.yaml").toString()).code()).isEqualTo(ExitCodes.USAGE);
        assertThat(Files.readString(dir.resolve("profile.yaml"))).isEqualTo(profile);
    }

    @Test
    void checkDoesNotOverwriteItsBaselineWithItsReport() throws IOException {
        Path baseline = dir.resolve("b.json");
        CliRun write = CliRun.of("check", workflow.toString(), "--write-baseline", baseline.toString(),
                "--time-limit", "3s");
        assertThat(write.code()).as(write.err()).isZero();
        String committed = Files.readString(baseline);

        CliRun run = CliRun.of("check", workflow.toString(), "--baseline", baseline.toString(), "-o",
                baseline.toString(), "--time-limit", "3s");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("The output is also an input of this command");
        assertThat(Files.readString(baseline)).isEqualTo(committed);
    }

    @Test
    void anUnwritableOutputIsReportedBeforeAnyWork() throws Exception {
        Path wf = Files.writeString(dir.resolve("counted.yaml"), """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: counted
                platform: { name: local, cores: 1 }
                functions:
                  a: { handler: %s }
                """.formatted(Counted.class.getName()));
        try (ReadOnlyDir ro = ReadOnlyDir.in(dir)) {
            Path out = ro.dir.resolve("report.json");
            Counted.CALLS.set(0);
            CliRun run = CliRun.of("run", wf.toString(), "--requests", "3", "--warmup", "0", "-o", out.toString());

            assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
            assertThat(Counted.CALLS.get()).isZero();
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).startsWith(out + ": Cannot write the file: permission denied in " + ro.dir)
                    .doesNotContain(".tmp");

            long t0 = System.nanoTime();
            CliRun plan = CliRun.of("plan", workflow.toString(), "--time-limit", "20s", "-o", out.toString());
            assertThat(plan.code()).isEqualTo(ExitCodes.USAGE);
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds before the error").isLessThan(5);
            assertThat(plan.out()).isEmpty();
        }
    }

    @Test
    void anEmptyOutputNameIsRefusedAndNothingIsWrittenAnywhere() throws IOException {
        Path parent = Path.of("").toAbsolutePath().getParent();
        long before = countTemporaries(parent);

        CliRun run = plan("");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("The output path is empty");
        assertThat(countTemporaries(parent)).isEqualTo(before);
    }

    private static long countTemporaries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    @Test
    void aDashWritesTheFileToStandardOutput() {
        CliRun run = plan("-");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("{").contains("\"kind\" : \"Plan\"").doesNotContain("cost/1M req");
        assertThat(Files.exists(Path.of("-"))).isFalse();
    }
}
