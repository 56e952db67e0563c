// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: {@code --rate} and {@code load:}, black-box. */
class RateOptionTest {

    private static final Path VIDEO = Path.of("../samples/video-analytics");

    @TempDir
    Path dir;

    /** The video sample beside its profile, with {@code extra} added to the workflow (e.g. a load: block). */
    private Path workflowWith(String extra) throws Exception {
        Files.copy(VIDEO.resolve("profile.yaml"), dir.resolve("profile.yaml"));
        Path wf = dir.resolve("workflow.yaml");
        Files.writeString(wf, Files.readString(VIDEO.resolve("workflow.yaml")) + extra);
        return wf;
    }

    @Test
    void aPlanMadeWithARateRecordsItAndEvaluateReproducesItsNumbers() throws Exception {
        Path wf = workflowWith("");
        Path plan = dir.resolve("plan.json");
        CliRun made = CliRun.of("plan", wf.toString(), "--rate", "5/s", "--samples", "2000", "-o", plan.toString());
        assertThat(made.code()).as(made.err()).isZero();
        JsonNode file = new ObjectMapper().readTree(plan.toFile());
        assertThat(file.get("model").get("ratePerSecond").asDouble()).isEqualTo(5.0);

        CliRun json = CliRun.of("evaluate", wf.toString(), "--plan", plan.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.get("reproducesPlanPredicted").asBoolean()).isTrue();
        assertThat(tree.get("model").get("ratePerSecond").asDouble()).isEqualTo(5.0);
        for (JsonNode g : tree.get("groups")) {
            assertThat(g.get("coldStartProbability").asDouble()).isBetween(0.0, 1.0);
        }

        CliRun text = CliRun.of("evaluate", wf.toString(), "--plan", plan.toString());
        assertThat(text.out()).contains("requests arriving at 5/s").contains("P(cold)").contains("reproduced exactly");
        CliRun other = CliRun.of("evaluate", wf.toString(), "--plan", plan.toString(), "--rate", "0.001/s");
        assertThat(other.code()).as(other.err()).isZero();
        assertThat(other.out()).contains("drawn for requests arriving at 5/s, these at 0.001/s");
    }

    /**
     * At one request every 1,000 s, split and merge are cold more than half the time: no plan of cp-sat's coarse
     * first space meets P95 ≤ 3 s, yet some plans do. That is no proof: cp-sat then searches every option (it used to
     * exit 3), and finds a plan at most as expensive as greedy's.
     */
    @Test
    void atAVeryLowRateCpSatStillFindsThePlansTheCoarseSpaceMisses() throws Exception {
        Path wf = workflowWith("");
        CliRun cpSat = CliRun.of("plan", wf.toString(), "--rate", "0.001/s", "--samples", "2000", "--format", "json");
        assertThat(cpSat.code()).as(cpSat.err()).isZero();
        CliRun greedy = CliRun.of("plan", wf.toString(), "--rate", "0.001/s", "--samples", "2000", "--format", "json",
                "--solver", "greedy");
        assertThat(greedy.code()).as(greedy.err()).isZero();
        double cpSatCost = new ObjectMapper().readTree(cpSat.out()).at("/plan/predicted/meanCostUsd").asDouble();
        double greedyCost = new ObjectMapper().readTree(greedy.out()).at("/plan/predicted/meanCostUsd").asDouble();
        assertThat(cpSatCost).isPositive().isLessThanOrEqualTo(greedyCost);
    }

    @Test
    void aBaselineWrittenWithARateRecordsItAndAChecksDrawsWithIt() throws Exception {
        Path wf = workflowWith("");
        Path baseline = dir.resolve("baseline.json");
        CliRun written = CliRun.of("check", wf.toString(), "--write-baseline", baseline.toString(), "--rate", "0.01/s",
                "--samples", "2000");
        assertThat(written.code()).as(written.err()).isZero();
        assertThat(new ObjectMapper().readTree(baseline.toFile()).get("model").get("ratePerSecond").asDouble())
                .isEqualTo(0.01);
        CliRun checked = CliRun.of("check", wf.toString(), "--baseline", baseline.toString());
        assertThat(checked.code()).as(checked.out() + checked.err()).isZero();
        CliRun refused = CliRun.of("check", wf.toString(), "--baseline", baseline.toString(), "--rate", "5/s");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--samples, --seed and --rate are taken from the baseline");
    }

    @Test
    void theWorkflowsLoadGivesTheRateAndTheOptionOverridesIt() throws Exception {
        Path wf = workflowWith("load: {rate: 1200/min}\n");
        CliRun byLoad = CliRun.of("plan", wf.toString(), "--samples", "2000");
        assertThat(byLoad.code()).as(byLoad.err()).isZero();
        assertThat(byLoad.out()).contains("requests arriving at 20/s").contains("P(cold)");
        CliRun byOption = CliRun.of("plan", wf.toString(), "--samples", "2000", "--rate", "3600/h", "--format", "json");
        assertThat(byOption.code()).as(byOption.err()).isZero();
        assertThat(new ObjectMapper().readTree(byOption.out()).get("model").get("ratePerSecond").asDouble())
                .isEqualTo(1.0);
        CliRun none = CliRun.of("plan", workflowWith2().toString(), "--samples", "2000");
        assertThat(none.out()).doesNotContain("P(cold)").doesNotContain("arriving");
    }

