// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.platform;

import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The cluster platform's sizes, CPU and costs, and its {@code platform:} block's validation. */
class ClusterPlatformTest {

    private static final String HEAD = "apiVersion: dagfuse/v1\nkind: Workflow\nname: w\n";

    @TempDir
    Path dir;

    @Test
    void aSizeAsksForTheSmallestContainerThatHoldsIt() {
        ClusterPlatform c = new ClusterPlatform(8, 16_384, List.of(1, 2, 4), 0.05); // 2,048 MB per core
        assertThat(c.memoryGridMB()).containsExactly(2048, 4096, 8192);
        assertThat(c.coresHeld(1024)).isEqualTo(1);
        assertThat(c.coresHeld(2048)).isEqualTo(1);
        assertThat(c.coresHeld(2049)).isEqualTo(2);
        assertThat(c.coresHeld(4097)).isEqualTo(4); // 3 cores would hold it, but there is no 3-core container
        assertThat(c.workSizeMB(4096)).isEqualTo(2 * 1769);
        assertThat(c.memoryForVcpus(3)).isEqualTo(8192);
        assertThat(c.memoryForVcpus(5)).isGreaterThan(c.memoryMaxMB());
        assertThat(c.computeCost(null, 4096, 1500, 1)).isEqualTo(3.0); // 2 cores × 1.5 s
        assertThat(c.sharedCores()).isZero();
        assertThat(c.overheads().coldStartProbability()).isZero();
    }

    @Test
    void theBlockIsRead() throws IOException {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, HEAD + "platform: { name: cluster, cores: 16, memoryMB: 32768, containerCores: [1, 2] }\n"
                + "functions:\n  a: {}\n");
        Workflow w = ModelFiles.readWorkflow(file);
        Platform p = w.platform();
        assertThat(p).isEqualTo(new ClusterPlatform(16, 32_768, List.of(1, 2), ClusterPlatform.DEFAULT_INVOKE_OVERHEAD_MS));
        assertThat(p.description()).isEqualTo("cluster (16 cores, 32768 MB, containers of 1/2 cores)");
    }

    static Stream<Arguments> badBlocks() {
        return Stream.of(
                Arguments.of("platform: { name: cluster, memoryMB: 4096 }", "platform.cores", "needs its cores"),
                Arguments.of("platform: { name: cluster, cores: 4 }", "platform.memoryMB", "Maybe memoryMB: 8192"),
                Arguments.of("platform: { name: cluster, cores: 0, memoryMB: 4096 }", "platform.cores", "(0)"),
                Arguments.of("platform: { name: cluster, cores: 4, memoryMB: 2 }", "platform.memoryMB", "(2)"),
                Arguments.of("platform: { name: cluster, cores: 4, memoryMB: 8192, containerCores: [2, 1] }",
                        "platform.containerCores[1]", "(1)"),
                Arguments.of("platform: { name: cluster, cores: 4, memoryMB: 8192, containerCores: [8] }",
                        "platform.containerCores[0]", "within 1..4"),
                Arguments.of("platform: { name: cluster, cores: 4, memoryMB: 8192, keepAlive: 10m }",
                        "platform.keepAlive", "does not apply to platform cluster"),
                Arguments.of("platform: { name: local, memoryMB: 8192 }", "platform.memoryMB",
                        "applies only to platform cluster"),
                Arguments.of("platform: { containerCores: [1] }", "platform.containerCores",
                        "apply only to platform cluster"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBlocks")
    void aBadBlockNamesItsPath(String block, String path, String message) throws IOException {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, HEAD + block + "\nfunctions:\n  a: {}\n");
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readWorkflow(file));
        assertThat(e).as(block).isNotNull();
        InputError first = e.errors().get(0);
        assertThat(first.path()).isEqualTo(path);
        assertThat(first.message()).contains(message).doesNotContain("\n");
    }

    @Test
    void aFunctionLargerThanTheLargestContainerIsRejected() throws IOException {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, HEAD + "platform: { name: cluster, cores: 2, memoryMB: 1024 }\n"
                + "functions:\n  a: { memoryMB: 2048 }\n");
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readWorkflow(file));
        assertThat(e.errors().get(0).path()).isEqualTo("functions.a.memoryMB");
    }
}
