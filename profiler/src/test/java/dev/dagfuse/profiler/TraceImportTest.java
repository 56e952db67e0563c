// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.When;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TraceImportTest {

    static Path trace(String name) {
        try {
            return Path.of(TraceImportTest.class.getResource("/traces/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Workflow workflow() {
        return Workflow.of("wf", AwsLambdaPlatform.defaults(), List.of(
                new FunctionSpec("split", null, 1024, List.of(), List.of(), 1, Retry.DEFAULT, 60_000, null),
                new FunctionSpec("extract", null, 2048, List.of(), List.of("split"), 2, Retry.DEFAULT, 60_000, null),
                new FunctionSpec("merge", null, 512, List.of(), List.of("extract"), 1, Retry.DEFAULT, 60_000, null)));
    }

    static final TraceImport.Options WITH_WORKFLOW = new TraceImport.Options(null, "wf-", Map.of(), workflow());

    @Test
    void reportLinesOfOneLogGroupGiveSamplesPerSizeAndColdStarts() {
        TraceImport.Imported imported = TraceImport.reportLogs(List.of(trace("wf-split.log")), WITH_WORKFLOW);
        FunctionProfile split = imported.profile().function("split");
        assertThat(imported.profile().source()).isEqualTo("trace-import");
        assertThat(split.latencyMs()).containsOnlyKeys(1024, 2048);
        assertThat(split.latencyMs().get(1024)).containsExactly(500.0, 520.0, 480.0, 510.0);
        assertThat(split.latencyMs().get(2048)).containsExactly(260.0, 250.0, 270.0); // the duplicate is dropped
        // cold = Init Duration + (cold call − warm median): 410.5 + (950 − 505), 380 + (300 − 260)
        assertThat(split.coldStartMs()).containsExactly(855.5, 420.0);
        assertThat(split.peakMemoryMB()).isEqualTo(170);
        assertThat(imported.notes()).anyMatch(n -> n.startsWith("1 duplicate REPORT line"));
    }

    @Test
    void aTimedOutInvocationIsCensoredNotASampleAndASnapStartRestoreIsAColdStart(@org.junit.jupiter.api.io.TempDir Path dir)
            throws java.io.IOException {
        Path log = dir.resolve("wf-split.log");
        java.nio.file.Files.writeString(log, String.join("\n",
                "REPORT RequestId: a1\tDuration: 500.00 ms\tBilled Duration: 500 ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB",
                "REPORT RequestId: a2\tDuration: 520.00 ms\tBilled Duration: 520 ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB",
                "REPORT RequestId: a3\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size: 1024 MB\tMax Memory Used: 81 MB\tStatus: timeout",
                "REPORT RequestId: a4\tDuration: 700.00 ms\tBilled Duration: 1023 ms\tMemory Size: 1024 MB\tMax Memory Used: 90 MB"
                        + "\tRestore Duration: 474.16 ms\tBilled Restore Duration: 323 ms",
                ""));
        TraceImport.Imported imported = TraceImport.reportLogs(List.of(log), WITH_WORKFLOW);
        FunctionProfile split = imported.profile().function("split");
        assertThat(split.latencyMs().get(1024)).containsExactly(500.0, 520.0);
        // the restore is a cold start: Restore Duration + (its call − the warm median 510)
        assertThat(split.coldStartMs()).containsExactly(664.16);
        assertThat(imported.notes()).anyMatch(n -> n.contains("1 of 4 invocations at 1024 MB timed out (25.0%)")
                && n.contains("above the timeout"));
        assertThat(imported.profile().machine()).containsKey("timeouts.split").containsKey("snapStart");
    }

    @Test
    void logsInsightsCsvTakesTheFunctionFromTheLogGroupColumn() {
        TraceImport.Imported imported = TraceImport.reportLogs(List.of(trace("insights.csv"), trace("by-function.csv")),
                WITH_WORKFLOW);
        FunctionProfile merge = imported.profile().function("merge");
        assertThat(merge.latencyMs()).containsOnlyKeys(512);
        assertThat(merge.latencyMs().get(512)).containsExactly(101.2, 99.8, 100.0);
        assertThat(merge.coldStartMs()).hasSize(1);
        assertThat(merge.coldStartMs().get(0)).isCloseTo(250 + (130 - 100.0), within(1e-9));
        assertThat(imported.profile().function("split").latencyMs().get(3008)).containsExactly(10.0, 12.0, 11.0);
        assertThat(imported.notes()).anyMatch(n -> n.contains("not have: {other-fn=1}"));
        // workflow order
        assertThat(imported.profile().functions().keySet()).containsExactly("split", "merge");
    }

    @Test
    void withoutAWorkflowNamesAreTakenAsTheyAre() {
        TraceImport.Imported imported = TraceImport.reportLogs(List.of(trace("insights.csv")), TraceImport.Options.defaults());
        assertThat(imported.profile().functions()).containsOnlyKeys("wf-merge", "other-fn");
    }

    @Test
    void aLineWhoseFunctionCannotBeToldIsAnError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("export.txt"), "REPORT RequestId: a\tDuration: 1.00 ms\t"
                + "Billed Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 40 MB\t\n");
        assertThatThrownBy(() -> TraceImport.reportLogs(List.of(file), TraceImport.Options.defaults()))
                .isInstanceOf(InputException.class).hasMessageContaining("export.txt:1")
                .hasMessageContaining("Give --function NAME");
        TraceImport.Imported ok = TraceImport.reportLogs(List.of(file),
                new TraceImport.Options("resize", "", Map.of(), null));
        assertThat(ok.profile().function("resize").latencyMs().get(128)).containsExactly(1.0);
    }

    @Test
    void aMalformedReportLineNamesTheFileAndLine(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bad.log"), "START RequestId: a\nREPORT RequestId: a\tDuration: 1.00 ms\n");
        assertThatThrownBy(() -> TraceImport.reportLogs(List.of(file), new TraceImport.Options("f", "", Map.of(), null)))
                .isInstanceOf(InputException.class).hasMessageContaining("bad.log:2").hasMessageContaining("Billed Duration");
    }

    @Test
    void anExecutionHistoryGivesTaskTimesPerState() {
        TraceImport.Imported imported = TraceImport.executionHistories(List.of(trace("history.json")), WITH_WORKFLOW);
        Map<String, FunctionProfile> f = imported.profile().functions();
        assertThat(f.keySet()).containsExactly("split", "extract", "merge");
        // TaskStateEntered → TaskSucceeded, at the workflow's memoryMB
        assertThat(f.get("split").latencyMs()).containsExactly(Map.entry(1024, List.of(1240.0)));
        // Map iterations: 0 succeeded at once (500 ms); 1 failed, and its retry took 2.350 → 2.900
        assertThat(f.get("extract").latencyMs().get(2048)).containsExactlyInAnyOrder(500.0, 550.0);
        // the legacy Lambda integration: LambdaFunctionSucceeded
        assertThat(f.get("merge").latencyMs()).containsExactly(Map.entry(512, List.of(120.0)));
        assertThat(imported.notes()).anyMatch(n -> n.equals("failed task attempts (not samples): {extract=1}"));
        assertThat(imported.notes()).anyMatch(n -> n.contains("includes Step Functions' scheduling"));
        // hand-offs: split's exit → the two iterations' TaskStarted (50 ms each), the Map's exit → merge's start
        // (70 ms); a retry has none. A lognormal: median 50, σ = ln(P95 / median) / 1.645
        assertThat(imported.profile().machine())
                .containsEntry(AwsLambdaPlatform.STANDARD_STATE_MEDIAN_KEY, "50.000")
                .containsEntry(AwsLambdaPlatform.STANDARD_STATE_SIGMA_KEY,
                        String.format(java.util.Locale.ROOT, "%.3f", Math.log(68.0 / 50) / 1.6449));
        AwsLambdaPlatform calibrated = (AwsLambdaPlatform) AwsLambdaPlatform.defaults()
                .calibratedBy(imported.profile().machine());
        assertThat(calibrated.states().standard().medianMs()).isEqualTo(50.0);
    }

    /**
     * A Parallel state's branches: each branch's first Task is handed off from the Parallel's start (one hand-off, as
     * the model has it: the Parallel's own is another), the state after the Parallel from its exit.
     */
    @Test
    void aParallelBranchsFirstTaskIsHandedOffFromTheParallelsStart(@TempDir Path dir) throws Exception {
        StringBuilder events = new StringBuilder();
        int[] id = {0};
        java.util.function.BiFunction<Object[], Integer, Integer> event = (e, previous) -> {
            id[0]++;
            String details = e.length > 2 ? ", \"stateEnteredEventDetails\": {\"name\": \"" + e[2] + "\"}" : "";
            events.append(events.length() == 0 ? "" : ",\n").append(String.format(java.util.Locale.ROOT,
                    "{\"id\": %d, \"previousEventId\": %d, \"type\": \"%s\", \"timestamp\": \"2026-11-20T10:00:%06.3fZ\"%s}",
                    id[0], previous, e[0], (Integer) e[1] / 1000.0, details));
            return id[0];
        };
        int previous = event.apply(new Object[] {"ExecutionStarted", 0}, 0);
        previous = task(event, "split", 10, previous);
        int entered = event.apply(new Object[] {"ParallelStateEntered", 1200}, previous);
        int started = event.apply(new Object[] {"ParallelStateStarted", 1210}, entered);
        int a = task(event, "a", 1250, started); // its TaskStarted 40 ms after the Parallel started
        int b = task(event, "b", 1250, started);
        int succeeded = event.apply(new Object[] {"ParallelStateSucceeded", 2300}, Math.max(a, b));
        int exited = event.apply(new Object[] {"ParallelStateExited", 2300}, succeeded);
        task(event, "join", 2360, exited);
        Path file = Files.writeString(dir.resolve("parallel.json"), "{\"events\": [\n" + events + "\n]}");
        TraceImport.Options options = new TraceImport.Options(null, "", Map.of("split", 1024, "a", 1024, "b", 1024,
                "join", 1024), null);
        TraceImport.Imported imported = TraceImport.executionHistories(List.of(file), options);
        assertThat(imported.profile().function("a").latencyMs().get(1024)).containsExactly(1000.0);
        // hand-offs: a and b 40 ms from the Parallel's start, join 60 ms from its exit (not 240 ms from split's exit)
        assertThat(imported.profile().machine()).containsEntry(AwsLambdaPlatform.STANDARD_STATE_MEDIAN_KEY, "40.000");
    }

    /**
     * Execution histories give each option of a choice its share of the executions that reached the choice: 10
     * executions, 7 through approve and 3 through reject; the profile carries the shares, and the model uses them.
     */
    @Test
    void historiesGiveEachOptionOfAChoiceItsShare(@TempDir Path dir) throws Exception {
        Workflow w = Workflow.of("review", AwsLambdaPlatform.defaults(), List.of(
                new FunctionSpec("review", null, 1024, List.of(), List.of(), 1, Retry.DEFAULT, 900_000,
                        null),
                new FunctionSpec("approve", null, 1024, List.of(), List.of("review"), 1, Retry.DEFAULT,
                        900_000, null, Map.of(), new When("decision", 0.5)),
                new FunctionSpec("reject", null, 1024, List.of(), List.of("review"), 1, Retry.DEFAULT,
                        900_000, null, Map.of(), new When("decision", 0.5))));
        List<Path> files = new java.util.ArrayList<>();
        for (int x = 0; x < 10; x++) {
            files.add(Files.writeString(dir.resolve("h" + x + ".json"), history(List.of("review",
                    x < 7 ? "approve" : "reject"))));
        }
        TraceImport.Imported imported = TraceImport.executionHistories(files,
                new TraceImport.Options(null, "", Map.of(), w));
        assertThat(imported.profile().choices()).containsExactly(Map.entry("decision", Map.of("approve", 0.7,
                "reject", 0.3)));
        assertThat(imported.notes()).anySatisfy(n -> assertThat(n).contains("choice (decision), from the 10 executions"));
        // written and read back, and the share is what the profile gives the model
        Path out = dir.resolve("profile.yaml");
        Files.writeString(out, ModelFiles.profileToYaml(imported.profile()));
        assertThat(ModelFiles.readProfile(out, w).choiceShare("decision", "approve")).hasValue(0.7);
    }

    /** An inline Map's iterations counted per execution: the widths seen are noted, for functions.*.widths. */
    @Test
    void historiesNoteTheWidthsAMapHad(@TempDir Path dir) throws Exception {
        Workflow w = Workflow.of("fan", AwsLambdaPlatform.defaults(), List.of(
                new FunctionSpec("split", null, 1024, List.of(), List.of(), 1, Retry.DEFAULT, 900_000, null),
                new FunctionSpec("part", null, 1024, List.of(), List.of("split"), 5, Retry.DEFAULT, 900_000, null)));
        List<Path> files = new java.util.ArrayList<>();
        for (int width : new int[] {3, 5, 2}) {
            List<String> tasks = new java.util.ArrayList<>(List.of("split"));
            for (int i = 0; i < width; i++) {
                tasks.add("part");
            }
            files.add(Files.writeString(dir.resolve("w" + width + ".json"), history(tasks)));
        }
        TraceImport.Imported imported = TraceImport.executionHistories(files, new TraceImport.Options(null, "", Map.of(), w));
        assertThat(imported.notes()).contains("part: its Map ran 2..5 iterations over 3 executions: give them as "
                + "functions.part.widths [2, 3, 5] (and fanOut 5) to plan the widths requests have");
    }

    /** A history whose Task states run one after another, each a second. */
    private static String history(List<String> tasks) {
        StringBuilder events = new StringBuilder();
        int[] id = {0};
        java.util.function.BiFunction<Object[], Integer, Integer> event = (e, previous) -> {
            id[0]++;
            String details = e.length > 2 ? ", \"stateEnteredEventDetails\": {\"name\": \"" + e[2] + "\"}" : "";
            events.append(events.length() == 0 ? "" : ",\n").append(String.format(java.util.Locale.ROOT,
                    "{\"id\": %d, \"previousEventId\": %d, \"type\": \"%s\", \"timestamp\": \"2026-11-20T10:%02d:%06.3fZ\"%s}",
                    id[0], previous, e[0], (Integer) e[1] / 60_000, ((Integer) e[1] % 60_000) / 1000.0, details));
            return id[0];
        };
        int previous = event.apply(new Object[] {"ExecutionStarted", 0}, 0);
        int at = 10;
        for (String t : tasks) {
            previous = task(event, t, at, previous);
            at += 1100;
        }
        return "{\"events\": [\n" + events + "\n]}";
    }

    /** One Task state: entered, scheduled 0 ms and started {@code startMs}, succeeded 1 s later, exited. */
    private static int task(java.util.function.BiFunction<Object[], Integer, Integer> event, String name, int startMs,
                            int previous) {
        int entered = event.apply(new Object[] {"TaskStateEntered", startMs, name}, previous);
        int scheduled = event.apply(new Object[] {"TaskScheduled", startMs}, entered);
        int started = event.apply(new Object[] {"TaskStarted", startMs}, scheduled);
        int succeeded = event.apply(new Object[] {"TaskSucceeded", startMs + 1000}, started);
        return event.apply(new Object[] {"TaskStateExited", startMs + 1000}, succeeded);
    }

    @Test
    void epochSecondTimestampsGiveTheSameTimes() {
        TraceImport.Imported iso = TraceImport.executionHistories(List.of(trace("history.json")), WITH_WORKFLOW);
        TraceImport.Imported epoch = TraceImport.executionHistories(List.of(trace("history-epoch.json")), WITH_WORKFLOW);
        iso.profile().functions().forEach((name, p) -> {
            List<Double> a = p.latencyMs().values().iterator().next();
            List<Double> b = epoch.profile().function(name).latencyMs().values().iterator().next();
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.size(); i++) {
                assertThat(b.get(i)).isCloseTo(a.get(i), within(0.01));
            }
        });
    }

    @Test
    void historiesNeedMemorySizesFromTheWorkflowOrTheCommandLine() {
        TraceImport.Options bare = new TraceImport.Options(null, "wf-", Map.of("split", 1769), null);
        assertThatThrownBy(() -> TraceImport.executionHistories(List.of(trace("history.json")), bare))
                .isInstanceOf(InputException.class).hasMessageContaining("--memory NAME=MB")
                .hasMessageContaining("extract, merge");
        TraceImport.Options given = new TraceImport.Options(null, "wf-", Map.of("split", 1769, "extract", 3008,
                "merge", 128), null);
        assertThat(TraceImport.executionHistories(List.of(trace("history.json")), given).profile().function("split")
                .latencyMs()).containsOnlyKeys(1769);
    }

    @Test
    void notAHistoryIsAClearError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"executions\": []}");
        assertThatThrownBy(() -> TraceImport.executionHistories(List.of(file), WITH_WORKFLOW))
                .isInstanceOf(InputException.class).hasMessageContaining("an object with an \"events\" list");
        assertThat(TraceImport.detect(file)).isEqualTo(TraceImport.Format.HISTORY);
        assertThat(TraceImport.detect(trace("wf-split.log"))).isEqualTo(TraceImport.Format.LOGS);
    }

    @Test
    void importedProfilesAreValidProfileFiles(@TempDir Path dir) {
        TraceImport.Imported imported = TraceImport.reportLogs(List.of(trace("wf-split.log"), trace("insights.csv")),
                WITH_WORKFLOW);
        Path file = dir.resolve("imported.yaml");
        ModelFiles.writeProfile(imported.profile(), file);
        assertThat(ModelFiles.readProfile(file, workflow()).functions()).containsOnlyKeys("split", "merge");
    }
}
