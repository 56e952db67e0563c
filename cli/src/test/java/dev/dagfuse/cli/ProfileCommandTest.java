// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.cli.handlers.ProfileTestHandlers;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ProfileCommandTest {

    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        CommandLine cmd = DagfuseCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private Path workflow(boolean broken) throws Exception {
        Files.writeString(dir.resolve("input.txt"), "the quick brown fox jumps over the lazy dog");
        String yaml = """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: words
                sampleInput: input.txt
                functions:
                  words:
                    handler: %s
                  hash:
                    handler: %s
                    after: [words]
                    fanOut: 3
                """.formatted(ProfileTestHandlers.Words.class.getName(), ProfileTestHandlers.Hash.class.getName());
        if (broken) {
            yaml += """
                      broken:
                        handler: %s
                        after: [words]
                    """.formatted(ProfileTestHandlers.Broken.class.getName());
        }
        return Files.writeString(dir.resolve("workflow.yaml"), yaml);
    }

    @AfterEach
    void clearAwsProperties() {
        System.clearProperty("aws.sharedCredentialsFile");
        System.clearProperty("aws.configFile");
    }

    @Test
    void profilesLocallyAndWritesProfileYamlBesideTheWorkflow() throws Exception {
        Path wf = workflow(false);
        Result r = run("profile", wf.toString(), "-n", "4", "--warmup", "1", "--cold-starts", "1", "--threads", "1",
                "--progress", "plain");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("function", "p95", "words", "hash", "1769", "wrote ");
        assertThat(r.err()).contains("words (1/2): reference run", "hash (2/2): 1 thread, 4 runs");
        Profile p = ModelFiles.readProfile(dir.resolve("profile.yaml"), ModelFiles.readWorkflow(wf));
        assertThat(p.source()).isEqualTo("local-jvm");
        assertThat(p.functions()).containsOnlyKeys("words", "hash");
        assertThat(p.function("hash").latencyMs().get(1769)).hasSize(4);
        assertThat(p.machine()).containsKeys("cpuModel", "cores", "jvm");
        Result validate = run("validate", wf.toString(), dir.resolve("profile.yaml").toString());
        assertThat(validate.code()).as(validate.err()).isZero();
    }

    @Test
    void aHandlerThatThrowsExitsOneButTheOthersAreWritten() throws Exception {
        Path wf = workflow(true);
        Path out = dir.resolve("out/p.yaml");
        Result r = run("profile", wf.toString(), "-n", "3", "--warmup", "0", "--cold-starts", "0", "--threads", "1",
                "--progress", "none", "-o", out.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.FAILURE);
        // reference (2 attempts) + one window of the steady-state warm-up (5, --warmup 0 asks for no fixed ones) + 3
        assertThat(r.err()).contains("function (broken) has no successful run: UnsupportedOperationException: "
                + "not implemented yet (10 errors)");
        assertThat(r.out()).contains("broken: no successful run: UnsupportedOperationException: not implemented yet");
        assertThat(ModelFiles.readProfile(out, null).functions()).containsOnlyKeys("words", "hash");
    }

    @Test
    void anUnknownHandlerClassIsAnInputErrorWithTheFileAndPath() throws Exception {
        Path wf = Files.writeString(dir.resolve("workflow.yaml"), """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: bad
                functions:
                  a:
                    handler: com.example.Missing
                """);
        Result r = run("profile", wf.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo(wf + ": functions.a.handler: The handler class (com.example.Missing) of "
                + "function (a) is not on the class path (com.example.Missing). Maybe a typo, or its jar is missing (give it with --classpath).");
        assertThat(Files.exists(dir.resolve("profile.yaml"))).isFalse();
    }

    @Test
    void optionsOfTheOtherTargetAndMissingSizesAreUsageErrors() throws Exception {
        Path wf = workflow(false);
        assertThat(run("profile", wf.toString(), "--memory", "512").err()).contains("are for --target aws");
        Result noSizes = run("profile", wf.toString(), "--target", "aws");
        assertThat(noSizes.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noSizes.err()).contains("--memory 512,1024,1769,3008");
        assertThat(run("profile", wf.toString(), "--target", "aws", "--memory", "512", "--warmup", "2").err())
                .contains("are for --target local");
        assertThat(run("profile", wf.toString(), "--target", "aws", "--memory", "64").err())
                .contains("(64 MB) must be within 128..10240 MB");
        assertThat(run("profile", wf.toString(), "--parallelism", "nope=2").err())
                .contains("names a function (nope) that the workflow (words) does not have");
        assertThat(run("profile").code()).isEqualTo(ExitCodes.USAGE);
        // another architecture is measured on its own deployment, named by its prefix
        assertThat(run("profile", wf.toString(), "--also-on", "arm64=w-arm-").err()).contains("are for --target aws");
        Result sparc = run("profile", wf.toString(), "--target", "aws", "--memory", "512", "--also-on", "sparc=w-");
        assertThat(sparc.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(sparc.err()).contains("The --also-on architecture (sparc) is not one the platform offers: "
                + "[x86_64, arm64].");
        assertThat(run("profile", wf.toString(), "--target", "aws", "--memory", "512", "--also-on", "x86_64=w-").err())
                .contains("is the platform's own, which --function-prefix measures. Maybe --also-on arm64=w-.");
        assertThat(run("profile", wf.toString(), "--target", "aws", "--memory", "512", "--also-on", "arm64=").err())
                .contains("needs the prefix its copy is deployed under");
    }

    @Test
    void withoutAwsCredentialsTheAwsTargetExitsTwo() throws Exception {
        assumeTrue(System.getenv("AWS_ACCESS_KEY_ID") == null && System.getenv("AWS_PROFILE") == null
                && System.getenv("AWS_WEB_IDENTITY_TOKEN_FILE") == null
                && System.getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") == null
                && System.getProperty("aws.accessKeyId") == null, "AWS credentials are set in this environment");
        System.setProperty("aws.disableEc2Metadata", "true"); // never reach for the instance metadata service
        System.setProperty("aws.sharedCredentialsFile", dir.resolve("no-credentials").toString());
        System.setProperty("aws.configFile", dir.resolve("no-config").toString());
        Path wf = workflow(false);
        Result r = run("profile", wf.toString(), "--target", "aws", "--memory", "512,1024", "--region", "us-east-1",
                "--endpoint", "http://127.0.0.1:9");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("No AWS credentials were found").contains("AWS_ACCESS_KEY_ID");
    }

    @Test
    void showImportAndMergeWorkTogether() throws Exception {
        Path wf = workflow(false);
        Path log = Files.writeString(dir.resolve("hash.log"), String.join("\n",
                "2026-11-20T10:00:00Z REPORT RequestId: r1\tDuration: 300.00 ms\tBilled Duration: 300 ms\tMemory Size: 512 MB\t"
                        + "Max Memory Used: 90 MB\tInit Duration: 200.00 ms\t",
                "2026-11-20T10:00:01Z REPORT RequestId: r2\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 512 MB\t"
                        + "Max Memory Used: 90 MB\t",
                "2026-11-20T10:00:02Z REPORT RequestId: r3\tDuration: 110.00 ms\tBilled Duration: 110 ms\tMemory Size: 512 MB\t"
                        + "Max Memory Used: 91 MB\t"));
        Path imported = dir.resolve("imported.yaml");
        Result imp = run("profile", "import", log.toString(), "--workflow", wf.toString(), "-o", imported.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(imp.out()).contains("source trace-import, 1 functions: hash");

        Path local = dir.resolve("local.yaml");
        assertThat(run("profile", wf.toString(), "-n", "3", "--warmup", "0", "--cold-starts", "0", "--threads", "1",
                "--progress", "none", "-o", local.toString()).code()).isZero();
        Path merged = dir.resolve("merged.yaml");
        Result merge = run("profile", "merge", local.toString(), imported.toString(), "-o", merged.toString(),
                "--workflow", wf.toString());
        assertThat(merge.code()).as(merge.err()).isZero();
        Profile m = ModelFiles.readProfile(merged, null);
        assertThat(m.source()).isEqualTo("local-jvm+trace-import");
        assertThat(m.function("hash").latencyMs()).containsOnlyKeys(512, 1769);
        assertThat(m.machine()).containsEntry("origin.hash", "512 MB from imported.yaml (trace-import); "
                + "1769 MB from local.yaml (local-jvm)");

        Result show = run("profile", "show", merged.toString(), "--workflow", wf.toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("profile: source local-jvm+trace-import", "hash: parallelism 1",
                "measured", "interpolated", "fitted a+b/cpu", "as deployed");
        assertThat(show.out()).contains("words: parallelism 1").contains("one measured size, so a = 0 is assumed");
    }

    @Test
    void importRecordsACpuFractionThatProfileShowUses() throws Exception {
        Path log = Files.writeString(dir.resolve("io.log"), String.join("\n",
                "2026-11-20T10:00:01Z REPORT RequestId: r2\tDuration: 100.00 ms\tBilled Duration: 100 ms\tMemory Size: 1769 MB\t"
                        + "Max Memory Used: 90 MB\t",
                "2026-11-20T10:00:02Z REPORT RequestId: r3\tDuration: 110.00 ms\tBilled Duration: 110 ms\tMemory Size: 1769 MB\t"
                        + "Max Memory Used: 91 MB\t"));
        Path imported = dir.resolve("io.yaml");
        Result imp = run("profile", "import", log.toString(), "--function", "io", "--cpu-fraction", "io=0.2",
                "-o", imported.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        assertThat(ModelFiles.readProfile(imported, null).function("io").cpuFraction()).isEqualTo(0.2);
        Result show = run("profile", "show", imported.toString(), "--sizes", "128,1769");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("one measured size, split by its recorded cpuFraction 0.20")
                .contains("fitted a+b/cpu (one size: split by cpuFraction)");

        Result bad = run("profile", "import", log.toString(), "--function", "io", "--cpu-fraction", "io=20");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("The --cpu-fraction of function (io) (20.0) must be within (0, 1]");
        Result unknown = run("profile", "import", log.toString(), "--function", "io", "--cpu-fraction", "other=0.5");
        assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("names function (other), which the traces do not have. Functions found: io.");
    }
}
