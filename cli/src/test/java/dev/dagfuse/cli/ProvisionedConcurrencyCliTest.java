// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: provisioned concurrency in plans, black-box (docs/model.md §3b, docs/formats.md). */
class ProvisionedConcurrencyCliTest {

    private static final Path VIDEO = Path.of("../samples/video-analytics");

    @TempDir
    Path dir;

    private Path workflow() throws Exception {
        Files.copy(VIDEO.resolve("profile.yaml"), dir.resolve("profile.yaml"));
        return Files.copy(VIDEO.resolve("workflow.yaml"), dir.resolve("workflow.yaml"));
    }

    @Test
    void atAHighRateThePlanProvisionsGroupsShowsThemAndEvaluateReproducesIt() throws Exception {
        Path wf = workflow();
        Path plan = dir.resolve("plan.yaml");
        CliRun made = CliRun.of("plan", wf.toString(), "--rate", "50/s", "--samples", "2000", "-o", plan.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains(" provisioned").contains("spill").contains("keep/1M req");
        assertThat(Files.readString(plan)).contains("provisioned: ");

        CliRun json = CliRun.of("evaluate", wf.toString(), "--plan", plan.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.get("reproducesPlanPredicted").asBoolean()).isTrue();
        int provisioned = 0;
        for (JsonNode g : tree.get("groups")) {
            if (g.has("provisioned")) {
                provisioned++;
                assertThat(g.get("provisioned").asInt()).isPositive();
                assertThat(g.get("spillProbability").asDouble()).isBetween(0.0, 0.1);
                assertThat(g.get("provisionedCostUsd").asDouble()).isPositive()
                        .isLessThan(g.get("meanCostUsd").asDouble());
            }
        }
        assertThat(provisioned).isPositive();

        // the report's group table has the columns too (report takes its rate from the workflow's load)
        Path loaded = Files.writeString(dir.resolve("loaded.yaml"), Files.readString(wf) + "load: {rate: 50/s}\n");
        Path html = dir.resolve("report.html");
        CliRun report = CliRun.of("report", loaded.toString(), "--plan", plan.toString(), "--points", "0", "-o",
                html.toString());
        assertThat(report.code()).as(report.err()).isZero();
        assertThat(Files.readString(html)).contains("<th class=\"num\">start</th>").contains(" provisioned</td>").contains("keep per 1M");
    }

    @Test
    void withoutARateThePlanHasNoProvisioningColumns() throws Exception {
        CliRun plain = CliRun.of("plan", workflow().toString(), "--samples", "2000", "--format", "json");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.out()).doesNotContain("provisioned");
    }

    @Test
    void aBadOrUnusableProvisionedCountExitsTwoNamingTheGroup() throws Exception {
        Path wf = workflow();
        String groups = "apiVersion: dagfuse/v1\nkind: Plan\nworkflow: video-analytics\ngroups:\n"
                + "  - {functions: [split], memoryMB: 1024, provisioned: %s}\n"
                + "  - {functions: [extract, classify], memoryMB: 1024, fanOut: 30, bundleSize: 30}\n"
                + "  - {functions: [merge], memoryMB: 1024}\n";
        Path zero = Files.writeString(dir.resolve("zero.yaml"), groups.formatted("0"));
        CliRun bad = CliRun.of("evaluate", wf.toString(), "--plan", zero.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains(zero.toString()).contains("groups[0].provisioned")
                .contains("must be within 1..100000");

        Path two = Files.writeString(dir.resolve("two.yaml"), groups.formatted("2"));
        CliRun noRate = CliRun.of("evaluate", wf.toString(), "--plan", two.toString());
        assertThat(noRate.code()).isEqualTo(2);
        assertThat(noRate.err()).as("names the plan file").contains(two + ": groups[0].provisioned").contains("arrival rate");
        CliRun rated = CliRun.of("evaluate", wf.toString(), "--plan", two.toString(), "--rate", "5/s");
        assertThat(rated.code()).as(rated.err()).isZero();
        assertThat(rated.out()).contains("provisioned").contains("on demand");

        Path local = Files.writeString(dir.resolve("local.yaml"), Files.readString(wf)
                .replace("objective:", "platform: {name: local, cores: 2}\nobjective:"));
        CliRun refused = CliRun.of("evaluate", local.toString(), "--plan", two.toString(), "--rate", "5/s");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("groups[0].provisioned").contains("does not offer");
    }
}
