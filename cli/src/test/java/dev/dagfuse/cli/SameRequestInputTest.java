// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.model.handler.OutputSerialization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code profile} measures the handlers on the request input that {@code run} feeds them: for the same workflow and
 * seed, the entry handler sees the same value in both (one rule, {@code RequestInputs}).
 */
class SameRequestInputTest {

    /** Every request input the entry handler was given, in this JVM. */
    static final Queue<Object> SEEN = new ConcurrentLinkedQueue<>();

    /** An entry handler that records its request input; its default input depends on the seed only. */
    public static final class Recorder implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            SEEN.add(invocation.requestInput());
            return "seen";
        }

        @Override
        public Object defaultInput(long seed) {
            return new ArrayList<>(List.of("default", seed, new SplittableRandom(seed).nextLong()));
        }
    }

    @TempDir
    Path dir;

    @BeforeEach
    void clear() {
        SEEN.clear();
    }

    @Test
    void theDefaultInputForTheSameSeed() throws Exception {
        Path wf = workflow("");
        // run gives request i the seed i: one request, no warm-up, is seed 0
        Set<Object> profiled = inputsSeenBy("profile", wf.toString(), "--seed", "0", "-n", "2", "--warmup", "0",
                "--cold-starts", "0", "--threads", "1", "--progress", "none", "-o", dir.resolve("p.yaml").toString());
        Set<Object> run = inputsSeenBy("run", wf.toString(), "--requests", "1", "--warmup", "0", "--cores", "1");
        assertThat(profiled).containsExactly(new Recorder().defaultInput(0));
        assertThat(run).isEqualTo(profiled);
    }

    @Test
    void aTextSampleInput() throws Exception {
        Files.writeString(dir.resolve("input.txt"), "a text request\n");
        Path wf = workflow("sampleInput: input.txt\n");
        Set<Object> profiled = profile(wf);
        assertThat(profiled).containsExactly("a text request\n");
        assertThat(inputsSeenBy("run", wf.toString(), "--requests", "2", "--warmup", "0", "--cores", "1")).isEqualTo(profiled);
    }

    @Test
    void aJavaSerializedSampleInput() throws Exception {
        ArrayList<Integer> request = new ArrayList<>(List.of(3, 1, 4, 1, 5));
        Files.write(dir.resolve("input.bin"), OutputSerialization.serialize(request));
        Path wf = workflow("sampleInput: input.bin\n");
        Set<Object> profiled = profile(wf);
        assertThat(profiled).containsExactly(request);
        assertThat(inputsSeenBy("run", wf.toString(), "--requests", "2", "--warmup", "0", "--cores", "1")).isEqualTo(profiled);
    }

    private Set<Object> profile(Path wf) {
        return inputsSeenBy("profile", wf.toString(), "-n", "2", "--warmup", "0", "--cold-starts", "0", "--threads", "1",
                "--progress", "none", "-o", dir.resolve("p.yaml").toString());
    }

    private static Set<Object> inputsSeenBy(String... args) {
        SEEN.clear();
        CliRun r = CliRun.of(args);
        assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(ExitCodes.OK);
        assertThat(SEEN).isNotEmpty();
        return new LinkedHashSet<>(SEEN);
    }

    private Path workflow(String extra) throws Exception {
        return Files.writeString(dir.resolve("workflow.yaml"), """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: same-input
                platform: { name: local, cores: 1 }
                functions:
                  entry:
                    handler: %s
                """.formatted(Recorder.class.getName()) + extra);
    }
}
