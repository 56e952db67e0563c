// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.handler;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.dagfuse.model.handler.HandlerLoaderTest.fn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestInputsTest {

    private static final ClassLoader LOADER = RequestInputsTest.class.getClassLoader();

    @TempDir
    Path dir;

    @Test
    void anExplicitFileComesFirstThenTheSampleInputThenTheDefault() throws IOException {
        Path sample = Files.writeString(dir.resolve("sample.txt"), "from the sample", StandardCharsets.UTF_8);
        Path explicit = Files.write(dir.resolve("input.bin"), OutputSerialization.serialize(new ArrayList<>(List.of(1, 2, 3))));
        Workflow withSample = workflow("sampleInput: sample.txt\n");
        Workflow without = workflow("");
        Map<String, Handler> handlers = Map.of("split", new TestHandlers.Seeded());

        assertThat(RequestInputs.resolve(withSample, explicit, LOADER, handlers::get, 7)).isEqualTo(List.of(1, 2, 3));
        assertThat(RequestInputs.resolve(withSample, null, LOADER, handlers::get, 7)).isEqualTo("from the sample");
        assertThat(RequestInputs.resolve(without, null, LOADER, handlers::get, 7)).isEqualTo(List.of("seeded", 7L));
        assertThat(RequestInputs.fromFile(without, null, LOADER)).isNull();
        assertThat(sample).exists();
    }

    @Test
    void handlersAreNotAskedWhenAFileGivesTheInput() throws IOException {
        Files.writeString(dir.resolve("sample.txt"), "text", StandardCharsets.UTF_8);
        Workflow w = workflow("sampleInput: sample.txt\n");
        assertThat(RequestInputs.resolve(w, null, LOADER, name -> {
            throw new AssertionError("asked for the handler of " + name);
        }, 1)).isEqualTo("text");
    }

    @Test
    void aFileIsJavaSerializedOnlyWhenItStartsWithTheStreamMagic() throws IOException {
        // seeded random bytes behind the magic, and random text without it
        SplittableRandom random = new SplittableRandom(20261129);
        for (int i = 0; i < 50; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(0, 40);
            for (int k = 0; k < length; k++) {
                text.appendCodePoint(random.nextInt(0, 4) == 0 ? random.nextInt(0x80, 0x3000) : random.nextInt(0x20, 0x7f));
            }
            Path file = Files.writeString(dir.resolve("text-" + i), text, StandardCharsets.UTF_8);
            assertThat(RequestInputs.read(file, LOADER)).isEqualTo(text.toString());

            long[] values = random.longs(random.nextInt(0, 20)).toArray();
            Path bin = Files.write(dir.resolve("bin-" + i), OutputSerialization.serialize(values));
            assertThat((long[]) RequestInputs.read(bin, LOADER)).containsExactly(values);
        }
    }

    @Test
    void unreadableFilesAreInputErrorsNamingTheFile() throws IOException {
        Path missing = dir.resolve("missing.bin");
        assertThatThrownBy(() -> RequestInputs.read(missing, LOADER)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(missing + ": Cannot read the input file: ");
        Path broken = Files.write(dir.resolve("broken.bin"), new byte[] {(byte) 0xAC, (byte) 0xED, 0, 5, 1});
        assertThatThrownBy(() -> RequestInputs.read(broken, LOADER)).isInstanceOf(InputException.class)
                .hasMessageStartingWith(broken + ": The input looks Java-serialized but cannot be read: ");
    }

    @Test
    void theDefaultIsTheFirstEntryHandlersInputThatIsNotNull() {
        Workflow w = Workflow.of("two-entries", AwsLambdaPlatform.defaults(), List.of(fn("quiet", TestHandlers.NoDefault.class),
                fn("remote", (String) null), fn("seeded", TestHandlers.Seeded.class),
                fn("join", TestHandlers.NoDefault.class, "quiet", "remote", "seeded")));
        Map<String, Handler> handlers = Map.of("quiet", new TestHandlers.NoDefault(), "seeded", new TestHandlers.Seeded(),
                "join", new TestHandlers.FailingDefault());
        assertThat(RequestInputs.defaultInput(w, handlers::get, 3)).isEqualTo(List.of("seeded", 3L));
        assertThat(RequestInputs.defaultInput(w, name -> name.equals("seeded") ? null : handlers.get(name), 3)).isNull();
    }

    @Test
    void aFailingDefaultInputIsAnInputError() {
        Workflow w = Workflow.of("failing", AwsLambdaPlatform.defaults(), List.of(fn("a", TestHandlers.FailingDefault.class)));
        assertThatThrownBy(() -> RequestInputs.defaultInput(w, name -> new TestHandlers.FailingDefault(), 1))
                .isInstanceOf(InputException.class)
                .hasMessage("functions.a.handler: The handler of function (a) failed to make its default input: "
                        + "IllegalStateException: no input today");
    }

    private Workflow workflow(String extra) throws IOException {
        Path file = Files.writeString(dir.resolve("workflow.yaml"), """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: inputs
                functions:
                  split:
                    handler: %s
                  merge:
                    handler: %s
                    after: [split]
                """.formatted(TestHandlers.Seeded.class.getName(), TestHandlers.NoDefault.class.getName()) + extra);
        return ModelFiles.readWorkflow(file);
    }
}
