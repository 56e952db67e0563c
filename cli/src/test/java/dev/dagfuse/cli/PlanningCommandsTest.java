// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** plan, pareto and compare, black-box on a generated workflow (small grid and sample count for speed). */
class PlanningCommandsTest {

    @TempDir
    Path dir;

    private String workflow;

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

    private Result plan(String... more) {
        List<String> args = new ArrayList<>(List.of("plan", workflow, "--samples", "1000", "--memory-options",
                "512,1024,1769,3008"));
        args.addAll(Arrays.asList(more));
        return run(args.toArray(String[]::new));
    }

    @BeforeEach
    void generate() {
        Result g = run("generate", "--functions", "6", "--max-fan-out", "5", "--seed", "7", "-o", dir.toString());
        assertThat(g.code()).as(g.err()).isZero();
        workflow = dir.resolve("workflow.yaml").toString();
    }

    @Test
    void planPrintsGroupsAndTotalsNextToTheBaselineAndWritesAPlanThatEvaluateReproduces() throws Exception {
        Path planFile = dir.resolve("plan.json");
        Result r = plan("--p95", "20s", "-o", planFile.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Plan for synthetic-6-seed7", "P95 ≤ 20.00s at minimum cost", "group", "memory",
                "bundle", "invocations", "cost/1M req", "as deployed", "change", "Objective: P95 ≤ 20.00s: met",
                "Solver: cp-sat, OPTIMAL", "Modelled, not measured");
        assertThat(planFile).exists();
        Result e = run("evaluate", workflow, "--plan", planFile.toString(), "--samples", "1000");
        assertThat(e.code()).as(e.err()).isZero();
        assertThat(e.out()).contains("reproduced exactly");
    }

    @Test
    void theObjectiveDefaultsToTheWorkflows() throws Exception {
        String yaml = Files.readString(Path.of(workflow)).replace("functions:\n",
                "objective:\n  latency: { percentile: 90, target: 20s }\nfunctions:\n");
        Files.writeString(Path.of(workflow), yaml);
        Result r = plan();
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("P90 ≤ 20.00s at minimum cost", "Objective: P90 ≤ 20.00s: met");
    }

    @Test
    void planIsDeterministic() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Result a = plan("--p95", "15s", "--format", "json");
        Result b = plan("--p95", "15s", "--format", "json");
        assertThat(a.code()).as(a.err()).isZero();
        JsonNode ta = json.readTree(a.out());
        JsonNode tb = json.readTree(b.out());
        assertThat(ta.get("plan")).isEqualTo(tb.get("plan"));
        assertThat(ta.get("status").asText()).isEqualTo("planned");
        assertThat(ta.get("objective").get("kind").asText()).isEqualTo("latency");
    }

    @Test
    void aBudgetObjectiveMinimizesLatency() throws Exception {
        Result r = plan("--budget", "0.01", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode t = new ObjectMapper().readTree(r.out());
        assertThat(t.get("objective").get("kind").asText()).isEqualTo("budget");
        assertThat(t.get("plan").get("predicted").get("meanCostUsd").asDouble()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void anUnreachableTargetExits3AndSaysWhatIsReachable() {
        Result r = plan("--p95", "1ms");
        assertThat(r.code()).isEqualTo(ExitCodes.INFEASIBLE);
        assertThat(r.err()).contains("No plan meets P95 ≤ 1.0ms: the fastest plan", "reaches P95", "per request");
        assertThat(r.out()).contains("Nearest plan (does not meet the objective)", "NOT met");
    }

    @Test
    void objectivesAreCheckedAsUsage() {
        Result none = plan();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("declares no objective").contains("--p95 3s");
        Result two = plan("--p95", "3s", "--budget", "0.001");
        assertThat(two.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(two.err()).contains("Give one objective");
        Result badDuration = plan("--p95", "soon");
        assertThat(badDuration.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(badDuration.err()).contains("--p95").contains("3s");
        Result solver = plan("--p95", "3s", "--solver", "magic");
        assertThat(solver.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(solver.err()).contains("The solver (magic) is not known").contains("cp-sat, exhaustive, greedy");
        for (String gap : new String[] {"five", "100%", "-1%"}) {
            Result bad = plan("--p95", "3s", "--gap", gap);
            assertThat(bad.code()).as(gap).isEqualTo(ExitCodes.USAGE);
            assertThat(bad.err()).contains("--gap").contains("Maybe 1%");
        }
    }

    @Test
    void exhaustiveRefusesLargeSpacesAsUsage() {
        Result r = run("plan", workflow, "--samples", "200", "--p95", "10s", "--solver", "exhaustive");
        assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("The exhaustive planner refuses workflow (synthetic-6-seed7)");
    }

    @Test
    void planHonoursNoFusionAndNoBundling() throws Exception {
        Result r = plan("--p95", "20s", "--no-fusion", "--no-bundling", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        for (JsonNode g : new ObjectMapper().readTree(r.out()).get("plan").get("groups")) {
            assertThat(g.get("functions")).hasSize(1);
            assertThat(g.get("bundleSize").asInt()).isEqualTo(1);
        }
    }

    @Test
    void paretoPrintsAFrontierAsCsv() {
        Result r = run("pareto", workflow, "--samples", "1000", "--memory-options", "512,1024,1769,3008", "--points", "5",
                "--format", "csv", "-o", dir.resolve("points").toString());
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines[0]).isEqualTo("point,p95Ms,meanCostUsd,costPerMillionUsd,groups,invocations,solverStatus");
        assertThat(lines.length).isBetween(3, 6);
        double previousLatency = -1;
        double previousCost = Double.MAX_VALUE;
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            double latency = Double.parseDouble(cells[1]);
            double cost = Double.parseDouble(cells[2]);
            assertThat(latency).isGreaterThan(previousLatency);
            assertThat(cost).isLessThan(previousCost);
            previousLatency = latency;
            previousCost = cost;
        }
        assertThat(dir.resolve("points/point-01.json")).exists();
    }

    @Test
    void compareShowsTheFourPlansSideBySide() {
        Result r = run("compare", workflow, "--samples", "1000", "--memory-options", "512,1024,1769,3008", "--p95", "15s");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("as deployed", "power tuning", "greedy", "cp-sat", "objective", "P95");
        assertThat(r.out().lines().filter(l -> l.startsWith("cp-sat ")).findFirst().orElseThrow()).contains("met");
    }

    @Test
    void helpDescribesEveryOption() {
        Result r = run("plan", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--p95", "--percentile", "--target", "--budget", "--solver", "--no-fusion",
                "--no-bundling", "--memory-options", "--time-limit", "--gap", "--threads", "--format", "--output");
        assertThat(Files.exists(Path.of(workflow))).isTrue();
    }
}
