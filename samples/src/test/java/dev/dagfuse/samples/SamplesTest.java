// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class SamplesTest {

    static final List<String> NAMES = Samples.NAMES;
    private static final Set<String> FUNCTION_KEYS = Set.of("handler", "memoryMB", "memoryOptionsMB", "fanOut", "after");

    @Test
    void listsTheThreeSamples() {
        assertThat(Samples.NAMES).containsExactly("video-analytics", "ml-pipeline", "chatbot");
        assertThatThrownBy(() -> Samples.steps("nope")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope");
    }

    /** The workflow.yaml and the helper's hardcoded topology must not drift apart. */
    @ParameterizedTest
    @FieldSource("NAMES")
    void workflowYamlMatchesTheHelpersTopology(String name) throws Exception {
        Path folder = Path.of(name); // surefire runs in the module's folder
        assertThat(folder.resolve("README.md")).isRegularFile();
        JsonNode workflow = new ObjectMapper(new YAMLFactory()).readTree(folder.resolve("workflow.yaml").toFile());
        assertThat(workflow.path("apiVersion").asText()).isEqualTo("dagfuse/v1");
        assertThat(workflow.path("kind").asText()).isEqualTo("Workflow");
        assertThat(workflow.path("name").asText()).isEqualTo(name);
        assertThat(workflow.path("description").asText()).isNotBlank();
        assertThat(workflow.path("objective").path("latency").path("percentile").asInt()).isEqualTo(95);
        assertThat(workflow.path("objective").path("latency").path("target").asText()).matches("\\d+s");

        List<Samples.Step> declared = new ArrayList<>();
        for (Map.Entry<String, JsonNode> function : workflow.path("functions").properties()) {
            JsonNode spec = function.getValue();
            assertThat(spec.properties()).extracting(Map.Entry::getKey).as(function.getKey()).isSubsetOf(FUNCTION_KEYS);
            Class<?> type = Class.forName(spec.path("handler").asText());
            assertThat(Handler.class).isAssignableFrom(type);
            assertThat(Modifier.isPublic(type.getModifiers())).isTrue();
            assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
            List<String> after = new ArrayList<>();
            spec.path("after").forEach(p -> after.add(p.asText()));
            declared.add(new Samples.Step(function.getKey(), type.asSubclass(Handler.class), spec.path("fanOut").asInt(1), after));
        }
        assertThat(declared).containsExactlyElementsOf(Samples.steps(name));
    }

    /** Returns {@code (function, branch, fanOut, inputs)} so the runner's wiring is visible. */
    public static class Probe implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            List<Object> seen = new ArrayList<>();
            invocation.inputs().keySet().stream().sorted().forEach(p -> seen.add(p + "=" + invocation.inputs(p)));
            return invocation.function() + "#" + invocation.branch() + "/" + invocation.fanOut() + seen;
        }

        @Override
        public Object defaultInput(long seed) {
            return "request-" + seed;
        }
    }

    /** Returns the request input, to check every function receives it. */
    public static class Echo implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return String.valueOf(invocation.requestInput());
        }
    }

    @Test
    void runnerAppliesPerBranchScatterAndGatherInBranchOrder() throws Exception {
        List<Samples.Step> steps = List.of(
                // Declared out of order on purpose: the runner orders them topologically.
                new Samples.Step("gather", Probe.class, 1, List.of("each")),
                new Samples.Step("each", Probe.class, 3, List.of("fan")),
                new Samples.Step("fan", Probe.class, 3, List.of("entry")),
                new Samples.Step("twice", Probe.class, 2, List.of("each", "entry")),
                new Samples.Step("entry", Probe.class, 1, List.of()),
                new Samples.Step("echo", Echo.class, 1, List.of("gather")));
        Samples.Run run = Samples.run(steps, 7);

        assertThat(run.requestInput()).isEqualTo("request-7");
        assertThat(run.output("entry")).isEqualTo("entry#0/1[]");
        // Scatter: every branch gets the single output.
        assertThat(run.outputs().get("fan")).containsExactly("fan#0/3[entry=[entry#0/1[]]]", "fan#1/3[entry=[entry#0/1[]]]",
                "fan#2/3[entry=[entry#0/1[]]]");
        // Per-branch: branch i gets branch i.
        assertThat(run.outputs().get("each").get(2)).isEqualTo("each#2/3[fan=[fan#2/3[entry=[entry#0/1[]]]]]");
        // Gather: every branch's output, in branch order.
        assertThat(run.output("gather")).isEqualTo("gather#0/1[each=[" + run.outputs().get("each").get(0) + ", "
                + run.outputs().get("each").get(1) + ", " + run.outputs().get("each").get(2) + "]]");
        // n → m with n ≠ m is a gather too; two predecessors both arrive.
        assertThat((String) run.outputs().get("twice").get(1)).startsWith("twice#1/2[each=[each#0/3").contains("entry=[entry#0/1[]]");
        assertThat(run.output("echo")).isEqualTo("request-7");
        assertThat(run.cpuNanos().get("each")).hasSize(3).doesNotContain(-1L);
        Serialization.assertAllRoundTrip(run);
    }

    @Test
    void runnerRejectsCyclesUnknownPredecessorsAndNonSerializableOutputs() {
        assertThatThrownBy(() -> Samples.run(List.of(new Samples.Step("a", Probe.class, 1, List.of("b")),
                new Samples.Step("b", Probe.class, 1, List.of("a"))), "x")).hasMessageContaining("cycle");
        assertThatThrownBy(() -> Samples.run(List.of(new Samples.Step("a", Probe.class, 1, List.of("ghost"))), "x"))
                .hasMessageContaining("[a]");
        assertThatThrownBy(() -> Samples.run(List.of(new Samples.Step("a", Unserializable.class, 1, List.of())), "x"))
                .hasMessageContaining("non-Serializable");
    }

    public static class Unserializable implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return new Object();
        }
    }
}
