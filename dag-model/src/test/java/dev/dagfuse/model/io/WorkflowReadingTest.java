// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.io;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.EdgeKind;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class WorkflowReadingTest {

    static final String VIDEO = """
            apiVersion: dagfuse/v1
            kind: Workflow
            name: video-analytics
            description: Split a video into chunks, extract frames, classify them, merge.
            objective:
              latency: { percentile: 95, target: 3s }
            platform:
              name: aws-lambda
              architecture: arm64
            functions:
              split:
                handler: dev.dagfuse.samples.video.Split
                memoryMB: 1024
                memoryOptionsMB: [512, 1024, 2048, 3008]
              extract:
                after: [split]
                fanOut: 30
                retry: { maxAttempts: 3, backoff: 250ms }
                timeout: 2m
              classify:
                after: [extract]
                fanOut: 30
                profile:
                  outputBytes: 2MB
                  peakMemoryMB: 180
                  parallelism: 2
                  coldStartMs: [350, 420]
                  latencyMs:
                    2048: [700, 730]
                    1024: [1200, 1250, 1320]
              merge:
                after: [classify]
            """;

    @TempDir
    Path dir;

    @Test
    void readsEveryField() throws IOException {
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, VIDEO);
        Workflow w = ModelFiles.readWorkflow(file);

        assertThat(w.name()).isEqualTo("video-analytics");
        assertThat(w.objective()).isEqualTo(new Objective.Latency(95, 3000));
        AwsLambdaPlatform lambda = (AwsLambdaPlatform) w.platform();
        assertThat(lambda.architecture()).isEqualTo("arm64");
        assertThat(lambda.prices().gbSecondUsd()).isEqualTo(0.0000133334);
        assertThat(w.functions().keySet()).containsExactly("split", "extract", "classify", "merge");

        FunctionSpec split = w.function("split");
        assertThat(split.handler()).isEqualTo("dev.dagfuse.samples.video.Split");
        assertThat(split.memoryOptionsMB()).containsExactly(512, 1024, 2048, 3008);
        assertThat(split.fanOut()).isEqualTo(1);

        FunctionSpec extract = w.function("extract");
        assertThat(extract.retry().maxAttempts()).isEqualTo(3);
        assertThat(extract.retry().backoffMs()).isEqualTo(250);
        assertThat(extract.timeoutMs()).isEqualTo(120_000);
        assertThat(w.function("merge").memoryMB()).isEqualTo(FunctionSpec.DEFAULT_MEMORY_MB);

        var profile = w.function("classify").profile();
        assertThat(profile.outputBytes()).isEqualTo(2_000_000);
        assertThat(profile.parallelism()).isEqualTo(2);
        assertThat(profile.measuredSizes()).containsExactly(1024, 2048);
        assertThat(w.inlineProfile().functions()).containsOnlyKeys("classify");
    }

    @Test
    void derivesEdgesAndOrder() throws IOException {
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, VIDEO);
        Workflow w = ModelFiles.readWorkflow(file);

        assertThat(w.edges()).extracting(e -> e.from() + ">" + e.to() + ":" + e.kind())
                .containsExactly("split>extract:SCATTER", "extract>classify:PER_BRANCH", "classify>merge:GATHER");
        assertThat(w.entries()).containsExactly("split");
        assertThat(w.exits()).containsExactly("merge");
        assertThat(w.topologicalOrder()).containsExactly("split", "extract", "classify", "merge");
        assertThat(PlanValidator.isFusible(w, "extract", "classify")).isTrue();
        assertThat(PlanValidator.isFusible(w, "split", "extract")).isFalse();
        assertThat(EdgeKind.of(3, 5)).isEqualTo(EdgeKind.ALL_TO_ALL);
    }

    @Test
    void topologicalOrderIsDeterministicAndValid() {
        Workflow w = Workflow.of("diamond", AwsLambdaPlatform.defaults(), List.of(
                fn("d", "b", "c"), fn("b", "a"), fn("c", "a"), fn("a")));
        assertThat(w.topologicalOrder()).containsExactly("a", "b", "c", "d");
        assertThat(w.entries()).containsExactly("a");
        assertThat(w.exits()).containsExactly("d");
    }

    @Test
    void lambdaDefaultsToAutoOrchestrationAndTakesHandOffOverrides() throws IOException {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, "apiVersion: dagfuse/v1\nkind: Workflow\nname: w\nplatform:\n  limitQuantile: 99\n"
                + "  latency: { expressState: { median: 90ms }, mapIteration: { median: 10ms, sigma: 0 } }\n"
                + "functions:\n  a: {}\n");
        AwsLambdaPlatform p = (AwsLambdaPlatform) ModelFiles.readWorkflow(file).platform();
        assertThat(p.orchestration()).isEqualTo("auto");
        assertThat(p.orchestrations()).containsExactly(dev.dagfuse.model.Orchestration.STANDARD,
                dev.dagfuse.model.Orchestration.EXPRESS);
        assertThat(p.states().express()).isEqualTo(new dev.dagfuse.model.Platform.Lognormal(90, 0.35));
        assertThat(p.states().standard()).isEqualTo(AwsLambdaPlatform.DEFAULT_STATES.standard());
        assertThat(p.overheads().invoke()).isEqualTo(new dev.dagfuse.model.Platform.Lognormal(10, 0));
        assertThat(p.limits().limitQuantile()).isEqualTo(99);
    }

    @Test
    void profilesKeepSamplesPerArchitectureThroughAFile() throws IOException {
        Path file = dir.resolve("profile.yaml");
        dev.dagfuse.model.FunctionProfile fp = new dev.dagfuse.model.FunctionProfile(10, 1, 1, List.of(5.0),
                java.util.Map.of(1769, List.of(100.0, 110.0)), java.util.Map.of(dev.dagfuse.model.Architecture.ARM64,
                new dev.dagfuse.model.FunctionProfile.Samples(List.of(4.0), java.util.Map.of(1769, List.of(90.0)))));
        dev.dagfuse.model.Profile profile = new dev.dagfuse.model.Profile("aws-lambda", java.util.Map.of(),
                java.util.Map.of("a", fp));
        ModelFiles.writeProfile(profile, file);
        assertThat(ModelFiles.readProfile(file, null).function("a")).isEqualTo(fp);
        assertThat(fp.on(dev.dagfuse.model.Architecture.ARM64).latencyMs()).containsEntry(1769, List.of(90.0));
        assertThat(fp.on(dev.dagfuse.model.Architecture.X86_64)).isNull();
    }

    @Test
    void aRecordedCpuFractionSurvivesAFileAndIsLeftOutWhenNotRecorded() throws IOException {
        Path file = dir.resolve("profile.yaml");
        dev.dagfuse.model.FunctionProfile plain = new dev.dagfuse.model.FunctionProfile(10, 1, 1, List.of(5.0),
                java.util.Map.of(1769, List.of(100.0, 110.0)));
        dev.dagfuse.model.Profile profile = new dev.dagfuse.model.Profile("trace-import", java.util.Map.of(),
                java.util.Map.of("a", plain.withCpuFraction(0.25), "b", plain));
        ModelFiles.writeProfile(profile, file);
        String text = Files.readString(file);
        assertThat(text).contains("cpuFraction: 0.25").containsOnlyOnce("cpuFraction");
        dev.dagfuse.model.Profile read = ModelFiles.readProfile(file, null);
        assertThat(read.function("a").cpuFraction()).isEqualTo(0.25);
        assertThat(read.function("b").hasCpuFraction()).isFalse();
        assertThat(read.function("a")).isEqualTo(plain.withCpuFraction(0.25));
    }

    @Test
    void localPlatformDefaultsToTheMachinesCores() throws IOException {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, "apiVersion: dagfuse/v1\nkind: Workflow\nname: w\nplatform: { name: local }\n"
                + "functions:\n  a: {}\n");
        Platform p = ModelFiles.readWorkflow(file).platform();
        assertThat(p).isInstanceOf(LocalPlatform.class);
        assertThat(p.sharedCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(ScalingModel.vcpus(1769)).isCloseTo(1.0, within(1e-9));
        assertThat(ScalingModel.vcpus(10240)).isEqualTo(6.0); // 6 vCPUs at 10,240 MB, as AWS documents
    }

    static FunctionSpec fn(String name, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), 1, dev.dagfuse.model.Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }
}
