// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.io;

import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Every kind of bad input names the file, the YAML path, the bad value and what is valid. */
class ValidationErrorsTest {

    private static final String HEAD = "apiVersion: dagfuse/v1\nkind: Workflow\nname: w\n";

    @TempDir
    Path dir;

    static Stream<Arguments> badWorkflows() {
        return Stream.of(
                Arguments.of("unknown key", HEAD + "functions:\n  a:\n    fanout: 3\n",
                        "functions.a.fanout", "(fanout)", "Maybe fanOut?"),
                Arguments.of("unknown top-level key", HEAD + "fuctions: {}\nfunctions:\n  a: {}\n",
                        "fuctions", "(fuctions)", "Valid keys:"),
                Arguments.of("missing apiVersion", "kind: Workflow\nname: w\nfunctions:\n  a: {}\n",
                        "apiVersion", "no apiVersion", "dagfuse/v1"),
                Arguments.of("wrong apiVersion", "apiVersion: dagfuse/v9\nkind: Workflow\nname: w\nfunctions:\n  a: {}\n",
                        "apiVersion", "(dagfuse/v9)", "Valid: dagfuse/v1"),
                Arguments.of("missing kind", "apiVersion: dagfuse/v1\nname: w\nfunctions:\n  a: {}\n",
                        "kind", "no kind", "kind: Workflow"),
                Arguments.of("after an unknown function", HEAD + "functions:\n  a: {}\n  b:\n    after: [nope]\n",
                        "functions.b.after[0]", "(nope)", "Known functions: a, b"),
                Arguments.of("cycle", HEAD + "functions:\n  a: { after: [c] }\n  b: { after: [a] }\n  c: { after: [b] }\n",
                        "functions.b.after", "a -> b -> c -> a", "DAG"),
                Arguments.of("self loop", HEAD + "functions:\n  a: { after: [a] }\n",
                        "functions.a.after[0]", "(a)", "itself"),
                Arguments.of("reads of a function that is not a predecessor", HEAD + "functions:\n  a: { fanOut: 4 }\n  x: {}\n"
                                + "  b:\n    after: [a]\n    fanOut: 2\n    reads:\n      x: { items: all }\n",
                        "functions.b.reads.x", "(x)", "not among its predecessors [a]"),
                Arguments.of("reads with an unknown mode", HEAD + "functions:\n  a: { fanOut: 4 }\n"
                                + "  b:\n    after: [a]\n    fanOut: 2\n    reads:\n      a: { items: some }\n",
                        "functions.b.reads.a.items", "(some)", "all, one, partition or window"),
                Arguments.of("a window past the last output", HEAD + "functions:\n  a: { fanOut: 21 }\n"
                                + "  b:\n    after: [a]\n    fanOut: 20\n    reads:\n      a: { items: window, size: 3 }\n",
                        "functions.b.reads.a", "window 3, stride 1", "ends at output 21"),
                Arguments.of("a window without a size", HEAD + "functions:\n  a: { fanOut: 21 }\n"
                                + "  b:\n    after: [a]\n    fanOut: 20\n    reads:\n      a: { items: window }\n",
                        "functions.b.reads.a.size", "(null)", "within 1..10000"),
                Arguments.of("a size on a partition", HEAD + "functions:\n  a: { fanOut: 21 }\n"
                                + "  b:\n    after: [a]\n    fanOut: 7\n    reads:\n      a: { items: partition, size: 3 }\n",
                        "functions.b.reads.a.size", "Only a window", "items: window"),
                Arguments.of("a partition into more branches than outputs", HEAD + "functions:\n  a: { fanOut: 3 }\n"
                                + "  b:\n    after: [a]\n    fanOut: 7\n    reads:\n      a: { items: partition }\n",
                        "functions.b.reads.a", "partition needs at least as many outputs (3)", "Maybe window"),
                Arguments.of("one between different fan-outs", HEAD + "functions:\n  a: { fanOut: 3 }\n"
                                + "  b:\n    after: [a]\n    fanOut: 7\n    reads:\n      a: { items: one }\n",
                        "functions.b.reads.a", "needs equal fan-outs", "Maybe partition or window"),
                Arguments.of("negative bytes read", HEAD + "functions:\n  a: { fanOut: 3 }\n"
                                + "  b:\n    after: [a]\n    fanOut: 3\n    reads:\n      a: { items: one, bytes: -5 }\n",
                        "functions.b.reads.a.bytes", "(-5)", ""),
                Arguments.of("an option's probability above 1", HEAD + "functions:\n  a: {}\n"
                                + "  b: { after: [a], when: { choice: route, probability: 1.5 } }\n",
                        "functions.b.when.probability", "(1.5)", "within 0..1"),
                Arguments.of("an option without a choice", HEAD + "functions:\n  a: {}\n"
                                + "  b: { after: [a], when: { probability: 0.5 } }\n",
                        "functions.b.when.choice", "(none)", "Maybe choice: route"),
                Arguments.of("options adding up to more than 1", HEAD + "functions:\n  a: {}\n"
                                + "  b: { after: [a], when: { choice: route, probability: 0.7 } }\n"
                                + "  c: { after: [a], when: { choice: route, probability: 0.4 } }\n",
                        "functions.c.when.probability", "add up to 1.1", "[b 0.7, c 0.4]"),
                Arguments.of("options after different functions", HEAD + "functions:\n  a: {}\n  x: {}\n"
                                + "  b: { after: [a], when: { choice: route, probability: 0.5 } }\n"
                                + "  c: { after: [x], when: { choice: route, probability: 0.5 } }\n",
                        "functions.c.after", "(b) comes after [a], (c) after [x]", "the same functions"),
                Arguments.of("a service task with a handler", HEAD + "functions:\n  a: {}\n"
                                + "  s: { after: [a], handler: x.Y, service: { latency: { median: 12ms } } }\n",
                        "functions.s.handler", "is a service task (service:)", "Maybe remove handler"),
                Arguments.of("a service task without a latency", HEAD + "functions:\n  a: {}\n"
                                + "  s: { after: [a], service: { priceUsd: 0.0000004 } }\n",
                        "functions.s.service.latency", "has no latency", "Maybe latency: {median: 12ms"),
                Arguments.of("a service task with a negative price", HEAD + "functions:\n  a: {}\n"
                                + "  s: { after: [a], service: { latency: { median: 12ms }, priceUsd: -1 } }\n",
                        "functions.s.service.priceUsd", "(-1.0)", "within 0..1 USD"),
                Arguments.of("a wait that is not a duration", HEAD + "functions:\n  a: {}\n  w: { after: [a], wait: soon }\n",
                        "functions.w.wait", "(soon)", ""),
                Arguments.of("a service task and a wait at once", HEAD + "functions:\n  a: {}\n"
                                + "  w: { after: [a], wait: 5s, service: { latency: { median: 12ms } } }\n",
                        "functions.w.wait", "both a service task and a Wait state", "Maybe keep one"),
                Arguments.of("a wait on the local platform", HEAD + "platform: { name: local }\nfunctions:\n  a: {}\n"
                                + "  w: { after: [a], wait: 5s }\n",
                        "functions.w.wait", "is a Wait state", "platform: {name: aws-lambda}"),
                Arguments.of("a negative iteration count", HEAD + "functions:\n  a: { iterations: [1, -2] }\n",
                        "functions.a.iterations[1]", "(-2)", "within 0..10000"),
                Arguments.of("no iteration counts", HEAD + "functions:\n  a: { iterations: [] }\n",
                        "functions.a.iterations", "must list 1..", "Maybe [1, 2, 2, 3]"),
                Arguments.of("one option with two probabilities", HEAD + "functions:\n  a: {}\n"
                                + "  b: { after: [a], when: { choice: route, option: big, probability: 0.5 } }\n"
                                + "  c: { after: [a], when: { choice: route, option: big, probability: 0.4 } }\n",
                        "functions.c.when.probability", "start option (big) of choice (route) with different", "Maybe 0.5"),
                Arguments.of("a width above the fanOut", HEAD + "functions:\n  a: { fanOut: 30, widths: [10, 40] }\n",
                        "functions.a.widths[1]", "(40)", "within 1..30"),
                Arguments.of("per-branch neighbours with different widths", HEAD + "functions:\n"
                                + "  a: { fanOut: 30, widths: [10, 30] }\n  b: { after: [a], fanOut: 30, widths: [20] }\n",
                        "functions.b.widths", "run branch by branch", "the same widths on both"),
                Arguments.of("reading two varying fan-outs", HEAD + "functions:\n  a: { fanOut: 5, widths: [2, 5] }\n"
                                + "  b: { fanOut: 4, widths: [1, 4] }\n  c: { after: [a, b] }\n",
                        "functions.c.after", "[a, b]", "a fixed width"),
                Arguments.of("widths on the local platform", HEAD + "platform: { name: local }\n"
                                + "functions:\n  a: { fanOut: 5, widths: [2, 5] }\n",
                        "functions.a.widths", "aws-lambda only", "remove widths"),
                Arguments.of("fanOut < 1", HEAD + "functions:\n  extract:\n    fanOut: 0\n",
                        "functions.extract.fanOut", "The fanOut (0) of function (extract)", "≥ 1"),
                Arguments.of("fanOut not a whole number", HEAD + "functions:\n  extract:\n    fanOut: 2.5\n",
                        "functions.extract.fanOut", "(2.5)", "whole number"),
                Arguments.of("memory above the range", HEAD + "functions:\n  a:\n    memoryMB: 20000\n",
                        "functions.a.memoryMB", "(20000 MB)", "128..10240"),
                Arguments.of("memory below the range", HEAD + "functions:\n  a:\n    memoryOptionsMB: [512, 64]\n",
                        "functions.a.memoryOptionsMB[1]", "(64 MB)", "128..10240"),
                Arguments.of("negative sample inline", HEAD + "functions:\n  a:\n    profile:\n      latencyMs:\n        1024: [5, -1]\n",
                        "functions.a.profile.latencyMs.1024[1]", "(-1.0)", "within 0..86400000"),
                Arguments.of("non-numeric sample inline", HEAD + "functions:\n  a:\n    profile:\n      latencyMs:\n        1024: [5, fast]\n",
                        "functions.a.profile.latencyMs.1024[1]", "(fast)", "not a number"),
                Arguments.of("duplicate key", HEAD + "functions:\n  a: {}\n  a: {}\n",
                        "functions.a", "'a' appears twice", "line 6"),
                Arguments.of("bad duration", HEAD + "objective:\n  latency: { percentile: 95, target: 3 sec }\nfunctions:\n  a: {}\n",
                        "objective.latency.target", "(3 sec)", "Maybe 250ms"),
                Arguments.of("bad percentile", HEAD + "objective:\n  latency: { percentile: 100, target: 3s }\nfunctions:\n  a: {}\n",
                        "objective.latency.percentile", "(100.0)", "< 100"),
                Arguments.of("bad platform", HEAD + "platform: { name: gcp }\nfunctions:\n  a: {}\n",
                        "platform.name", "(gcp)", "aws-lambda, local"),
                Arguments.of("platform memory above Lambda's", HEAD + "platform: { memoryMaxMB: 20480 }\nfunctions:\n  a: {}\n",
                        "platform.memoryMaxMB", "(20480)", "128..10240"),
                Arguments.of("platform memory below Lambda's", HEAD + "platform: { memoryMinMB: 32 }\nfunctions:\n  a: {}\n",
                        "platform.memoryMinMB", "(32)", "Maybe 128"),
                Arguments.of("unknown orchestration", HEAD + "platform: { orchestration: fast }\nfunctions:\n  a: {}\n",
                        "platform.orchestration", "(fast)", "auto (the planner chooses), standard, express"),
                Arguments.of("orchestration on local", HEAD + "platform: { name: local, orchestration: express }\nfunctions:\n  a: {}\n",
                        "platform.orchestration", "(express)", "Remove it"),
                Arguments.of("bad hand-off sigma", HEAD + "platform:\n  latency: { standardState: { median: 150ms, sigma: -1 } }\n"
                        + "functions:\n  a: {}\n", "platform.latency.standardState.sigma", "(-1.0)", "Maybe 0.35"),
                Arguments.of("bad limit quantile", HEAD + "platform: { limitQuantile: 100 }\nfunctions:\n  a: {}\n",
                        "platform.limitQuantile", "(100.0)", "Maybe 99.9"),
                Arguments.of("unknown profile architecture", HEAD + "functions:\n  a:\n    profile:\n      latencyMs: { 1024: [5] }\n"
                        + "      architectures: { sparc: { latencyMs: { 1024: [4] } } }\n",
                        "functions.a.profile.architectures.sparc", "(sparc)", "x86_64, arm64"),
                Arguments.of("cpu fraction above 1", HEAD + "functions:\n  a:\n    profile:\n      cpuFraction: 20\n"
                        + "      latencyMs: { 1024: [5] }\n", "functions.a.profile.cpuFraction", "(20.0)", "within (0, 1]"),
                Arguments.of("cpu fraction 0", HEAD + "functions:\n  a:\n    profile:\n      cpuFraction: 0\n"
                        + "      latencyMs: { 1024: [5] }\n", "functions.a.profile.cpuFraction", "(0.0)", "0.2 for"),
                Arguments.of("no functions", HEAD + "functions: {}\n", "functions", "no functions", "at least one"),
                Arguments.of("syntax error", HEAD + "functions:\n  a: [unclosed\n", "functions.a[0]", "not valid YAML", "line"),
                Arguments.of("a list where a mapping belongs", HEAD + "functions:\n  - a\n", "functions", "not a mapping", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badWorkflows")
    void badWorkflowGivesOneClearLine(String name, String yaml, String path, String value, String valid) throws IOException {
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, yaml);
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readWorkflow(file));
        assertThat(e).as(name).isNotNull();
        InputError first = e.errors().get(0);
        assertThat(first.file()).isEqualTo(file.toString());
        assertThat(first.path()).isEqualTo(path);
        assertThat(first.message()).contains(value).contains(valid).doesNotContain("\n");
        assertThat(first.toString()).startsWith(file + ": ");
    }

    @Test
    void profileForAnUnknownFunctionIsRejected() throws IOException {
        Path wf = dir.resolve("workflow.yaml");
        Files.writeString(wf, HEAD + "functions:\n  a: {}\n");
        Path profile = dir.resolve("profile.yaml");
        Files.writeString(profile, "apiVersion: dagfuse/v1\nkind: Profile\nsource: local-jvm\nfunctions:\n"
                + "  zzz:\n    latencyMs: { 1024: [10] }\n");
        InputException e = catchThrowableOfType(InputException.class,
                () -> ModelFiles.readProfile(profile, ModelFiles.readWorkflow(wf)));
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.path()).isEqualTo("functions.zzz");
            assertThat(err.message()).contains("(zzz)").contains("Its functions: a");
        });
    }

    @Test
    void negativeAndNonNumericSamplesInAProfileAreRejected() throws IOException {
        Path profile = dir.resolve("profile.yaml");
        Files.writeString(profile, "apiVersion: dagfuse/v1\nkind: Profile\nsource: local-jvm\nfunctions:\n"
                + "  a:\n    latencyMs: { 1024: [10, -3] }\n    coldStartMs: [-1]\n");
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readProfile(profile, null));
        assertThat(e.errors()).extracting(InputError::path)
                .containsExactly("functions.a.coldStartMs[0]", "functions.a.latencyMs.1024[1]");

        Files.writeString(profile, "apiVersion: dagfuse/v1\nkind: Profile\nsource: local-jvm\nfunctions:\n"
                + "  a:\n    latencyMs: { 1024: [10, slow] }\n");
        assertThatThrownBy(() -> ModelFiles.readProfile(profile, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("functions.a.latencyMs.1024[1]").hasMessageContaining("(slow)");
    }

    @Test
    void aProfileIsNotAWorkflow() throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, "apiVersion: dagfuse/v1\nkind: Profile\nsource: synthetic\nfunctions: {}\n");
        assertThatThrownBy(() -> ModelFiles.readWorkflow(file)).isInstanceOf(InputException.class)
                .hasMessageContaining("kind: The kind (Profile) is not valid here. Expected: Workflow.");
    }

    @Test
    void aMissingFileIsNamed() {
        Path file = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ModelFiles.readWorkflow(file)).isInstanceOf(InputException.class)
                .hasMessage(file + ": The file does not exist.");
    }

    @Test
    void allProblemsOfAFileAreReportedTogether() throws IOException {
        Path file = dir.resolve("w.yaml");
        Files.writeString(file, HEAD + "functions:\n  a: { fanOut: 0, memoryMB: 1 }\n  b: { fanOut: -2 }\n");
        InputException e = catchThrowableOfType(InputException.class, () -> ModelFiles.readWorkflow(file));
        assertThat(e.errors()).extracting(InputError::path)
                .containsExactly("functions.a.fanOut", "functions.a.memoryMB", "functions.b.fanOut");
    }
}
