// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.aws;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.profiler.AwsProfiler;
import dev.dagfuse.profiler.FunctionReport;
import dev.dagfuse.profiler.ProfileRun;
import dev.dagfuse.profiler.ProfilerException;
import dev.dagfuse.profiler.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AwsProfilerTest {

    static final AwsProfiler.Credentials STATIC = new AwsProfiler.Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", null);
    static final List<Integer> SIZES = List.of(512, 1024, 1769, 3008);

    FakeLambda fake;
    final List<String> notes = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    static void noInstanceMetadata() {
        // Never let the SDK's default chains reach for the EC2 metadata service from a test.
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @BeforeEach
    void start() throws Exception {
        fake = new FakeLambda();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static Workflow workflow() {
        return Workflow.of("wf", AwsLambdaPlatform.defaults(), List.of(
                new FunctionSpec("split", null, 1024, List.of(), List.of(), 1, Retry.DEFAULT, 60_000, null),
                new FunctionSpec("merge", null, 512, List.of(), List.of("split"), 1, Retry.DEFAULT, 60_000, null)));
    }

    AwsProfiler.Options options(List<Integer> sizes, int n) {
        return new AwsProfiler.Options(sizes, n, false, "wf-", fake.endpoint(), "us-east-1", STATIC, Map.of(),
                Map.of(), Duration.ofMillis(5), Duration.ofSeconds(10));
    }

    Progress recording() {
        return new Progress() {
            @Override public void addSteps(long steps) { }
            @Override public void step() { }
            @Override public void phase(String text) { }
            @Override public void note(String line) { notes.add(line); }
            @Override public void close() { }
        };
    }

    static FunctionReport report(ProfileRun run, String name) {
        return run.functions().stream().filter(f -> f.function().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anotherArchitectureIsMeasuredOnItsOwnDeploymentAndKeptBesideThePlatformsSamples() {
        fake.add("wf-split", 1024, 20, 400);
        fake.add("wf-merge", 512, 5, 100);
        fake.add("wf-arm-split", 1024, 18, 300); // the arm64 copy: faster here
        fake.add("wf-arm-merge", 512, 4, 90);
        ProfileRun run = AwsProfiler.profile(workflow(), options(List.of(1769), 4),
                Map.of(dev.dagfuse.model.Architecture.ARM64, "wf-arm-"), recording());
        FunctionProfile split = run.profile().function("split");
        assertThat(split.latencyMs().get(1769).get(0)).isCloseTo(420, within(0.01));
        FunctionProfile onArm = split.on(dev.dagfuse.model.Architecture.ARM64);
        assertThat(onArm.latencyMs().get(1769).get(0)).isCloseTo(318, within(0.01));
        assertThat(run.functions()).extracting(FunctionReport::function).contains("split", "split (arm64)");
        assertThat(run.profile().machine()).containsEntry("architecture.arm64", "deployed under the prefix wf-arm-");
    }

    @Test
    void measuresEverySizeFromReportLinesAndRestoresTheOriginalMemory() {
        FakeLambda.Fn split = fake.add("wf-split", 1024, 20, 400);
        FakeLambda.Fn merge = fake.add("wf-merge", 512, 5, 100);
        fake.inProgressPolls = 2;

        ProfileRun run = AwsProfiler.profile(workflow(), options(SIZES, 6), recording());

        assertThat(run.hasFailures()).isFalse();
        assertThat(run.profile().source()).isEqualTo("aws-lambda");
        assertThat(run.profile().machine()).containsEntry("region", "us-east-1").containsEntry("runtime", "java17")
                .containsEntry("architecture", "x86_64");
        FunctionProfile p = run.profile().function("split");
        assertThat(p.latencyMs()).containsOnlyKeys(512, 1024, 1769, 3008);
        // every size change makes one cold start; its invocation is not a latency sample
        assertThat(p.latencyMs().values()).allMatch(samples -> samples.size() == 5);
        assertThat(p.coldStartMs()).hasSize(4);
        // duration = a + b / min(m/1769, 1) as the fake computes it
        assertThat(p.latencyMs().get(512).get(0)).isCloseTo(20 + 400 * 1769 / 512.0, within(0.01));
        assertThat(p.latencyMs().get(1769).get(0)).isCloseTo(420, within(0.01));
        assertThat(p.latencyMs().get(3008).get(0)).isCloseTo(420, within(0.01));
        // cold = Init Duration + the first call's 40 ms excess
        assertThat(p.coldStartMs().get(0)).isCloseTo(150 + 100_000 / 512.0 + 40, within(0.01));
        assertThat(p.peakMemoryMB()).isEqualTo(60 + 3008 / 64);
        assertThat(p.outputBytes()).isEqualTo("{\"echo\":2,\"frames\":[1,2,3]}".length());
        assertThat(p.parallelism()).isEqualTo(1);

        // waited for each update instead of updating over one in progress, then restored
        assertThat(fake.inProgressAnswers.get()).isGreaterThanOrEqualTo(2 * 4);
        assertThat(fake.conflicts.get()).isZero();
        assertThat(split.memoryMB).isEqualTo(1024);
        assertThat(merge.memoryMB).isEqualTo(512);
        assertThat(split.memoryHistory).containsExactly(1024, 512, 1024, 1769, 3008, 1024);
        assertThat(merge.memoryHistory).containsExactly(512, 1024, 1769, 3008, 512);
        assertThat(notes).contains("restored the memory of wf-split to 1024 MB", "restored the memory of wf-merge to 512 MB");
    }

    @Test
    void throttledInvocationsAreRetriedByTheSdk() {
        fake.add("wf-split", 1024, 10, 100);
        fake.add("wf-merge", 1024, 10, 100);
        fake.throttleNext.set(2);

        ProfileRun run = AwsProfiler.profile(workflow(), options(List.of(1024), 4), recording());

        assertThat(fake.throttled.get()).isEqualTo(2);
        assertThat(report(run, "split").errors()).isZero();
        assertThat(report(run, "split").successes()).isEqualTo(4);
        assertThat(run.profile().function("split").latencyMs().get(1024)).hasSize(3);
    }

    @Test
    void functionErrorsAreCountedAndLeftOutOfTheSamples() {
        FakeLambda.Fn split = fake.add("wf-split", 1024, 10, 100);
        split.errorEvery = 3;
        fake.add("wf-merge", 1024, 10, 100);

        ProfileRun run = AwsProfiler.profile(workflow(), options(List.of(1024), 9), recording());

        FunctionReport r = report(run, "split");
        assertThat(r.errors()).isEqualTo(3);
        assertThat(r.successes()).isEqualTo(6);
        assertThat(r.error()).isEqualTo("Unhandled: java.lang.IllegalStateException: boom at invocation");
        assertThat(r.status()).isEqualTo(FunctionReport.Status.PROFILED);
        assertThat(run.profile().function("split").latencyMs().get(1024)).hasSize(5); // 6 ok, one of them cold
        assertThat(notes).anyMatch(n -> n.startsWith("split (1/2):") && n.contains("3 errors"));
    }

    @Test
    void aConfigurationUpdateThatStaysInProgressIsWaitedFor() {
        FakeLambda.Fn split = fake.add("wf-split", 1024, 10, 100);
        fake.add("wf-merge", 1024, 10, 100);
        fake.inProgressPolls = 25;

        ProfileRun run = AwsProfiler.profile(workflow(), options(List.of(512, 2048), 3), recording());

        assertThat(fake.inProgressAnswers.get()).isGreaterThanOrEqualTo(25 * 3);
        assertThat(fake.conflicts.get()).isZero();
        // the invocations ran at the new size, as their REPORT lines say
        assertThat(run.profile().function("split").latencyMs()).containsOnlyKeys(512, 2048);
        assertThat(split.memoryMB).isEqualTo(1024);
    }

    @Test
    void anUpdateThatNeverFinishesSkipsThatSizeAndStillRestores() {
        FakeLambda.Fn split = fake.add("wf-split", 1024, 10, 100);
        fake.add("wf-merge", 1024, 10, 100);
        fake.failingSizes.add(2048);

        ProfileRun run = AwsProfiler.profile(workflow(), options(List.of(512, 2048), 3), recording());

        assertThat(run.profile().function("split").latencyMs()).containsOnlyKeys(512);
        assertThat(report(run, "split").notes()).anyMatch(n -> n.startsWith("2048 MB not measured: its configuration "
                + "update failed: The memory size 2048 MB could not be applied"));
        assertThat(split.memoryMB).isEqualTo(1024);
        assertThat(split.status).isEqualTo("Successful");
    }

    @Test
    void aFailureRestoresTheMemoryOfEveryFunctionItChanged() {
        FakeLambda.Fn split = fake.add("wf-split", 1024, 10, 100);
        FakeLambda.Fn merge = fake.add("wf-merge", 3008, 10, 100);
        fake.denyInvokesAt = 1769; // split passes 512, merge fails at 1769 after 512 and 1024

        assertThatThrownBy(() -> AwsProfiler.profile(workflow(), options(List.of(512, 1024, 1769), 2), recording()))
                .isInstanceOf(ProfilerException.class)
                .hasMessageContaining("User is not authorized")
                .satisfies(e -> assertThat(((ProfilerException) e).isUsage()).isFalse());

        assertThat(split.memoryMB).isEqualTo(1024);
        assertThat(merge.memoryMB).isEqualTo(3008);
        assertThat(split.memoryHistory).containsExactly(1024, 512, 1024, 1769, 1024);
        assertThat(notes).contains("restored the memory of wf-split to 1024 MB");
    }

    @Test
    void aFunctionThatIsNotDeployedFailsAndTheOthersAreMeasured() {
        fake.add("wf-split", 1024, 10, 100);
        ProfileRun run = AwsProfiler.profile(workflow(), options(List.of(1024), 2), recording());
        assertThat(report(run, "merge").status()).isEqualTo(FunctionReport.Status.FAILED);
        assertThat(report(run, "merge").error()).contains("(wf-merge) is not deployed in us-east-1");
        assertThat(report(run, "split").status()).isEqualTo(FunctionReport.Status.PROFILED);
        assertThat(run.hasFailures()).isTrue();
    }

    @Test
    void parallelInvocationsGiveTheSameSamples() {
        fake.add("wf-split", 1024, 10, 100);
        fake.add("wf-merge", 1024, 10, 100);
        AwsProfiler.Options o = options(List.of(1024), 8);
        o = new AwsProfiler.Options(o.memoryMB(), o.runs(), true, o.functionPrefix(), o.endpoint(), o.region(),
                o.credentials(), o.payloads(), Map.of("merge", 2), o.pollInterval(), o.updateTimeout());
        ProfileRun run = AwsProfiler.profile(workflow(), o, recording());
        assertThat(run.profile().function("split").latencyMs().get(1024)).hasSize(7);
        assertThat(run.profile().function("merge").parallelism()).isEqualTo(2);
    }

    @Test
    void badSizesAreRejected() {
        assertThatThrownBy(() -> options(List.of(64), 1)).hasMessageContaining("(64 MB) must be within 128..10240 MB");
    }

    @Test
    void stoppingTheProcessRestoresTheOriginalMemoryFromTheShutdownHook() throws Exception {
        FakeLambda.Fn split = fake.add("wf-split", 1024, 10, 100);
        fake.invokeDelayMs = 20;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("tuner-child", ".log");
        Process child = new ProcessBuilder(java, "-Daws.disableEc2Metadata=true", "-cp",
                System.getProperty("java.class.path"), TunerMain.class.getName(), fake.endpoint().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(split.memoryMB == 512 && split.invocations >= 3) && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(20);
        }
        assertThat(split.memoryMB).as("the child changed the memory and invoked: %s", Files.readString(log))
                .isEqualTo(512);
        child.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C (SIGINT)
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        assertThat(split.memoryMB).as(output).isEqualTo(1024);
        assertThat(output).contains("restored the memory of wf-split to 1024 MB",
                "interrupted: restored the original memory of wf-split");
    }
}
