// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14, the CI gate: a plan-file baseline whose predicted values were "Infinity" made every row "missing", then
 * PASS with exit 0 (on a plan 131% slower at P95); negative values were taken ("$-1,000,000.00"). A gate must never
 * pass on a baseline it could not read: exit 2. Each case failed before.
 */
class BaselineGateTest {

    private static final String DIR = CheckCommandTest.DIR;

    @TempDir
    Path tmp;

    private Path planBaseline(String p95, String cost) throws IOException {
        return Files.writeString(tmp.resolve("baseline.json"), """
                {
                  "apiVersion": "dagfuse/v1",
                  "kind": "Plan",
                  "workflow": "video",
                  "groups": [
                    {"functions": ["split"], "memoryMB": 1024},
                    {"functions": ["extract", "classify"], "memoryMB": 2048, "fanOut": 8, "bundleSize": 1},
                    {"functions": ["merge"], "memoryMB": 512}
                  ],
                  "predicted": { "p50Ms": 500, "p95Ms": %s, "meanCostUsd": %s }
                }
                """.formatted(p95, cost));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"Infinity\"  | 0.0001 | p95Ms       | Infinity",
            "\"-Infinity\" | 0.0001 | p95Ms       | -Infinity",
            "\"NaN\"       | 0.0001 | p95Ms       | NaN",
            "-5          | 0.0001 | p95Ms       | -5.0",
            "900         | -1     | meanCostUsd | -1.0"})
    void aPlanBaselineWithNumbersThatAreNotFiniteAndPositiveIsRefused(String p95, String cost, String key, String shown)
            throws IOException {
        Path baseline = planBaseline(p95, cost);

        CliRun run = CliRun.of("check", DIR + "workflow.yaml", "--baseline", baseline.toString(), "--plan",
                DIR + "plan-no-fusion.json");

        assertThat(run.code()).as(run.out()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).doesNotContain("PASS");
        assertThat(run.err()).contains(baseline + ": predicted." + key + ": The predicted " + key + " (" + shown
                + ") must be a finite number ≥ 0.");
        assertThat(CliRun.of("validate", baseline.toString(), "--workflow", DIR + "workflow.yaml").code())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void aSnapshotBaselineWithANegativeGroupNumberIsRefused() throws IOException {
        Path baseline = tmp.resolve("snapshot.json");
        CliRun write = CliRun.of("check", DIR + "workflow.yaml", "--plan", DIR + "plan-fused.json", "--write-baseline",
                baseline.toString(), "--samples", "2000");
        assertThat(write.code()).as(write.err()).isZero();
        String json = Files.readString(baseline);
        Files.writeString(baseline, json.replaceFirst("(\"groups\" : \\[ \\{\\s*\"id\" : \"split\",\\s*\"meanCostUsd\" : )"
                + "[0-9.Ee-]+", "$1-3.0"));
        assertThat(Files.readString(baseline)).contains("-3.0");

        CliRun run = CliRun.of("check", DIR + "workflow.yaml", "--baseline", baseline.toString(), "--plan",
                DIR + "plan-fused.json");

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains(baseline + ": groups[0].meanCostUsd: The meanCostUsd (-3.0) must be a finite "
                + "number ≥ 0.");
    }
}
