// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RunCommandTest {

    @TempDir
    Path dir;

    /** Sleeps 2 ms and passes its input on with its name appended. */
    public static final class Step implements Handler {
        @Override
        public Object handle(Invocation invocation) throws Exception {
            Thread.sleep(2);
            Object in = invocation.inputs().isEmpty() ? invocation.requestInput() : invocation.inputs().values().iterator().next();
            return in + "/" + invocation.function() + invocation.branch();
        }

        @Override
        public Object defaultInput(long seed) {
            return "req" + seed;
        }
    }

    /** Always fails. */
    public static final class Broken implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            throw new IllegalStateException("broken on purpose");
        }
    }

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = DagfuseCommand.newCommandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path workflow(String lastHandler) throws Exception {
        String step = Step.class.getName();
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: tiny
                platform: { name: local, cores: 2 }
                functions:
                  a:
                    handler: %s
                    profile: { outputBytes: 100, latencyMs: { "1024": [2.1, 2.2, 2.3] } }
                  b:
                    handler: %s
                    after: [a]
                    fanOut: 3
                    retry: { maxAttempts: 2, backoff: 1ms }
                    profile: { outputBytes: 100, latencyMs: { "1024": [2.1, 2.2, 2.3] } }
                  c:
                    handler: %s
                    after: [b]
                    profile: { outputBytes: 100, latencyMs: { "1024": [2.1, 2.2, 2.3] } }
                """.formatted(step, step, lastHandler));
        return file;
    }

    @Test
    void runsThePlanAndWritesMeasuredAndPredictedNumbers() throws Exception {
        Path wf = workflow(Step.class.getName());
        Path report = dir.resolve("report.json");
        int code = run("run", wf.toString(), "--requests", "6", "--warmup", "1", "--work-dir", dir.resolve("work").toString(),
                "-o", report.toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("measured", "predicted", "where the time went", "a", "b", "c");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("succeeded").asInt()).isEqualTo(6);
        assertThat(json.get("measured").get("p95Ms").asDouble()).isPositive();
        assertThat(json.get("predicted").get("p95Ms").asDouble()).isPositive();
        assertThat(json.get("relativeError").has("p95")).isTrue();
        assertThat(json.get("requests")).hasSize(7);
        assertThat(json.get("groups")).hasSize(3);
    }

    @Test
    void aFailingRequestExitsOneAndNamesTheFunction() throws Exception {
        Path wf = workflow(Broken.class.getName());
        int code = run("run", wf.toString(), "--requests", "2", "--warmup", "0", "--format", "json");
        assertThat(code).isEqualTo(ExitCodes.FAILURE);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("failed").asInt()).isEqualTo(2);
        JsonNode failure = json.get("requests").get(0).get("failure");
        assertThat(failure.get("function").asText()).isEqualTo("c");
        assertThat(failure.get("attempts").asInt()).isEqualTo(2);
        assertThat(failure.get("exception").asText()).isEqualTo("IllegalStateException: broken on purpose");
    }

    @Test
    void badLoadOptionsAreUsageErrors() throws Exception {
        Path wf = workflow(Step.class.getName());
        assertThat(run("run", wf.toString(), "--rate", "fast")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("The rate (fast) is not valid");
        assertThat(run("run", wf.toString(), "--rate", "5/s", "--concurrency", "2")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void openLoopRateIsAccepted() throws Exception {
        Path wf = workflow(Step.class.getName());
        int code = run("run", wf.toString(), "--requests", "4", "--warmup", "0", "--rate", "100/s");
        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("open loop, 100.0 requests/s");
    }
}
