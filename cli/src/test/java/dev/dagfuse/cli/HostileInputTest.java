// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, messages and validation: what a careless or hostile input gets. Each test failed before the fix (the
 * first line of each says what happened then).
 */
class HostileInputTest {

    @TempDir
    Path dir;

    private Path workflow;

    @BeforeEach
    void copySample() throws IOException {
        workflow = CliRun.copySample("video-analytics", dir);
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A workflow in a directory of its own: no profile.yaml beside it. */
    private Path alone(String name, String text) throws IOException {
        return Files.writeString(Files.createDirectories(dir.resolve(name.replace(".yaml", ""))).resolve(name), text);
    }

    private static String tiny(String extra) {
        return "apiVersion: dagfuse/v1\nkind: Workflow\nname: tiny\nfunctions:\n  a: {}\n" + extra;
    }

    @Test
    void aProfileOverThreeMillionCodePointsIsRead() throws IOException {
        // before: "The incoming YAML document exceeds the limit: 3145728 code points" (profile import writes such files)
        StringBuilder yaml = new StringBuilder("apiVersion: dagfuse/v1\nkind: Profile\nsource: trace-import\nfunctions:\n"
                + "  split:\n    latencyMs:\n      \"1769\":\n");
        for (int i = 0; i < 400_000; i++) {
            yaml.append("      - ").append(100 + i % 50).append(".5\n");
        }
        Path profile = file("big-profile.yaml", yaml.toString());
        assertThat(Files.size(profile)).isGreaterThan(3_145_728);

        CliRun run = CliRun.of("validate", profile.toString(), "--workflow", workflow.toString());

        assertThat(run.code()).as(run.err()).isZero();
    }

    @Test
    void aMegabyteWithoutASpaceIsRefusedBeforeParsing() throws IOException {
        // before: accepted after seconds and gigabytes of parsing (larger ones took minutes to reject)
        Path wf = file("long.yaml", "apiVersion: dagfuse/v1\nkind: Workflow\nname: x\ndescription: " + "a".repeat(1_000_000)
                + "\nfunctions:\n  a: {}\n");

        long t0 = System.nanoTime();
        CliRun run = CliRun.of("validate", wf.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(wf + ": Line 4 holds more than 65536 characters without a space");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(2);
    }

    @Test
    void anEndlessDeviceIsRefusedWithoutRunningOutOfMemory() {
        // before: OutOfMemoryError
        CliRun run = CliRun.of("validate", "/dev/zero");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("/dev/zero: The file is larger than 64 MiB, more than dagfuse reads.");
    }

    @Test
    void aSecondYamlDocumentIsRefused() throws IOException {
        // before: silently ignored
        Path wf = file("two.yaml", tiny("---\napiVersion: dagfuse/v1\nkind: Profile\n"));

        CliRun run = CliRun.of("validate", wf.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(wf + ": The file holds a second document (line 7); dagfuse reads one per file.");
    }

    @Test
    void anAliasIsRefusedClearly() throws IOException {
        // before: "functions.b.memoryMB: The value (m) is not a whole number."
        Path wf = file("alias.yaml", "apiVersion: dagfuse/v1\nkind: Workflow\nname: x\nfunctions:\n  a:\n"
                + "    memoryMB: &m 1024\n  b:\n    after: [a]\n    memoryMB: *m\n");

        CliRun run = CliRun.of("validate", wf.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(wf + ": functions.b.memoryMB: The value is the YAML alias *m (line 9); dagfuse "
                + "does not resolve anchors and aliases. Write the value out.");
    }

    @Test
    void aBinaryFileIsNamedAsSuch() throws IOException {
        // before: "Cannot read the file: Input length = 1"
        Path bin = Files.write(dir.resolve("bin.yaml"), new byte[] {'a', 'b', (byte) 0xFF, (byte) 0xFE, 0, 1});

        CliRun run = CliRun.of("validate", bin.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(bin + ": The file is not UTF-8 text: the byte 0xFF at offset 2 is not part of a "
                + "character. Maybe a binary file");
    }

    @Test
    void permissionDeniedSaysSo() throws IOException {
        // before: "Cannot read the file: /path" (the exception's message is the path)
        Path unreadable = unreadable();

        CliRun run = CliRun.of("validate", unreadable.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(unreadable + ": Cannot read the file: permission denied.");
    }

    /** A file this process may not read: mode 000, or for root (who reads anything) a write-only sysfs file. */
    private Path unreadable() throws IOException {
        Path f = file("secret.yaml", tiny(""));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        try {
            Files.readAllBytes(f);
        } catch (AccessDeniedException e) {
            return f;
        }
        try (Stream<Path> files = Files.find(Path.of("/sys/class"), 3, (p, a) -> a.isRegularFile() && !ownerReads(p))) {
            Optional<Path> writeOnly = files.filter(p -> {
                try {
                    Files.readAllBytes(p);
                    return false;
                } catch (AccessDeniedException e) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }).findFirst();
            Assumptions.assumeTrue(writeOnly.isPresent(), "no file here that this user may not read");
            return writeOnly.get();
        }
    }

    private static boolean ownerReads(Path p) {
        try {
            return Files.getPosixFilePermissions(p).contains(PosixFilePermission.OWNER_READ);
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void aTabInTheIndentationNamesItsLine() throws IOException {
        // before: "(line 5, column 4)": the line before the tab
        Path wf = file("tab.yaml", "apiVersion: dagfuse/v1\nkind: Workflow\nname: x\nfunctions:\n  a:\n\tfanOut: 2\n");

        CliRun run = CliRun.of("validate", wf.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("a tab indents line 6; YAML indents with spaces only. (line 6, column 1)");
    }

    @Test
    void aPipeIsReadOnce() throws Exception {
        // before: "/dev/fd/63: The file is empty." (validate read it twice)
        Process p = new ProcessBuilder("bash", "-c", "exec \"$0\" -cp \"$1\" " + Main.class.getName()
                + " validate <(cat \"$2\")", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                System.getProperty("java.class.path"), workflow.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());

        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains(": workflow video-analytics, 4 functions");
    }

    @Test
    void controlCharactersInNamesAreRefused() throws IOException {
        // before: the escape reached terminals, CI logs and JUnit XML (which it made invalid)
        Path wf = file("ctrl.yaml", Files.readString(workflow).replace("name: video-analytics",
                "name: \"video\\e[31m\\0analytics\""));

        CliRun run = CliRun.of("validate", wf.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(wf + ": name: The workflow name (video\\u001B[31m\\u0000analytics) holds a control "
                + "character (U+001B at position 6)");
    }

    @Test
    void aFunctionNameLongerThanLambdaAllowsIsRefused() throws IOException {
        // before: validated, then every request of a run failed (the store's file names are too long)
        String name = "f" + "x".repeat(299);
        Path wf = file("long-name.yaml", "apiVersion: dagfuse/v1\nkind: Workflow\nname: x\nfunctions:\n  " + name + ": {}\n");

        CliRun run = CliRun.of("validate", wf.toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("has 300 characters; at most 64 (a Lambda function name's limit");
    }

    @Test
    void handlerErrorsNameTheWorkflowFile() throws IOException {
        // before: "functions.a.handler: …" without the file
        Path wf = alone("no-class.yaml", "apiVersion: dagfuse/v1\nkind: Workflow\nname: x\nplatform: { name: local, "
                + "cores: 1 }\nfunctions:\n  a: { handler: no.such.Handler }\n");

        CliRun run = CliRun.of("run", wf.toString(), "--requests", "1", "--warmup", "0");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith(wf + ": functions.a.handler: The handler class (no.such.Handler) of function (a) "
                + "is not on the class path");
    }

    /** Always fails. */
    public static final class Broken implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            throw new IllegalStateException("broken");
        }

        @Override
        public Object defaultInput(long seed) {
            return "in";
        }
    }

    @Test
    void aRunWithoutASuccessfulRequestWritesNullNotNaN() throws IOException {
        // before: "p50Ms" : "NaN"
        Path wf = alone("broken.yaml", "apiVersion: dagfuse/v1\nkind: Workflow\nname: x\nplatform: { name: local, "
                + "cores: 1 }\nfunctions:\n  a: { handler: " + Broken.class.getName() + ", retry: { maxAttempts: 1 } }\n");

        CliRun run = CliRun.of("run", wf.toString(), "--requests", "2", "--warmup", "0", "--format", "json");

        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).doesNotContain("NaN");
        JsonNode group = new ObjectMapper().readTree(run.out()).get("groups").get(0);
        assertThat(group.get("p50Ms").isNull()).isTrue();
        assertThat(group.get("p95Ms").isNull()).isTrue();
    }

    /** Returns 120 MB: its output does not serialize in a 400 MB heap. */
    public static final class Huge implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return new byte[120_000_000];
        }

        @Override
        public Object defaultInput(long seed) {
            return "in";
        }
    }

    @Test
    void anOutputTooLargeToSerializeNamesItsBranch() throws Exception {
        // before: "branch -1, attempts 0"
        Path wf = alone("huge.yaml", "apiVersion: dagfuse/v1\nkind: Workflow\nname: x\nplatform: { name: local, "
                + "cores: 1 }\nfunctions:\n  a: { handler: " + Huge.class.getName() + " }\n  b: { handler: "
                + Huge.class.getName() + ", after: [a] }\n");
        try (CliProcess p = CliProcess.start(List.of("-Xmx400m"), Map.of(), dir, "run", wf.toString(), "--requests", "1",
                "--warmup", "0", "--format", "json")) {
            assertThat(p.waitFor(Duration.ofSeconds(60))).as(p.err()).isEqualTo(ExitCodes.FAILURE);
            JsonNode failure = new ObjectMapper().readTree(p.out()).get("requests").get(0).get("failure");
            // a's output, or b's after reading a's: either way a real function, branch and attempt
            assertThat(failure.get("function").asText()).isIn("a", "b");
            assertThat(failure.get("branch").asInt()).isZero();
            assertThat(failure.get("attempts").asInt()).isEqualTo(1);
            assertThat(failure.get("exception").asText()).contains("OutOfMemoryError");
        }
    }

    @Test
    void noCommandsHelpPrintsWarnings() {
        // before: plan --help printed three "[picocli WARN] Could not format" lines (a % in --gap's description)
        for (String command : List.of("plan", "pareto", "compare", "evaluate", "check", "report", "run", "profile",
                "validate", "graph", "generate", "export", "deploy", "invoke")) {
            CliRun run = CliRun.of(command, "--help");
            assertThat(run.err()).as(command).isEmpty();
            assertThat(run.out()).as(command).doesNotContain("%n").doesNotContain("WARN");
        }
        assertThat(CliRun.of("plan", "--help").out()).contains("e.g. 1% (status FEASIBLE");
    }
}
