// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What plan, compare and pareto say about the time limit, black-box: a search the limit ended says so (by the work
 * allowance, or by the wall clock on a busy machine), a large workflow under a short limit says it was searched with
 * fewer requests, and pareto says how many plans it dropped. Timing itself is measured in bench/, not here.
 */
class TimeLimitCommandsTest {

    @TempDir
    static Path dir;

    private static Path workflow;

    @BeforeAll
    static void generate() {
        CliRun g = CliRun.of("generate", "--functions", "40", "--seed", "3", "-o", dir.resolve("g40").toString());
        assertThat(g.code()).isZero();
        workflow = dir.resolve("g40/workflow.yaml");
    }

    /** The solver line, or the whole error when there is none. */
    private static String solver(CliRun run) {
        return run.out().lines().filter(l -> l.startsWith("Solver: ")).findFirst().orElse(run.err());
    }

    @Test
    void aPlanStoppedByTheLimitSaysSoAndRecordsItInThePlanFile() throws Exception {
        Path plan = dir.resolve("stopped.json");
        CliRun run = CliRun.of("plan", workflow.toString(), "--budget", "1", "--time-limit", "400ms", "-o", plan.toString());
        if (run.code() == ExitCodes.FAILURE) {
            // nothing found before the wall clock (a very busy machine): the out-of-time message, not a proof
            assertThat(run.err()).contains("No plan was found within the time limit");
            return;
        }
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(solver(run)).containsAnyOf("stopped at the time limit (best so far)",
                "stopped by wall clock; result may depend on load").contains("FEASIBLE");
        String json = Files.readString(plan);
        assertThat(json).containsPattern("\"stoppedBy\" ?: ?\"(time-limit|wall-clock)\"");
    }

    @Test
    void aLargeWorkflowUnderAShortLimitIsSearchedWithFewerRequestsAndSaysWhich() {
        CliRun run = CliRun.of("plan", workflow.toString(), "--budget", "1", "--time-limit", "500ms");
        if (run.code() == ExitCodes.FAILURE) {
            assertThat(run.err()).contains("No plan was found within the time limit");
            return;
        }
        assertThat(solver(run)).containsPattern("searched with [0-9,]+ requests per candidate");
        // the prediction's own count: the full 10,000 when it was evaluated again, else the search's
        assertThat(run.out()).containsPattern("Monte Carlo over [0-9,]+ requests");
    }

    @Test
    void aPlanThatEndsOnItsOwnSaysNothingAboutTheLimit() throws Exception {
        Path sample = CliRun.copySample("chatbot", Files.createDirectories(dir.resolve("chatbot")));
        CliRun run = CliRun.of("plan", sample.toString(), "--time-limit", "60s");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(solver(run)).doesNotContain("stopped").doesNotContain("searched with");
    }

    @Test
    void paretoListsEachPlanOnceAndSaysHowManyItDropped() throws Exception {
        Path sample = CliRun.copySample("chatbot", Files.createDirectories(dir.resolve("chatbot-pareto")));
        CliRun run = CliRun.of("pareto", sample.toString(), "--points", "12");
        assertThat(run.code()).as(run.err()).isZero();
        // 13 searches (the fastest, the cheapest and 11 targets) on a 3-function workflow: several give the same plan
        assertThat(run.out()).containsPattern("13 plans searched for; [0-9]+ not listed: the same plan as another "
                + "target's, or dominated by another point\\.");
        long rows = run.out().lines().filter(l -> l.matches("^\\s*[0-9]+\\s+.*")).count();
        assertThat(rows).isBetween(2L, 13L);
    }

    @Test
    void theHelpOfTimeLimitSaysWhatItCovers() {
        CliRun run = CliRun.of("plan", "--help");
        assertThat(run.out().replaceAll("\\s+", " ")).contains("The whole command's time")
                .contains("stopped at the time limit").contains("stopped by wall clock");
    }

    /**
     * compare shares one limit among its planners: one that runs out of its share is left out and said so, and the
     * others are still compared (it used to end the whole comparison out of time, exit 1).
     */
    @Test
    void aPlannerOutOfItsShareIsLeftOutNotTheWholeComparison() {
        CliRun run = CliRun.of("compare", "../samples/video-analytics/workflow.yaml", "--time-limit", "1s");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("as deployed ");
        for (String planner : java.util.List.of("power tuning", "greedy", "cp-sat")) {
            assertThat(run.out().contains("\n" + planner + " ") || run.out().contains("not compared: " + planner + ": "))
                    .as(planner + " is compared or said to be left out:%n%s", run.out()).isTrue();
        }
    }
}
