// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {

    static final Path SAMPLES = Path.of("..", "samples");

    @TempDir
    Path dir;

    @Test
    void everySampleWorkflowAndProfileIsValid() throws IOException {
        try (var dirs = Files.list(SAMPLES)) {
            // All at once: each profile must be checked against the workflow beside it, not the first one given.
            String[] args = dirs.flatMap(d -> java.util.stream.Stream.of(d.resolve("workflow.yaml"), d.resolve("profile.yaml")))
                    .filter(Files::isRegularFile).map(Path::toString).sorted().toArray(String[]::new);
            assertThat(args).isNotEmpty();
            String[] full = new String[args.length + 1];
            full[0] = "validate";
            System.arraycopy(args, 0, full, 1, args.length);
            CliRun run = CliRun.of(full);
            assertThat(run.err()).isEmpty();
            assertThat(run.code()).isEqualTo(ExitCodes.OK);
            assertThat(run.out().lines()).hasSize(args.length).allSatisfy(l -> assertThat(l).startsWith("ok  "));
        }
    }

    @Test
    void badInputIsOneLinePerProblemAndExit2() throws IOException {
        Path wf = dir.resolve("workflow.yaml");
        Files.writeString(wf, "apiVersion: dagfuse/v1\nkind: Workflow\nname: w\nfunctions:\n  extract:\n    fanOut: 0\n");
        CliRun run = CliRun.of("validate", wf.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().lines()).containsExactly(wf + ": functions.extract.fanOut: The fanOut (0) of function (extract) "
                + "must be ≥ 1. Maybe 1 for a function that runs once per request.");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void aProfileIsCheckedAgainstTheWorkflowGiven() throws IOException {
        Path wf = dir.resolve("w.yaml");
        Files.writeString(wf, "apiVersion: dagfuse/v1\nkind: Workflow\nname: w\nfunctions:\n  a: {}\n");
        Path profile = dir.resolve("p.yaml");
        Files.writeString(profile, "apiVersion: dagfuse/v1\nkind: Profile\nsource: synthetic\nfunctions:\n"
                + "  b:\n    latencyMs: { 1024: [3] }\n");
        CliRun run = CliRun.of("validate", wf.toString(), profile.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).contains("ok  " + wf);
        assertThat(run.err().strip()).isEqualTo(profile + ": functions.b: The profile names a function (b) that the "
                + "workflow (w) does not have. Its functions: a.");
    }

    @Test
    void aPlanIsCheckedAgainstItsWorkflow() throws IOException {
        Path wf = dir.resolve("w.yaml");
        Files.writeString(wf, "apiVersion: dagfuse/v1\nkind: Workflow\nname: w\nfunctions:\n  a: {}\n  b: { after: [a] }\n");
        Path plan = dir.resolve("plan.json");
        Files.writeString(plan, """
                {"apiVersion": "dagfuse/v1", "kind": "Plan", "workflow": "w",
                 "groups": [{"functions": ["a", "b"], "memoryMB": 2048, "fanOut": 1, "bundleSize": 1, "invocations": 1}]}
                """);
        CliRun ok = CliRun.of("validate", "--workflow", wf.toString(), plan.toString());
        assertThat(ok.code()).isEqualTo(ExitCodes.OK);
        assertThat(ok.out()).contains("plan for w, 1 groups, fits its workflow");

        Files.writeString(plan, """
                {"apiVersion": "dagfuse/v1", "kind": "Plan", "workflow": "w",
                 "groups": [{"functions": ["a"], "memoryMB": 64, "fanOut": 1}]}
                """);
        CliRun bad = CliRun.of("validate", "--workflow", wf.toString(), plan.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains(plan + ": groups[0].memoryMB: The memory (64 MB) of group (a) must be within 128..10240")
                .contains(plan + ": groups: The function (b) is in no group");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRun run = CliRun.of("validate", "--frobnicate", "x.yaml");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("Unknown option: '--frobnicate'");
    }

    @Test
    void aBaselineIsReadAndItsPlanCheckedAgainstItsWorkflow() throws IOException {
        String wf = CheckCommandTest.WORKFLOW;
        Path baseline = dir.resolve("baseline.json");
        CliRun write = CliRun.of("check", wf, "--plan", CheckCommandTest.FUSED, "--write-baseline", baseline.toString(),
                "--samples", "500");
        assertThat(write.code()).as(write.err()).isZero();

        CliRun ok = CliRun.of("validate", "--workflow", wf, baseline.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).startsWith("ok  " + baseline + ": baseline for video, 3 groups, model ")
                .contains("fits its workflow");

        // a plan inside that no longer fits the workflow: memory beyond Lambda's range
        Files.writeString(baseline, Files.readString(baseline).replace("\"memoryMB\" : 2048", "\"memoryMB\" : 20480"));
        CliRun bad = CliRun.of("validate", "--workflow", wf, baseline.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains(baseline.toString()).contains("memoryMB").contains("20480");

        Files.writeString(baseline, "{\"apiVersion\": \"dagfuse/v1\", \"kind\": \"Baseline\", \"workflow\": \"video\"}");
        CliRun empty = CliRun.of("validate", baseline.toString());
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains(baseline.toString()).contains("plan");
    }
}
