// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal.spec;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Load;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.internal.FunctionGraph;
import dev.dagfuse.model.internal.Problems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The YAML form of a workflow ({@code kind: Workflow}); validates with the YAML names, then builds a {@link Workflow}. */
public record WorkflowSpec(String apiVersion, String kind, String name, String description, ObjectiveSpec objective,
                           PlatformSpec platform, Map<String, FunctionYaml> functions, String sampleInput,
                           LoadSpec load) {

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    /** {@code load: {rate: 20/s}} or {@code load: {pattern: [r0, …, r23]}} (24 hourly rates per second). */
    public record LoadSpec(String rate, Object pattern) {
    }

    public record ObjectiveSpec(LatencySpec latency, BudgetSpec budget) {
    }

    public record LatencySpec(Double percentile, String target) {
    }

    public record BudgetSpec(Double perRequestUsd, Double percentile) {
    }

    public record PlatformSpec(String name, String architecture, String region, String orchestration, Integer cores,
                               Integer memoryMinMB, Integer memoryMaxMB, PricesSpec prices, StateLatencySpec latency,
                               Double limitQuantile, String keepAlive, String snapStartRestore) {
    }

    /** Step Functions' hand-off latencies: {@code latency: {standardState: {median: 150ms, sigma: 0.35}, ...}}. */
    public record StateLatencySpec(LognormalSpec standardState, LognormalSpec expressState, LognormalSpec childExecution,
                              LognormalSpec mapIteration) {
    }

    public record LognormalSpec(String median, Double sigma) {
    }

    public record PricesSpec(Double gbSecondUsd, Double requestUsd, Double s3PutUsd, Double s3GetUsd,
                             Double stateTransitionUsd, Double expressRequestUsd, Double expressGbSecondUsd) {
    }

    public record RetrySpec(Integer maxAttempts, String backoff) {
    }

    public record FunctionYaml(String handler, Integer memoryMB, List<Integer> memoryOptionsMB, List<String> after,
                               Integer fanOut, RetrySpec retry, String timeout, FunctionProfileSpec profile) {
    }

    public Workflow toDomain(Problems problems, Path baseDir) {
        if (name == null || name.isBlank()) {
            problems.add("name", "The workflow has no name. Add a line such as: name: video-analytics");
        } else {
            Texts.checkName("name", "workflow name", name, problems);
        }
        if (description != null) {
            Texts.checkText("description", "description", description, problems);
        }
        Objective obj = objective == null ? null : objective(objective, problems);
        Platform plat = platform(platform, problems);
        Load ld = load == null ? null : load(load, problems);
        Map<String, FunctionSpec> fns = new LinkedHashMap<>();
        if (functions == null || functions.isEmpty()) {
            problems.add("functions", "The workflow has no functions. Add at least one under functions:.");
        } else if (functions.size() > Ranges.MAX_FUNCTIONS) {
            problems.add("functions", "The workflow has " + functions.size() + " functions; at most "
                    + Ranges.MAX_FUNCTIONS + " are planned. Maybe split it into several workflows.");
        } else {
            functions.forEach((fname, f) -> {
                FunctionSpec spec = function(fname, f, plat, problems);
                if (spec != null) {
                    fns.put(fname, spec);
                }
            });
            checkGraph(problems);
        }
        Path input = null;
        if (sampleInput != null) {
            input = baseDir == null ? Path.of(sampleInput) : baseDir.resolve(sampleInput);
            if (!java.nio.file.Files.isRegularFile(input)) {
                problems.add("sampleInput", "The sampleInput file (" + sampleInput + ") does not exist. "
                        + "Give a path relative to the workflow file.");
            }
        }
        problems.throwIfAny();
        return new Workflow(name, description == null ? "" : description, obj, plat, fns, input, ld);
    }

    private static Load load(LoadSpec l, Problems problems) {
        if (l.pattern != null) {
            if (l.rate != null) {
                problems.add("load", "The load has both a rate (" + l.rate + ") and a pattern; give one: rate: 20/s "
                        + "(steady), or pattern: [24 hourly rates per second].");
                return null;
            }
            if (!(l.pattern instanceof List<?> list)) {
                problems.add("load.pattern", "The pattern (" + l.pattern + ") must be a list of 24 hourly rates in "
                        + "requests per second, hours 0 to 23, e.g. [2, 1, 1, …, 4, 3].");
                return null;
            }
            List<Double> rates = new java.util.ArrayList<>();
            for (int h = 0; h < list.size(); h++) {
                Object v = list.get(h);
                if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
                    problems.add("load.pattern[" + h + "]", "The rate of hour " + h + " (" + v + ") must be a number of "
                            + "requests per second ≥ 0, e.g. 20 or 0.5.");
                    return null;
                }
                rates.add(n.doubleValue());
            }
            String problem = Load.patternProblem(rates);
            if (problem != null) {
                problems.add("load.pattern", problem);
                return null;
            }
            return Load.hourly(rates);
        }
        if (l.rate == null) {
            problems.add("load.rate", "The load has no rate. Maybe rate: 20/s or rate: 1200/min.");
            return null;
        }
        try {
            double perSecond = Quantities.parseRatePerSecond(l.rate);
            if (!(perSecond > 0 && perSecond <= Ranges.MAX_RATE_PER_SECOND)) {
                problems.add("load.rate", Load.problem(perSecond, "load"));
                return null;
            }
            return new Load(perSecond);
        } catch (IllegalArgumentException e) {
            problems.add("load.rate", e.getMessage());
            return null;
        }
    }

    private static Objective objective(ObjectiveSpec o, Problems problems) {
        if ((o.latency == null) == (o.budget == null)) {
            problems.add("objective", "The objective needs exactly one of latency or budget. Maybe "
                    + "latency: { percentile: 95, target: 3s } or budget: { perRequestUsd: 0.00025 }.");
            return null;
        }
        if (o.latency != null) {
            double p = o.latency.percentile == null ? 95 : o.latency.percentile;
            if (!(p > 0 && p < 100)) {
                problems.add("objective.latency.percentile", "The percentile (" + o.latency.percentile
                        + ") must be > 0 and < 100. Maybe 95 or 99.");
                return null;
            }
            if (o.latency.target == null) {
                problems.add("objective.latency.target", "The latency objective has no target. Maybe target: 3s.");
                return null;
            }
            try {
                double ms = Quantities.parseDurationMs(o.latency.target);
                if (ms <= 0 || ms > Ranges.MAX_TARGET_MS) {
                    problems.add("objective.latency.target", "The latency target (" + o.latency.target
                            + ") must be > 0 and at most 720h. Maybe 3s.");
                    return null;
                }
                return new Objective.Latency(p, ms);
            } catch (IllegalArgumentException e) {
                problems.add("objective.latency.target", e.getMessage());
                return null;
            }
        }
        double p = o.budget.percentile == null ? 95 : o.budget.percentile;
        if (o.budget.perRequestUsd == null || !(o.budget.perRequestUsd > 0)
                || !(o.budget.perRequestUsd <= Ranges.MAX_BUDGET_USD)) {
            problems.add("objective.budget.perRequestUsd", "The budget (" + o.budget.perRequestUsd
                    + ") must be a number of USD per request > 0 and ≤ " + (int) Ranges.MAX_BUDGET_USD
                    + ". Maybe 0.00025.");
            return null;
        }
        if (!(p > 0 && p < 100)) {
            problems.add("objective.budget.percentile", "The percentile (" + o.budget.percentile
                    + ") must be > 0 and < 100. Maybe 95 or 99.");
            return null;
        }
        return new Objective.Budget(o.budget.perRequestUsd, p);
    }

    private static Platform platform(PlatformSpec p, Problems problems) {
        return PlatformSpecs.toDomain(p, problems);
    }

    private static FunctionSpec function(String fname, FunctionYaml f, Platform platform, Problems problems) {
        String path = "functions." + fname;
        int before = problems.count();
        if (!NAME.matcher(fname).matches()) {
            problems.add(path, "The function name (" + Texts.shown(fname) + ") must start with a letter and hold only "
                    + "letters, digits, '-' and '_' (it becomes a Lambda and state name).");
        } else if (fname.length() > Ranges.MAX_NAME_LENGTH) {
            problems.add(path, "The function name (" + Texts.shown(fname) + ") has " + fname.length()
                    + " characters; at most " + Ranges.MAX_NAME_LENGTH + " (a Lambda function name's limit; it also "
                    + "names the local store's files). Maybe a shorter name.");
        }
        if (f == null) {
            f = new FunctionYaml(null, null, null, null, null, null, null, null);
        }
        int fanOut = f.fanOut == null ? 1 : f.fanOut;
        if (fanOut < 1) {
            problems.add(path + ".fanOut", "The fanOut (" + fanOut + ") of function (" + fname
                    + ") must be ≥ 1. Maybe 1 for a function that runs once per request.");
        } else if (fanOut > Ranges.MAX_FAN_OUT) {
            problems.add(path + ".fanOut", "The fanOut (" + fanOut + ") of function (" + fname + ") must be within 1.."
                    + Ranges.MAX_FAN_OUT + ". Maybe bundle the work into fewer, larger branches.");
        }
        int memory = f.memoryMB == null ? FunctionSpec.DEFAULT_MEMORY_MB : f.memoryMB;
        checkMemory(path + ".memoryMB", memory, fname, platform, problems);
        List<Integer> options = f.memoryOptionsMB == null ? List.of() : f.memoryOptionsMB;
        for (int i = 0; i < options.size(); i++) {
            Integer m = options.get(i);
            if (m == null) {
                problems.add(path + ".memoryOptionsMB[" + i + "]", "The memory option of function (" + fname + ") is empty.");
            } else {
                checkMemory(path + ".memoryOptionsMB[" + i + "]", m, fname, platform, problems);
            }
        }
        List<String> after = f.after == null ? List.of() : f.after;
        for (int i = 0; i < after.size(); i++) {
            if (after.get(i) == null) {
                problems.add(path + ".after[" + i + "]", "The predecessor of function (" + fname + ") is empty.");
            }
        }
        if (after.stream().distinct().count() != after.size()) {
            problems.add(path + ".after", "The function (" + fname + ") lists a predecessor twice: " + after + ".");
        }
        Retry retry = Retry.DEFAULT;
        if (f.retry != null) {
            int attempts = f.retry.maxAttempts == null ? Retry.DEFAULT.maxAttempts() : f.retry.maxAttempts;
            if (attempts < 1 || attempts > Ranges.MAX_ATTEMPTS) {
                problems.add(path + ".retry.maxAttempts", "The maxAttempts (" + attempts + ") of function (" + fname
                        + ") must be within 1.." + Ranges.MAX_ATTEMPTS + " (1 = no retry). Maybe 2.");
                attempts = 1;
            }
            double backoff = Retry.DEFAULT.backoffMs();
            if (f.retry.backoff != null) {
                try {
                    backoff = Quantities.parseDurationMs(f.retry.backoff);
                    if (backoff > Ranges.MAX_DELAY_MS) {
                        problems.add(path + ".retry.backoff", "The backoff (" + f.retry.backoff + ") of function ("
                                + fname + ") must be at most 1h. Maybe 100ms.");
                        backoff = Retry.DEFAULT.backoffMs();
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(path + ".retry.backoff", e.getMessage());
                }
            }
            retry = new Retry(attempts, backoff);
        }
        double timeout = FunctionSpec.DEFAULT_TIMEOUT_MS;
        if (f.timeout != null) {
            try {
                timeout = Quantities.parseDurationMs(f.timeout);
                if (timeout <= 0 || timeout > platform.limits().timeoutMs()) {
                    problems.add(path + ".timeout", "The timeout (" + f.timeout + ") of function (" + fname
                            + ") must be > 0 and ≤ " + Math.round(platform.limits().timeoutMs() / 1000)
                            + "s (Lambda's limit).");
                }
            } catch (IllegalArgumentException e) {
                problems.add(path + ".timeout", e.getMessage());
            }
        }
        if (f.handler != null && !f.handler.matches("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*")) {
            problems.add(path + ".handler", "The handler (" + f.handler + ") of function (" + fname
                    + ") is not a Java class name. Maybe dev.dagfuse.samples.video.Split.");
        }
        FunctionProfile profile = f.profile == null ? null : f.profile.toDomain(path + ".profile", problems, fname);
        if (problems.count() > before) {
            return null;
        }
        return new FunctionSpec(fname, f.handler, memory, options, after, fanOut, retry, timeout, profile);
    }

    private static void checkMemory(String path, int memory, String fname, Platform platform, Problems problems) {
        if (memory < platform.memoryMinMB() || memory > platform.memoryMaxMB()) {
            problems.add(path, "The memory (" + memory + " MB) of function (" + fname + ") must be within "
                    + platform.memoryMinMB() + ".." + platform.memoryMaxMB() + " MB on " + platform.name() + ".");
        }
    }

    // Unknown predecessors and cycles, reported with YAML paths before the domain constructor would reject them.
    private void checkGraph(Problems problems) {
        List<String> names = new ArrayList<>(functions.keySet());
        functions.forEach((fname, f) -> {
            if (f == null || f.after == null) {
                return;
            }
            for (int i = 0; i < f.after.size(); i++) {
                String p = f.after.get(i);
                if (p != null && !functions.containsKey(p)) {
                    problems.add("functions." + fname + ".after[" + i + "]", "The function (" + fname
                            + ") comes after an unknown function (" + p + "). Known functions: "
                            + String.join(", ", names) + ".");
                } else if (fname.equals(p)) {
                    problems.add("functions." + fname + ".after[" + i + "]", "The function (" + fname
                            + ") cannot come after itself.");
                }
            }
        });
        if (!problems.isEmpty()) {
            return;
        }
        Map<String, List<String>> after = new LinkedHashMap<>();
        functions.forEach((fname, f) -> after.put(fname, f == null || f.after == null ? List.of() : f.after));
        List<String> cycle = FunctionGraph.cycle(after);
        if (!cycle.isEmpty()) {
            problems.add("functions." + cycle.get(1) + ".after", "The functions form a cycle: "
                    + String.join(" -> ", cycle) + ". A workflow must be a DAG: remove one of these after entries.");
        }
    }
}
