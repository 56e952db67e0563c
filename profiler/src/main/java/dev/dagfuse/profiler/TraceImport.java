// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.profiler.internal.Stats;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Profiles from traces of deployed functions ({@code profile import}): CloudWatch Logs exports of Lambda
 * {@code REPORT} lines, and Step Functions execution histories ({@code GetExecutionHistory} JSON).
 */
public final class TraceImport {

    /** The kinds of trace file. */
    public enum Format { LOGS, HISTORY }

    /**
     * @param function the function every REPORT line belongs to (one function per file), or null to read it from a
     *     function-name column, a {@code /aws/lambda/NAME} log group in the line, or the file name
     * @param functionPrefix removed from deployed function (and state) names
     * @param memoryMB per function, its memory size, for histories (which do not record it)
     * @param workflow when given: names are checked against it, and histories take memory sizes from its memoryMB
     */
    public record Options(String function, String functionPrefix, Map<String, Integer> memoryMB, Workflow workflow) {
        public Options {
            functionPrefix = functionPrefix == null ? "" : functionPrefix;
            memoryMB = Map.copyOf(memoryMB);
        }

        public static Options defaults() {
            return new Options(null, "", Map.of(), null);
        }
    }

    /**
     * @param profile the imported samples ({@code source: trace-import})
     * @param notes what a reader should know: skipped lines, unknown names, what the numbers include
     */
    public record Imported(Profile profile, List<String> notes) {
        public Imported {
            notes = List.copyOf(notes);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOG_GROUP = Pattern.compile("/aws/lambda/([A-Za-z0-9_-]+)");
    private static final Set<String> NAME_COLUMNS = Set.of("function", "functionname", "function_name", "log",
            "loggroup", "log_group", "loggroupname", "log_group_name");

    /** Bytes of one log export or history read: exports are larger than the model's files (docs/profiling.md). */
    public static final long MAX_TRACE_BYTES = 1024L * 1024 * 1024;

    private TraceImport() {
    }

    /** LOGS or HISTORY, by the file's content (a JSON object or array is a history). */
    public static Format detect(Path file) {
        String text = ModelFiles.readText(file, MAX_TRACE_BYTES).stripLeading();
        return text.startsWith("{") || text.startsWith("[") ? Format.HISTORY : Format.LOGS;
    }

    // ------------------------------------------------------------------------------------------ REPORT lines

    /** Per function and memory size: warm durations, cold starts and the largest memory used. */
    private static final class Reports {
        final Map<Integer, List<ReportLine>> bySize = new TreeMap<>();
        int maxMemoryUsed;
    }

    public static Imported reportLogs(List<Path> files, Options options) {
        Map<String, Reports> byFunction = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, Integer> unknown = new TreeMap<>();
        int duplicates = 0;
        for (Path file : files) {
            List<String> lines = ModelFiles.readText(file, MAX_TRACE_BYTES).lines().toList();
            int nameColumn = -1;
            int first = 0;
            if (!lines.isEmpty() && !ReportLine.isReport(lines.get(0))) {
                List<String> header = csv(lines.get(0));
                for (int c = 0; c < header.size(); c++) {
                    String h = header.get(c).trim().replace("@", "").toLowerCase(Locale.ROOT);
                    if (NAME_COLUMNS.contains(h)) {
                        nameColumn = c;
                        first = 1;
                        break;
                    }
                }
            }
            int reports = 0;
            // a quoted CSV field may hold the message's line break: join physical lines into records
            StringBuilder record = new StringBuilder();
            int recordLine = 0;
            for (int i = first; i < lines.size(); i++) {
                if (record.length() == 0) {
                    recordLine = i + 1;
                } else {
                    record.append('\n');
                }
                record.append(lines.get(i));
                if (nameColumn >= 0 && quotesOpen(record)) {
                    continue;
                }
                String line = record.toString();
                record.setLength(0);
                if (!ReportLine.isReport(line)) {
                    continue;
                }
                ReportLine r;
                try {
                    r = ReportLine.parse(line).orElseThrow();
                } catch (IllegalArgumentException e) {
                    throw new InputException(file + ":" + recordLine, "", e.getMessage());
                }
                String name = functionName(options, line, nameColumn, file);
                if (name == null) {
                    throw new InputException(file + ":" + recordLine, "", "Cannot tell which function this REPORT "
                            + "line belongs to. Give --function NAME (one function per file), or export the log group "
                            + "(/aws/lambda/NAME) or a function-name column with the lines, or name the file after "
                            + "the function and give --workflow.");
                }
                if (options.workflow() != null && !options.workflow().functions().containsKey(name)) {
                    unknown.merge(name, 1, Integer::sum);
                    continue;
                }
                if (!r.requestId().isEmpty() && !seen.add(name + "/" + r.requestId())) {
                    duplicates++;
                    continue;
                }
                Reports rs = byFunction.computeIfAbsent(name, k -> new Reports());
                rs.bySize.computeIfAbsent(r.memorySizeMB(), k -> new ArrayList<>()).add(r);
                rs.maxMemoryUsed = Math.max(rs.maxMemoryUsed, r.maxMemoryUsedMB());
                reports++;
            }
            if (reports == 0) {
                notes.add(file + ": no REPORT lines");
            }
        }
        if (duplicates > 0) {
            notes.add(duplicates + " duplicate REPORT line" + (duplicates == 1 ? "" : "s") + " (same request id) ignored");
        }
        if (!unknown.isEmpty()) {
            notes.add("skipped REPORT lines of functions the workflow does not have: " + unknown
                    + (options.functionPrefix().isEmpty() ? " (maybe give --function-prefix)" : ""));
        }
        Map<String, FunctionProfile> functions = new LinkedHashMap<>();
        Map<String, String> timeouts = new LinkedHashMap<>();
        int[] restores = {0};
        for (String name : order(byFunction.keySet(), options.workflow())) {
            Reports rs = byFunction.get(name);
            Map<Integer, List<Double>> latency = new TreeMap<>();
            List<Double> cold = new ArrayList<>();
            rs.bySize.forEach((size, all) -> {
                // a timed-out invocation's latency is above its timeout, not its duration: censored, never a sample
                List<ReportLine> lines = all.stream().filter(r -> !r.timedOut()).toList();
                long timedOut = all.size() - lines.size();
                if (timedOut > 0) {
                    double at = all.stream().filter(ReportLine::timedOut).mapToDouble(ReportLine::durationMs).min()
                            .orElse(Double.NaN);
                    String censored = String.format(Locale.ROOT, "%d of %d invocations at %d MB timed out (%.1f%%) after "
                            + "%.0f ms or more: their latency is above the timeout and is not in the samples", timedOut,
                            all.size(), size, 100.0 * timedOut / all.size(), at);
                    notes.add(name + ": " + censored);
                    timeouts.merge(name, censored, (x, y) -> x + "; " + y);
                }
                List<Double> warm = lines.stream().filter(r -> !r.coldStart()).map(ReportLine::durationMs).toList();
                double warmP50 = warm.isEmpty() ? Double.NaN : Stats.median(warm);
                for (ReportLine r : lines) {
                    if (r.coldStart()) {
                        double excess = Double.isNaN(warmP50) ? 0 : Math.max(0, r.durationMs() - warmP50);
                        cold.add(Stats.round3(r.coldStartMs() + excess));
                        restores[0] += r.restoreDurationMs() != null ? 1 : 0;
                    }
                }
                if (!warm.isEmpty()) {
                    latency.put(size, warm);
                } else {
                    notes.add(name + " at " + size + " MB: only cold invocations, no latency samples");
                }
            });
            if (latency.isEmpty()) {
                continue;
            }
            functions.put(name, new FunctionProfile(0, rs.maxMemoryUsed, 1, cold, latency));
        }
        if (functions.isEmpty()) {
            throw new InputException(files.size() == 1 ? files.get(0).toString() : null, "",
                    "No warm REPORT lines were found" + (files.size() == 1 ? "" : " in " + files)
                            + ". Expected lines such as: REPORT RequestId: … Duration: 12.34 ms Billed Duration: 13 ms "
                            + "Memory Size: 1024 MB Max Memory Used: 80 MB");
        }
        notes.add("latency = REPORT Duration of warm invocations; cold start = Init Duration + the first call's excess "
                + "over the warm median; outputBytes and parallelism are unknown in logs (0 and 1 recorded)");
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("platform", "aws-lambda");
        machine.put("importedFrom", "CloudWatch Logs REPORT lines: " + names(files));
        machine.put("latency", "REPORT Duration of warm invocations");
        machine.put("coldStart", "REPORT Init Duration + first-call excess over the warm median");
        machine.put("peakMemory", "largest REPORT Max Memory Used (runtime included)");
        if (restores[0] > 0) {
            machine.put("snapStart", restores[0] + " SnapStart restores counted as cold starts (Restore Duration + "
                    + "first-call excess); AWS bills a restore's Billed Restore Duration");
            notes.add(restores[0] + " SnapStart restore" + (restores[0] == 1 ? "" : "s")
                    + " counted as cold starts (Restore Duration)");
        }
        timeouts.forEach((name, text) -> machine.put("timeouts." + name, text));
        machine.put("importedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new Imported(new Profile("trace-import", machine, functions), notes);
    }

    private static String functionName(Options options, String line, int nameColumn, Path file) {
        String name = options.function();
        if (name == null && nameColumn >= 0) {
            List<String> fields = csv(line);
            if (nameColumn < fields.size()) {
                String value = fields.get(nameColumn).trim();
                Matcher m = LOG_GROUP.matcher(value);
                name = m.find() ? m.group(1) : value.isEmpty() ? null : value;
            }
        }
        if (name == null) {
            Matcher m = LOG_GROUP.matcher(line);
            if (m.find()) {
                name = m.group(1);
            }
        }
        if (name == null) {
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            if (options.workflow() != null && options.workflow().functions().containsKey(strip(stem, options))) {
                name = stem;
            }
        }
        return name == null ? null : strip(name, options);
    }

    private static String strip(String name, Options options) {
        return !options.functionPrefix().isEmpty() && name.startsWith(options.functionPrefix())
                ? name.substring(options.functionPrefix().length()) : name;
    }

    private static boolean quotesOpen(CharSequence text) {
        boolean open = false;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                open = !open;
            }
        }
        return open;
    }

