// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Profile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileMergeTest {

    static final Profile LOCAL = new Profile("local-jvm", Map.of("cpuModel", "Xeon", "cores", "2"), Map.of(
            "split", new FunctionProfile(2000, 50, 1, List.of(30.0), Map.of(1769, List.of(100.0, 110.0))),
            "merge", new FunctionProfile(10, 5, 1, List.of(), Map.of(1769, List.of(20.0)))));
    static final Profile AWS = new Profile("aws-lambda", Map.of("region", "us-east-1", "cores", "lambda"), Map.of(
            "split", new FunctionProfile(0, 140, 2, List.of(400.0), Map.of(512, List.of(350.0), 1769, List.of(120.0)))));

    @Test
    void keepsEverySourceAndSizeAndSaysWhereEachCameFrom() {
        Profile merged = ProfileMerge.merge(List.of(new ProfileMerge.Input("local.yaml", LOCAL),
                new ProfileMerge.Input("aws.yaml", AWS)));
        assertThat(merged.source()).isEqualTo("local-jvm+aws-lambda");
        FunctionProfile split = merged.function("split");
        assertThat(split.latencyMs()).containsOnlyKeys(512, 1769);
        assertThat(split.latencyMs().get(1769)).containsExactly(120.0); // the later input wins per size
        assertThat(split.outputBytes()).isEqualTo(2000); // AWS does not know it: kept
        assertThat(split.peakMemoryMB()).isEqualTo(140);
        assertThat(split.parallelism()).isEqualTo(2);
        assertThat(split.coldStartMs()).containsExactly(400.0);
        assertThat(merged.function("merge")).isEqualTo(LOCAL.function("merge"));
        assertThat(merged.machine()).containsEntry("cpuModel", "Xeon").containsEntry("region", "us-east-1")
                .containsEntry("cores (local.yaml)", "2").containsEntry("cores (aws.yaml)", "lambda")
                .containsEntry("origin.split", "512, 1769 MB from aws.yaml (aws-lambda)")
                .containsEntry("origin.merge", "1769 MB from local.yaml (local-jvm)");
    }

    @Test
    void mergingTheSameSourceTwiceNamesItOnce() {
        Profile merged = ProfileMerge.merge(List.of(new ProfileMerge.Input("a", LOCAL), new ProfileMerge.Input("b", LOCAL),
                new ProfileMerge.Input("c", AWS)));
        assertThat(merged.source()).isEqualTo("local-jvm+aws-lambda");
        Profile again = ProfileMerge.merge(List.of(new ProfileMerge.Input("m", merged), new ProfileMerge.Input("l", LOCAL)));
        assertThat(again.source()).isEqualTo("local-jvm+aws-lambda");
    }

    @Test
    void samplesOnOtherArchitecturesAndTheCpuFractionAreKept() {
        // both were dropped when a function was in more than one input
        FunctionProfile x86 = new FunctionProfile(10, 5, 1, List.of(), Map.of(1769, List.of(20.0)),
                Map.of(dev.dagfuse.model.Architecture.ARM64, new FunctionProfile.Samples(List.of(),
                        Map.of(1769, List.of(18.0)))), 0.3);
        FunctionProfile more = new FunctionProfile(10, 5, 1, List.of(), Map.of(3538, List.of(12.0)));
        Profile merged = ProfileMerge.merge(List.of(
                new ProfileMerge.Input("a", new Profile("aws-lambda", Map.of(), Map.of("f", x86))),
                new ProfileMerge.Input("b", new Profile("aws-lambda", Map.of(), Map.of("f", more)))));
        FunctionProfile f = merged.function("f");
        assertThat(f.latencyMs()).containsOnlyKeys(1769, 3538);
        assertThat(f.architectures()).containsOnlyKeys(dev.dagfuse.model.Architecture.ARM64);
        assertThat(f.cpuFraction()).isEqualTo(0.3);
    }
}