    private Path workflowWith2() throws Exception {
        Path other = dir.resolve("plain");
        Files.createDirectories(other);
        Files.copy(VIDEO.resolve("profile.yaml"), other.resolve("profile.yaml"));
        Files.copy(VIDEO.resolve("workflow.yaml"), other.resolve("workflow.yaml"));
        return other.resolve("workflow.yaml");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "load: {rate: -1/s}|load.rate: The rate (-1/s) of load must be > 0 and ≤ 1000000/s. Maybe 20/s or 1200/min.",
        "load: {rate: 0/min}|load.rate: The rate (0/s) of load must be > 0",
        "load: {rate: fast}|load.rate: The rate (fast) is not valid. Maybe 20/s, 1200/min or 3600/h",
        "load: {rate: 2000000/s}|load.rate: The rate (2000000/s) of load must be > 0 and ≤ 1000000/s.",
        "load: {}|load.rate: The load has no rate. Maybe rate: 20/s",
        "load: {rate: 20/s, pattern: hourly}|load: The load has both a rate (20/s) and a pattern; give one",
        "load: {pattern: hourly}|load.pattern: The pattern (hourly) must be a list of 24 hourly rates",
        "load: {pattern: [1, 2, 3]}|load.pattern: The pattern has 3 rates; it needs exactly 24",
        "load: {pattern: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -2]}|load.pattern: The rate of hour 23 (-2.0) must be a number ≥ 0",
        "load: {pattern: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]}|load.pattern: The pattern's rates are all 0",
        "load: {pattern: [1, 1, 1, 1, 1, fast, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}|load.pattern[5]: The rate of hour 5 (fast) must be a number",
        "load: {rate: 20/s, burst: 3}|load.burst",
    })
    void aBadLoadExitsTwoNamingTheFileAndTheYamlPath(String load, String message) throws Exception {
        Path wf = workflowWith(load + "\n");
        for (String command : new String[] {"validate", "plan"}) {
            CliRun r = CliRun.of(command, wf.toString());
            assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).contains(wf.toString()).contains(message);
        }
    }

    @Test
    void anHourlyPatternPlansForEveryHourAndRateWinsOverIt() throws Exception {
        StringBuilder rates = new StringBuilder();
        for (int h = 0; h < 24; h++) {
            rates.append(h == 0 ? "" : ", ").append(h < 7 ? "0.01" : "5");
        }
        Path wf = workflowWith("load: {pattern: [" + rates + "]}\n");
        Path plan = dir.resolve("plan.json");
        CliRun made = CliRun.of("plan", wf.toString(), "--samples", "1000", "-o", plan.toString());
        assertThat(made.code()).as(made.err()).isZero();
        assertThat(made.out()).contains("hourly pattern, mean 3.545/s, peak 5/s").contains("Hourly pattern: binding hour");
        CliRun json = CliRun.of("evaluate", wf.toString(), "--plan", plan.toString(), "--format", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode tree = new ObjectMapper().readTree(json.out());
        assertThat(tree.get("reproducesPlanPredicted").asBoolean()).isTrue();
        assertThat(tree.at("/hours/hourlyRatesPerSecond").size()).isEqualTo(24);
        assertThat(tree.at("/hours/dayCostUsd").asDouble()).isPositive();
        // a --rate is a steady rate: it wins over the pattern
        CliRun steady = CliRun.of("plan", wf.toString(), "--samples", "1000", "--rate", "5/s");
        assertThat(steady.code()).as(steady.err()).isZero();
        assertThat(steady.out()).contains("requests arriving at 5/s").doesNotContain("Hourly pattern");
    }

    @Test
    void aBadKeepAliveExitsTwo() throws Exception {
        Path wf = Files.writeString(dir.resolve("keep.yaml"), Files.readString(VIDEO.resolve("workflow.yaml"))
                .replace("objective:", "platform: {keepAlive: 0s}\nobjective:"));
        CliRun r = CliRun.of("validate", wf.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("platform.keepAlive: The keepAlive (0s) must be > 0 and ≤ 24h");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0/s|The rate (0/s) of --rate must be > 0 and ≤ 1000000/s. Maybe 20/s or 1200/min.",
        "-3/s|The rate (-3/s) of --rate must be > 0",
        "soon|The --rate (soon) is not valid. Maybe 20/s, 1200/min or 3600/h",
    })
    void aBadRateOptionExitsTwo(String rate, String message) throws Exception {
        Path wf = workflowWith("");
        for (String command : new String[] {"plan", "pareto", "compare"}) {
            CliRun r = CliRun.of(command, wf.toString(), "--rate", rate);
            assertThat(r.code()).as(command + ": " + r.out() + r.err()).isEqualTo(2);
            assertThat(r.err()).as(command).contains(message);
        }
    }
}