    /** The fields of one CSV record (RFC 4180 quoting). */
    static List<String> csv(String record) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < record.length(); i++) {
            char c = record.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString());
        return fields;
    }

    // ------------------------------------------------------------------------------------------ execution histories

    private record Event(long id, long previous, String type, Instant at, JsonNode node) {
    }

    private static final Set<String> SUCCEEDED = Set.of("TaskSucceeded", "LambdaFunctionSucceeded");
    private static final Set<String> FAILED = Set.of("TaskFailed", "TaskTimedOut", "LambdaFunctionFailed",
            "LambdaFunctionTimedOut", "LambdaFunctionStartFailed", "LambdaFunctionScheduleFailed", "TaskStartFailed",
            "TaskSubmitFailed");
    private static final Set<String> SCHEDULED = Set.of("TaskScheduled", "LambdaFunctionScheduled");

    /**
     * Per Task state: the time from {@code TaskStateEntered} (or, after a failed attempt, the retry's
     * {@code TaskScheduled}) to {@code TaskSucceeded}/{@code LambdaFunctionSucceeded}. These times include Step
     * Functions' scheduling and the invoke overhead: an upper bound of the function's own work.
     */
    public static Imported executionHistories(List<Path> files, Options options) {
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        Map<String, Integer> failures = new TreeMap<>();
        Map<String, Integer> unknown = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        int executions = 0;
        List<Double> handOffs = new ArrayList<>();
        List<Set<String>> entered = new ArrayList<>();
        List<Map<String, Integer>> enteredCounts = new ArrayList<>();
        for (Path file : files) {
            Map<Long, Event> events = events(file);
            executions++;
            handOffs.addAll(handOffs(events));
            Set<String> ran = new HashSet<>();
            Map<String, Integer> times = new HashMap<>();
            for (Event e : events.values()) {
                if (e.type().equals("TaskStateEntered") || e.type().equals("WaitStateEntered")) {
                    String state = e.node().path("stateEnteredEventDetails").path("name").asText(null);
                    if (state != null) {
                        ran.add(strip(state, options));
                        times.merge(strip(state, options), 1, Integer::sum);
                    }
                }
            }
            entered.add(ran);
            enteredCounts.add(times);
            for (Event e : events.values()) {
                boolean ok = SUCCEEDED.contains(e.type());
                if (!ok && !FAILED.contains(e.type())) {
                    continue;
                }
                Event start = null;
                Event retryStart = null;
                String state = null;
                for (Event p = events.get(e.previous()); p != null; p = events.get(p.previous())) {
                    if (SCHEDULED.contains(p.type())) {
                        retryStart = p;
                    } else if (FAILED.contains(p.type()) && retryStart != null && start == null) {
                        start = retryStart; // the attempt that succeeded began after this failure
                    } else if (p.type().equals("TaskStateEntered")) {
                        state = p.node().path("stateEnteredEventDetails").path("name").asText(null);
                        if (start == null) {
                            start = p;
                        }
                        break;
                    }
                }
                if (state == null) {
                    notes.add(file + ": event " + e.id() + " (" + e.type() + ") has no TaskStateEntered before it; skipped");
                    continue;
                }
                String name = strip(state, options);
                if (options.workflow() != null && !options.workflow().functions().containsKey(name)) {
                    unknown.merge(name, 1, Integer::sum);
                    continue;
                }
                if (ok) {
                    double ms = Duration.between(start.at(), e.at()).toNanos() / 1e6;
                    samples.computeIfAbsent(name, k -> new ArrayList<>()).add(Stats.round3(ms));
                } else {
                    failures.merge(name, 1, Integer::sum);
                }
            }
        }
        if (!unknown.isEmpty()) {
            notes.add("skipped Task states that are not functions of the workflow: " + unknown
                    + (options.functionPrefix().isEmpty() ? " (maybe give --function-prefix)" : ""));
        }
        if (!failures.isEmpty()) {
            notes.add("failed task attempts (not samples): " + failures);
        }
        Map<String, FunctionProfile> functions = new LinkedHashMap<>();
        List<String> missingMemory = new ArrayList<>();
        for (String name : order(samples.keySet(), options.workflow())) {
            Integer memory = options.memoryMB().get(name);
            if (memory == null && options.workflow() != null && options.workflow().functions().containsKey(name)) {
                memory = options.workflow().function(name).memoryMB();
                notes.add(name + ": memory " + memory + " MB taken from the workflow's memoryMB (histories do not record it)");
            }
            if (memory == null) {
                missingMemory.add(name);
                continue;
            }
            functions.put(name, new FunctionProfile(0, 0, 1, List.of(), Map.of(memory, samples.get(name))));
        }
        if (!missingMemory.isEmpty()) {
            throw new InputException(null, "", "An execution history does not record memory sizes. Give them with "
                    + "--memory NAME=MB (or --workflow W to use its memoryMB) for: " + String.join(", ", missingMemory) + ".");
        }
        if (functions.isEmpty()) {
            throw new InputException(files.size() == 1 ? files.get(0).toString() : null, "",
                    "No succeeded Task state was found. Expected a GetExecutionHistory JSON with TaskStateEntered and "
                            + "TaskSucceeded (or LambdaFunctionSucceeded) events.");
        }
        notes.add("latency = TaskStateEntered → TaskSucceeded/LambdaFunctionSucceeded, which includes Step Functions' "
                + "scheduling and the invoke overhead; no cold starts, peak memory, outputBytes or parallelism in histories");
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("platform", "aws-lambda");
        machine.put("importedFrom", "Step Functions execution histories (" + executions + "): " + names(files));
        if (handOffs.size() >= 2) {
            // a lognormal by its median and its spread to the P95: what the model draws a Standard hand-off from
            double median = Stats.median(handOffs);
            double p95 = dev.dagfuse.model.stats.Quantiles.percentile(handOffs.stream().mapToDouble(Double::doubleValue).toArray(), 95);
            double sigma = median > 0 && p95 > median ? Math.log(p95 / median) / 1.6449 : 0;
            machine.put(AwsLambdaPlatform.STANDARD_STATE_MEDIAN_KEY, String.format(Locale.ROOT, "%.3f", median));
            machine.put(AwsLambdaPlatform.STANDARD_STATE_SIGMA_KEY, String.format(Locale.ROOT, "%.3f", sigma));
            notes.add(String.format(Locale.ROOT, "state hand-off (a state's exit to the next Task's start, %d samples): "
                    + "median %.1f ms, P95 %.1f ms; the model's Standard hand-off uses them", handOffs.size(), median, p95));
        }
        machine.put("latency", "TaskStateEntered to TaskSucceeded/LambdaFunctionSucceeded, invoke overhead included");
        machine.put("importedAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        Map<String, Map<String, Double>> shares = options.workflow() == null ? Map.of()
                : choiceShares(options.workflow(), entered, notes);
        if (options.workflow() != null) {
            widthsSeen(options.workflow(), enteredCounts, notes);
        }
        return new Imported(new Profile("trace-import", machine, functions, shares), notes);
    }

    /**
     * For each fan-out of the workflow (an inline Map's iterations are Task states entered in the execution's own
     * history), the widths the executions had, when they differ: what {@code widths:} would say. Only noted: the
     * workflow's fanOut and widths are the user's to set.
     */
    private static void widthsSeen(Workflow workflow, List<Map<String, Integer>> counts, List<String> notes) {
        for (String f : workflow.functions().keySet()) {
            if (workflow.function(f).fanOut() <= 1) {
                continue;
            }
            List<Integer> seen = counts.stream().map(c -> c.getOrDefault(f, 0)).filter(n -> n > 0).sorted().toList();
            if (seen.size() >= 2 && !seen.get(0).equals(seen.get(seen.size() - 1))) {
                notes.add(f + ": its Map ran " + seen.get(0) + ".." + seen.get(seen.size() - 1) + " iterations over "
                        + seen.size() + " executions: give them as functions." + f + ".widths " + seen
                        + " (and fanOut " + seen.get(seen.size() - 1) + ") to plan the widths requests have");
            }
        }
    }

    /**
     * Per choice of the workflow, the share of the executions that reached it (one of the functions before it ran, or
     * any execution for a choice at the start) in which each option ran (one of the functions that start it entered).
     */
    private static Map<String, Map<String, Double>> choiceShares(Workflow workflow, List<Set<String>> entered,
                                                                 List<String> notes) {
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        workflow.choices().forEach((choice, options) -> {
            List<String> before = List.of();
            Map<String, List<String>> starts = new LinkedHashMap<>();
            for (String f : workflow.functions().keySet()) {
                String option = workflow.option(f);
                if (option != null && workflow.function(f).when().choice().equals(choice)) {
                    starts.computeIfAbsent(option, o -> new ArrayList<>()).add(f);
                    before = workflow.function(f).after();
                }
            }
            List<String> after = before;
            List<Set<String>> reached = entered.stream()
                    .filter(ran -> after.isEmpty() || after.stream().anyMatch(ran::contains)).toList();
            if (reached.isEmpty()) {
                notes.add("choice (" + choice + "): no history reached it; its when.probability stays the workflow's");
                return;
            }
            Map<String, Double> byOption = new LinkedHashMap<>();
            StringBuilder note = new StringBuilder("choice (" + choice + "), from the " + reached.size()
                    + " executions that reached it:");
            for (String option : options) {
                long took = reached.stream().filter(ran -> starts.get(option).stream().anyMatch(ran::contains)).count();
                double share = Math.round(1e6 * took / (double) reached.size()) / 1e6;
                byOption.put(option, share);
                note.append(String.format(Locale.ROOT, " %s %.4g (%d)", option, share, took));
            }
            shares.put(choice, byOption);
            notes.add(note + "; the model uses these shares instead of the workflow's when.probability");
        });
        return shares;
    }

    /**
     * The gaps between a state's exit and the next Task's start ({@code TaskStarted}, the invoke issued), each time a
     * {@code *StateExited} event is followed by a Task state: Step Functions' own hand-off between two functions. A
     * Parallel branch's first Task is handed off from the Parallel's start (the Parallel's own hand-off is another, as
     * the model draws them).
     */
    private static List<Double> handOffs(Map<Long, Event> events) {
        List<Double> out = new ArrayList<>();
        for (Event e : events.values()) {
            if (!e.type().equals("TaskStarted") && !e.type().equals("LambdaFunctionStarted")) {
                continue;
            }
            for (Event p = events.get(e.previous()); p != null; p = events.get(p.previous())) {
                if (p.type().endsWith("StateExited") || p.type().equals("ParallelStateStarted")) {
                    out.add(Stats.round3(Duration.between(p.at(), e.at()).toNanos() / 1e6));
                    break;
                }
                if (p.type().equals("ExecutionStarted") || FAILED.contains(p.type())) {
                    break; // the first state, or a retry: no hand-off from a previous state
                }
            }
        }
        return out;
    }

    private static Map<Long, Event> events(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(ModelFiles.readText(file, MAX_TRACE_BYTES));
        } catch (JsonProcessingException e) {
            throw new InputException(file.toString(), "", "The execution history is not valid JSON: "
                    + e.getOriginalMessage());
        }
        JsonNode list = root != null && root.isArray() ? root : root == null ? null : root.get("events");
        if (list == null || !list.isArray()) {
            throw new InputException(file.toString(), "", "The file is not an execution history: expected the JSON "
                    + "of GetExecutionHistory, an object with an \"events\" list (aws stepfunctions "
                    + "get-execution-history --execution-arn ARN > history.json).");
        }
        Map<Long, Event> events = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String path = "events[" + i + "]";
            if (!n.has("id") || !n.has("type") || !n.has("timestamp")) {
                throw new InputException(file.toString(), path, "The event lacks id, type or timestamp.");
            }
            events.put(n.get("id").asLong(), new Event(n.get("id").asLong(), n.path("previousEventId").asLong(0),
                    n.get("type").asText(), timestamp(n.get("timestamp"), file, path), n));
        }
        return events;
    }

    /** An ISO-8601 timestamp (AWS CLI) or epoch seconds with a fraction (the API's JSON). */
    private static Instant timestamp(JsonNode node, Path file, String path) {
        if (node.isNumber()) {
            double v = node.asDouble();
            return v > 1e11 ? Instant.ofEpochMilli((long) v)
                    : Instant.ofEpochSecond((long) Math.floor(v), Math.round((v - Math.floor(v)) * 1e9));
        }
        String text = node.asText();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw new InputException(file.toString(), path + ".timestamp", "The timestamp (" + text
                        + ") is neither ISO-8601 (2026-11-20T10:15:03.123+00:00) nor epoch seconds.");
            }
        }
    }

    private static List<String> order(Set<String> names, Workflow workflow) {
        if (workflow == null) {
            return new ArrayList<>(names);
        }
        return workflow.functions().keySet().stream().filter(names::contains).toList();
    }

    private static String names(List<Path> files) {
        List<String> n = files.stream().map(p -> p.getFileName().toString()).toList();
        return n.size() <= 5 ? String.join(", ", n) : String.join(", ", n.subList(0, 5)) + " and " + (n.size() - 5) + " more";
    }
}
