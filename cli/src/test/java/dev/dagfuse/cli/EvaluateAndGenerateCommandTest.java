// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.Plans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EvaluateAndGenerateCommandTest {

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

    @Test
    void generateWritesAValidSyntheticWorkflowAndProfileDeterministically() throws Exception {
        Result r = run("generate", "--functions", "12", "--max-fan-out", "6", "--seed", "3", "-o", dir.resolve("a").toString());
        assertThat(r.code()).as(r.err()).isZero();
        run("generate", "--functions", "12", "--max-fan-out", "6", "--seed", "3", "-o", dir.resolve("b").toString());
        assertThat(Files.readString(dir.resolve("a/workflow.yaml"))).isEqualTo(Files.readString(dir.resolve("b/workflow.yaml")));
        assertThat(Files.readString(dir.resolve("a/profile.yaml"))).isEqualTo(Files.readString(dir.resolve("b/profile.yaml")))
                .contains("source: synthetic");
        Inputs.Loaded in = Inputs.loadForModel(dir.resolve("a/workflow.yaml"), null);
        assertThat(in.workflow().functions()).hasSize(12);
        assertThat(in.workflow().functions().values()).allMatch(f -> f.fanOut() <= 6);
        assertThat(in.profileFile()).isNotNull();
        Result validate = run("validate", dir.resolve("a/workflow.yaml").toString(), dir.resolve("a/profile.yaml").toString());
        assertThat(validate.code()).as(validate.err()).isZero();
    }

    @Test
    void evaluateReproducesThePredictedNumbersOfAPlanItWasGiven() throws Exception {
        run("generate", "--functions", "6", "--max-fan-out", "8", "--seed", "5", "-o", dir.toString());
        Path wf = dir.resolve("workflow.yaml");
        Inputs.Loaded in = Inputs.loadForModel(wf, null);
        Workflow w = in.workflow();
        Plan baseline = Plans.asDeployed(w);
        Evaluation e = Models.monteCarlo(w, in.profile(), ModelOptions.defaults()).evaluate(baseline);
        Path planFile = dir.resolve("plan.json");
        ModelFiles.writePlan(baseline.withPredicted(e.predicted()), planFile);

        Result json = run("evaluate", wf.toString(), "--plan", planFile.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.get("reproducesPlanPredicted").asBoolean()).isTrue();
        assertThat(tree.get("predicted").get("p95Ms").asDouble()).isCloseTo(e.predicted().percentileMs(95),
                org.assertj.core.data.Offset.offset(0.001));
        assertThat(tree.get("groups")).hasSize(6);
        assertThat(tree.get("model").get("samples").asInt()).isEqualTo(10_000);

        Result table = run("evaluate", wf.toString(), "--plan", planFile.toString());
        assertThat(table.out()).contains("Modelled, not measured").contains("p95").contains("reproduced exactly")
                .contains("request");
        Result other = run("evaluate", wf.toString(), "--plan", planFile.toString(), "--seed", "9", "--format", "markdown");
        assertThat(other.out()).contains("| group |").contains("differ from this evaluation");
        Result yaml = run("evaluate", wf.toString(), "--plan", planFile.toString(), "--samples", "500", "--format", "yaml");
        assertThat(yaml.out()).contains("samples: 500");
    }

    @Test
    void evaluateDrawsAsThePlanFileRecordsAndSaysWhyNumbersDiffer() throws Exception {
        run("generate", "--functions", "4", "--max-fan-out", "4", "--seed", "3", "-o", dir.toString());
        Path wf = dir.resolve("workflow.yaml");
        Path planFile = dir.resolve("plan.yaml");
        Result plan = run("plan", wf.toString(), "--p95", "100s", "--samples", "700", "--seed", "5", "-o", planFile.toString());
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(Files.readString(planFile)).contains("samples: 700").contains("seed: 5")
                .contains("version: \"" + Models.VERSION + "\"");

        Result same = run("evaluate", wf.toString(), "--plan", planFile.toString());
        assertThat(same.out()).contains("Monte Carlo over 700").contains("Plan's predicted numbers: reproduced exactly.");
        Result more = run("evaluate", wf.toString(), "--plan", planFile.toString(), "--samples", "900");
        assertThat(more.out()).contains("differ from this evaluation: the plan's were drawn with 700 samples and seed 5,"
                + " these with 900 and 5.");

        // the same settings but another profile: the reason left is the inputs
        String profile = Files.readString(dir.resolve("profile.yaml"));
        int sample = profile.indexOf("- ", profile.indexOf("latencyMs:")) + 2;
        Files.writeString(dir.resolve("profile.yaml"), profile.substring(0, sample) + "9" + profile.substring(sample));
        Result changed = run("evaluate", wf.toString(), "--plan", planFile.toString());
        assertThat(changed.out()).contains("same samples, seed and model version, so the profile or the workflow changed");
    }

    @Test
    void evaluateWithoutAProfileNamesTheFunctionAndExits2() throws Exception {
        Path wf = dir.resolve("workflow.yaml");
        Files.writeString(wf, """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: tiny
                functions:
                  a:
                    profile:
                      latencyMs: {1024: [10, 12, 11]}
                  b:
                    after: [a]
                """);
        Path plan = dir.resolve("plan.yaml");
        ModelFiles.writePlan(Plans.asDeployed(ModelFiles.readWorkflow(wf)), plan);
        Result r = run("evaluate", wf.toString(), "--plan", plan.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("function (b) has no profile").contains("dagfuse profile").doesNotContain("Exception");
        Result bad = run("evaluate", wf.toString(), "--plan", plan.toString(), "--samples", "0");
        assertThat(bad.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("--samples (0)");
    }
}
