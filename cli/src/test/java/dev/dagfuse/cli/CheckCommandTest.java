// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code dagfuse check}, black-box, on the hand-written fixture in src/test/resources/check/video. */
class CheckCommandTest {

    static final String DIR = "src/test/resources/check/video/";
    static final String WORKFLOW = DIR + "workflow.yaml";
    static final String FUSED = DIR + "plan-fused.json";

    @TempDir
    Path tmp;

    private String baseline() {
        String file = tmp.resolve("baseline.json").toString();
        CliRun run = CliRun.of("check", WORKFLOW, "--plan", FUSED, "--write-baseline", file, "--samples", "2000");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("wrote " + file + ": plan of 3 groups (split 1024 MB, extract+classify 2048 MB, "
                + "merge 512 MB), P50 ");
        return file;
    }

    @Test
    void anUnchangedWorkflowPasses() {
        String baseline = baseline();
        CliRun run = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", FUSED);
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("PASS  video: no change (").contains("No group changed (3 groups).");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void onTheLocalPlatformCostsAreCoreSecondsNotDollars() throws Exception {
        Path dir = tmp.resolve("local");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("workflow.yaml"), Files.readString(Path.of(WORKFLOW))
                .replace("functions:\n", "platform: { name: local, cores: 2 }\nfunctions:\n"));
        Files.copy(Path.of(DIR + "profile.yaml"), dir.resolve("profile.yaml"));
        String wf = dir.resolve("workflow.yaml").toString();
        String baseline = dir.resolve("baseline.json").toString();
        CliRun write = CliRun.of("check", wf, "--plan", FUSED, "--write-baseline", baseline, "--samples", "2000");
        assertThat(write.code()).as(write.err()).isZero();
        assertThat(write.out()).contains(" core-s per 1M requests").doesNotContain("$");

        CliRun text = CliRun.of("check", wf, "--baseline", baseline, "--plan", DIR + "plan-no-fusion.json");
        assertThat(text.out()).contains("core-s").doesNotContain("$");
        CliRun json = CliRun.of("check", wf, "--baseline", baseline, "--plan", FUSED, "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(json.out()).contains("\"unit\" : \"CORE_SECONDS\"").doesNotContain("\"unit\" : \"USD\"");
    }

    @Test
    void aRemovedFusionFailsNamingTheGroupInEveryFormat() throws Exception {
        String baseline = baseline();
        String noFusion = DIR + "plan-no-fusion.json";
        CliRun text = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", noFusion);
        assertThat(text.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(text.out()).startsWith("REGRESSION  video: cost per 1M requests +")
                .contains("Group extract+classify → extract, classify caused it.")
                .contains("* extract+classify → extract, classify: fusion removed: extract+classify split into extract, "
                        + "classify");

        Path md = tmp.resolve("comment.md");
        CliRun markdown = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", noFusion, "--format", "markdown",
                "-o", md.toString());
        assertThat(markdown.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(markdown.out().lines()).singleElement().asString().startsWith("REGRESSION  video: ");
        assertThat(Files.readString(md)).startsWith("### ❌ dagfuse check failed: `video`")
                .contains("| ❌ `extract+classify → extract, classify` | fusion removed");

        Path xml = tmp.resolve("TEST-dagfuse.xml");
        CliRun junit = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", noFusion, "--format", "junit",
                "-o", xml.toString());
        assertThat(junit.code()).isEqualTo(ExitCodes.FAILURE);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertThat(doc.getElementsByTagName("failure").getLength()).isGreaterThanOrEqualTo(2);
        assertThat(Files.readString(xml)).contains("name=\"group extract+classify → extract, classify\"");

        CliRun json = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", noFusion, "--format", "json");
        assertThat(json.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(json.out()).contains("\"verdict\" : \"REGRESSION\"");
    }

    @Test
    void lessMemoryFailsNamingTheGroupAndALooseToleranceLetsItPass() {
        String baseline = baseline();
        String less = DIR + "plan-less-memory.json";
        CliRun run = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", less);
        assertThat(run.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(run.out()).contains("Group extract+classify caused it.")
                .contains("* extract+classify: memory 2048 → 512 MB;");
        CliRun loose = CliRun.of("check", WORKFLOW, "--baseline", baseline, "--plan", less, "--max-latency-increase",
                "1000%", "--max-cost-increase", "1000%");
        assertThat(loose.code()).as(loose.out()).isZero();
        assertThat(loose.out()).startsWith("PASS  video: within tolerance: ");
    }

    @Test
    void aPlanFileIsABaselineToo() throws Exception {
        Path plan = tmp.resolve("plan.json");
        String snapshot = baseline();
        // the plan inside a snapshot, as dagfuse plan would write it: groups and predicted numbers
        String text = Files.readString(Path.of(snapshot));
        com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        com.fasterxml.jackson.databind.node.ObjectNode planTree = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("plan");
        assertThat(planTree.get("model").get("samples").asInt()).isEqualTo(2000);
        Files.writeString(plan, planTree.toPrettyString());
        // the plan file records how its numbers were drawn (2,000 samples, seed 42): the same numbers, at 0% tolerance
        CliRun run = CliRun.of("check", WORKFLOW, "--baseline", plan.toString(), "--plan", FUSED,
                "--max-cost-increase", "0%", "--max-latency-increase", "0%");
        assertThat(run.code()).as(run.out()).isZero();
        assertThat(run.out()).contains("The baseline is a plan file").contains("no change");
        // without its model block (an older plan file), the check draws with the defaults: the numbers move a little
        planTree.remove("model");
        Files.writeString(plan, planTree.toPrettyString());
        CliRun old = CliRun.of("check", WORKFLOW, "--baseline", plan.toString(), "--plan", FUSED);
        assertThat(old.code()).as(old.out()).isZero();
        assertThat(old.out()).contains("within tolerance").doesNotContain("no change");
    }

    @Test
    void badInputExitsTwo() {
        CliRun missing = CliRun.of("check", WORKFLOW, "--baseline", tmp.resolve("none.json").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("none.json: The file does not exist.");

        CliRun neither = CliRun.of("check", WORKFLOW);
        assertThat(neither.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(neither.err()).contains("Give --baseline BASELINE");

        CliRun tolerance = CliRun.of("check", WORKFLOW, "--baseline", FUSED, "--max-cost-increase", "five");
        assertThat(tolerance.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(tolerance.err()).contains("The tolerance (five) is not a percentage. Maybe 5% or 2.5%.");

        CliRun samples = CliRun.of("check", WORKFLOW, "--baseline", FUSED, "--samples", "100");
        assertThat(samples.code()).isEqualTo(ExitCodes.USAGE);

        CliRun notPredicted = CliRun.of("check", WORKFLOW, "--baseline", FUSED);
        assertThat(notPredicted.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(notPredicted.err()).contains("predicted: The plan has no predicted numbers");

        CliRun format = CliRun.of("check", WORKFLOW, "--baseline", FUSED, "--format", "html");
        assertThat(format.code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void helpSaysWhatItDoes() {
        CliRun run = CliRun.of("check", "--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Exit codes: 0 within tolerance, 1 regression, 2 bad input.")
                .contains("--max-cost-increase=PCT").contains("--write-baseline=FILE");
    }
}
