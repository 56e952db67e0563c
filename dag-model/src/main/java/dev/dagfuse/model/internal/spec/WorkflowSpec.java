// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Load;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.ServiceTask;
import dev.dagfuse.model.When;
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
                               Double limitQuantile, String keepAlive, Integer memoryMB,
                               List<Integer> containerCores, String snapStartRestore) {
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
                               Integer fanOut, RetrySpec retry, String timeout, FunctionProfileSpec profile,
                               Map<String, ReadsSpec> reads, WhenSpec when, ServiceSpec service,
                               @JsonProperty("wait") String waitFor, List<Integer> iterations, List<Integer> widths) {
    }

    /** {@code service: {latency: {median: 12ms, sigma: 0.4}, priceUsd: 0.00000025}}: a step that is not a Lambda function. */
    public record ServiceSpec(LognormalSpec latency, Double priceUsd) {
    }

    /** {@code when: {choice: route, probability: 0.8}}: the function runs on this option of a choice. */
    public record WhenSpec(String choice, String option, Double probability) {
    }

    /** {@code reads: {mProject: {items: window, size: 2, stride: 1, bytes: 4MB}}}: which outputs each branch reads. */
    public record ReadsSpec(String items, Integer size, Integer stride, String bytes) {
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
            checkReads(fns, problems);
            checkChoices(fns, problems);
            checkWidths(fns, problems);
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
            f = new FunctionYaml(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
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
        Map<String, Reads> reads = reads(path + ".reads", fname, f.reads, after, problems);
        if (problems.count() > before) {
            return null;
        }
        When when = f.when == null ? null : when(path + ".when", fname, f.when, problems);
        ServiceTask service = service(path, fname, f, problems);
        if (service != null && platform.sharedCores() > 0) {
            problems.add(path + (service.isWait() ? ".wait" : ".service"), "The function (" + fname + ") is a "
                    + (service.isWait() ? "Wait state" : "service task") + ", which dagfuse plans on a platform with "
                    + "a state machine (aws-lambda), not on " + platform.name() + ". Maybe platform: {name: aws-lambda}.");
        }
        if (problems.count() > before) {
            return null;
        }
        List<Integer> iterations = f.iterations == null ? List.of() : f.iterations;
        if (f.iterations != null && (iterations.isEmpty() || iterations.size() > Ranges.MAX_SAMPLES_PER_LIST)) {
            problems.add(path + ".iterations", "The iterations of function (" + fname + ") must list 1.."
                    + Ranges.MAX_SAMPLES_PER_LIST + " counts (how many times a request runs it, each equally likely; "
                    + "from execution histories). Maybe [1, 2, 2, 3].");
        }
        for (int i = 0; i < iterations.size(); i++) {
            Integer n = iterations.get(i);
            if (n == null || n < 0 || n > Ranges.MAX_ITERATIONS) {
                problems.add(path + ".iterations[" + i + "]", "The iteration count (" + n + ") of function (" + fname
                        + ") must be within 0.." + Ranges.MAX_ITERATIONS + ". Maybe 3.");
                break;
            }
        }
        List<Integer> widths = f.widths == null ? List.of() : f.widths;
        if (f.widths != null && (widths.isEmpty() || widths.size() > Ranges.MAX_SAMPLES_PER_LIST)) {
            problems.add(path + ".widths", "The widths of function (" + fname + ") must list 1.."
                    + Ranges.MAX_SAMPLES_PER_LIST + " widths (how many branches a request runs, each equally likely; "
                    + "from execution histories). Maybe [12, 20, 30].");
        }
        for (int i = 0; i < widths.size(); i++) {
            Integer w = widths.get(i);
            if (w == null || w < 1 || w > fanOut) {
                problems.add(path + ".widths[" + i + "]", "The width (" + w + ") of function (" + fname + ") must be "
                        + "within 1.." + fanOut + " (its fanOut, the widest a request may be). Maybe raise fanOut to the "
                        + "largest width.");
                break;
            }
        }
        if (!widths.isEmpty() && platform.sharedCores() > 0) {
            problems.add(path + ".widths", "The function (" + fname + ") has widths, which dagfuse plans on aws-lambda "
                    + "only, not on " + platform.name() + ". Maybe plan for the widest: remove widths.");
        }
        if (problems.count() > before) {
            return null;
        }
        if (service != null) {
            profile = service.profile(); // the model reads its draws from the service itself
        }
        return new FunctionSpec(fname, f.handler, memory, options, after, fanOut, retry, timeout, profile, reads, when,
                service, iterations, widths);
    }

    private static ServiceTask service(String path, String fname, FunctionYaml f, Problems problems) {
        if (f.service == null && f.waitFor == null) {
            return null;
        }
        String what = f.waitFor != null ? "wait" : "service";
        if (f.service != null && f.waitFor != null) {
            problems.add(path + ".wait", "The function (" + fname + ") is both a service task and a Wait state. "
                    + "Maybe keep one of service: and wait:.");
            return null;
        }
        for (String[] other : new String[][] {{"handler", f.handler}, {"profile", f.profile == null ? null : ""},
                {"memoryMB", f.memoryMB == null ? null : ""}, {"memoryOptionsMB", f.memoryOptionsMB == null ? null : ""}}) {
            if (other[1] != null) {
                problems.add(path + "." + other[0], "The function (" + fname + ") is a " + (f.waitFor != null
                        ? "Wait state" : "service task") + " (" + what + ":), which has no " + other[0]
                        + ": it is not a Lambda function, so dagfuse neither runs nor sizes it. Maybe remove " + other[0]
                        + ".");
                return null;
            }
        }
        if (f.waitFor != null) {
            try {
                double ms = Quantities.parseDurationMs(f.waitFor);
                if (ms < 0 || ms > Ranges.MAX_WAIT_MS) {
                    problems.add(path + ".wait", "The wait (" + f.waitFor + ") of function (" + fname + ") must be within "
                            + "0..365d (a Standard execution's limit). Maybe 5s.");
                    return null;
                }
                return ServiceTask.waitFor(ms);
            } catch (IllegalArgumentException e) {
                problems.add(path + ".wait", e.getMessage());
                return null;
            }
        }
        ServiceSpec sv = f.service;
        if (sv.latency == null || sv.latency.median() == null) {
            problems.add(path + ".service.latency", "The service task (" + fname + ") has no latency. Maybe "
                    + "latency: {median: 12ms, sigma: 0.4} (a lognormal; measured, or from the service's documentation).");
            return null;
        }
        double median;
        try {
            median = Quantities.parseDurationMs(sv.latency.median());
        } catch (IllegalArgumentException e) {
            problems.add(path + ".service.latency.median", e.getMessage());
            return null;
        }
        double sigma = sv.latency.sigma() == null ? 0 : sv.latency.sigma();
        if (median < 0 || median > Ranges.MAX_DELAY_MS || !(sigma >= 0 && sigma <= 3)) {
            problems.add(path + ".service.latency", "The latency (median " + sv.latency.median() + ", sigma " + sigma
                    + ") of service task (" + fname + ") must have a median within 0..1h and a sigma within 0..3. "
                    + "Maybe {median: 12ms, sigma: 0.4}.");
            return null;
        }
        double price = sv.priceUsd == null ? 0 : sv.priceUsd;
        if (!(price >= 0 && price <= Ranges.MAX_PRICE_USD)) {
            problems.add(path + ".service.priceUsd", "The price per call (" + sv.priceUsd + ") of service task (" + fname
                    + ") must be within 0.." + (int) Ranges.MAX_PRICE_USD + " USD. Maybe 0.00000025 (a DynamoDB read).");
            return null;
        }
        return new ServiceTask(new Platform.Lognormal(median, sigma), price, false);
    }

    private static When when(String path, String fname, WhenSpec w, Problems problems) {
        if (w.choice == null || !NAME.matcher(w.choice).matches() || w.choice.length() > Ranges.MAX_NAME_LENGTH) {
            problems.add(path + ".choice", "The choice (" + (w.choice == null ? "none" : Texts.shown(w.choice))
                    + ") of function (" + fname + ") must be a name: a letter, then letters, digits, '-' and '_', at most "
                    + Ranges.MAX_NAME_LENGTH + " characters. Maybe choice: route.");
            return null;
        }
        if (w.probability == null || !(w.probability >= 0 && w.probability <= 1)) {
            problems.add(path + ".probability", "The probability (" + w.probability + ") that a request takes function ("
                    + fname + ") on choice (" + w.choice + ") must be within 0..1. Maybe 0.8.");
            return null;
        }
        if (w.option != null && (!NAME.matcher(w.option).matches() || w.option.length() > Ranges.MAX_NAME_LENGTH)) {
            problems.add(path + ".option", "The option (" + Texts.shown(w.option) + ") of function (" + fname
                    + ") must be a name: a letter, then letters, digits, '-' and '_'. Maybe option: big.");
            return null;
        }
        return new When(w.choice, w.option, w.probability);
    }

    // Per-branch neighbours share a request's width; a function's draws may depend on one varying width only.
    private static void checkWidths(Map<String, FunctionSpec> fns, Problems problems) {
        fns.forEach((fname, f) -> {
            java.util.Set<String> varying = new java.util.TreeSet<>();
            for (String p : f.after()) {
                FunctionSpec producer = fns.get(p);
                if (producer == null) {
                    continue;
                }
                boolean perBranch = producer.fanOut() == f.fanOut() && f.fanOut() > 1
                        && Reads.of(producer, f).isIdentity(producer.fanOut(), f.fanOut());
                if (perBranch && !producer.widths().equals(f.widths())) {
                    problems.add("functions." + fname + ".widths", "The functions (" + p + ") and (" + fname + ") run "
                            + "branch by branch, so a request gives them one width; their widths differ (" + producer.widths()
                            + ", " + f.widths() + "). Maybe the same widths on both.");
                }
                if (!producer.widths().isEmpty() && !perBranch) {
                    varying.add(p);
                }
            }
            if (!f.widths().isEmpty() && !varying.isEmpty() || varying.size() > 1) {
                problems.add("functions." + fname + ".after", "The function (" + fname + ") reads fan-outs whose widths "
                        + "vary " + varying + (f.widths().isEmpty() ? "" : " and varies itself") + "; dagfuse draws one "
                        + "varying width per function's inputs. Maybe give all but one of them a fixed width.");
            }
        });
    }

    // The options of a choice follow the same functions (one Choice state after them), and share at most all requests.
    private static void checkChoices(Map<String, FunctionSpec> fns, Problems problems) {
        Map<String, List<FunctionSpec>> byChoice = new LinkedHashMap<>();
        fns.values().stream().filter(f -> f.when() != null)
                .forEach(f -> byChoice.computeIfAbsent(f.when().choice(), c -> new ArrayList<>()).add(f));
        byChoice.forEach((choice, options) -> {
            FunctionSpec first = options.get(0);
            double sum = 0;
            Map<String, FunctionSpec> byOption = new LinkedHashMap<>();
            for (FunctionSpec o : options) {
                String option = o.when().option() != null ? o.when().option() : o.name();
                FunctionSpec same = byOption.putIfAbsent(option, o);
                if (same == null) {
                    sum += o.when().probability();
                } else if (same.when().probability() != o.when().probability()) {
                    problems.add("functions." + o.name() + ".when.probability", "The functions (" + same.name() + ") and ("
                            + o.name() + ") start option (" + option + ") of choice (" + choice + ") with different "
                            + "probabilities (" + same.when().probability() + ", " + o.when().probability()
                            + "). Maybe " + same.when().probability() + " on both.");
                }
                if (!new java.util.HashSet<>(o.after()).equals(new java.util.HashSet<>(first.after()))) {
                    problems.add("functions." + o.name() + ".after", "The options of choice (" + choice + ") must come "
                            + "after the same functions (the Choice state follows them): (" + first.name() + ") comes after "
                            + first.after() + ", (" + o.name() + ") after " + o.after() + ".");
                }
            }
            if (sum > 1 + 1e-9) {
                FunctionSpec last = options.get(options.size() - 1);
                problems.add("functions." + last.name() + ".when.probability", String.format(java.util.Locale.ROOT,
                        "The probabilities of the options of choice (%s) add up to %.6g, more than 1: %s. A request "
                                + "takes one option (or none, with what they leave of 1).", choice, sum,
                        byOption.entrySet().stream().map(e -> e.getKey() + " " + e.getValue().when().probability()).toList()));
            }
        });
    }

    private static Map<String, Reads> reads(String path, String fname, Map<String, ReadsSpec> specs, List<String> after,
                                            Problems problems) {
        Map<String, Reads> reads = new LinkedHashMap<>();
        if (specs == null) {
            return reads;
        }
        specs.forEach((pred, r) -> {
            String at = path + "." + pred;
            if (!after.contains(pred)) {
                problems.add(at, "The function (" + fname + ") says how it reads (" + pred + "), which is not among "
                        + "its predecessors " + after + ". Maybe add it to after, or remove this entry.");
                return;
            }
            if (r == null || r.items == null) {
                problems.add(at + ".items", "The reads of (" + pred + ") by function (" + fname + ") has no items. "
                        + "Maybe items: all, one, partition or window (with size: and stride:).");
                return;
            }
            Reads.Mode mode = null;
            for (Reads.Mode m : Reads.Mode.values()) {
                if (m.yamlName().equals(r.items)) {
                    mode = m;
                }
            }
            if (mode == null) {
                problems.add(at + ".items", "The items (" + Texts.shown(r.items) + ") that function (" + fname
                        + ") reads of (" + pred + ") must be all, one, partition or window.");
                return;
            }
            int size = 0;
            int stride = 0;
            if (mode == Reads.Mode.WINDOW) {
                if (r.size == null || r.size < 1 || r.size > Ranges.MAX_FAN_OUT) {
                    problems.add(at + ".size", "The window size (" + r.size + ") of function (" + fname + ") reading ("
                            + pred + ") must be within 1.." + Ranges.MAX_FAN_OUT + ": the outputs each branch reads. Maybe 2.");
                    return;
                }
                if (r.stride != null && (r.stride < 0 || r.stride > Ranges.MAX_FAN_OUT)) {
                    problems.add(at + ".stride", "The window stride (" + r.stride + ") of function (" + fname
                            + ") reading (" + pred + ") must be within 0.." + Ranges.MAX_FAN_OUT
                            + ": how far each branch's window starts after the previous one's. Maybe 1.");
                    return;
                }
                size = r.size;
                stride = r.stride == null ? 1 : r.stride;
            } else if (r.size != null || r.stride != null) {
                problems.add(at + (r.size != null ? ".size" : ".stride"), "Only a window has a size and a stride; "
                        + "function (" + fname + ") reads (" + pred + ") as " + mode.yamlName() + ". Maybe items: window.");
                return;
            }
            Long bytes = null;
            if (r.bytes != null) {
                try {
                    bytes = Quantities.parseBytes(r.bytes);
                    if (bytes < 0 || bytes > Ranges.MAX_OUTPUT_BYTES) {
                        problems.add(at + ".bytes", "The bytes (" + r.bytes + ") function (" + fname + ") reads of each "
                                + "output of (" + pred + ") must be within 0..10GB. Maybe 4MB.");
                        return;
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(at + ".bytes", e.getMessage());
                    return;
                }
            }
            reads.put(pred, new Reads(mode, size, stride, bytes));
        });
        return reads;
    }

    // A read must fit both fan-outs, which are known once every function is read.
    private static void checkReads(Map<String, FunctionSpec> fns, Problems problems) {
        fns.forEach((fname, f) -> f.reads().forEach((pred, r) -> {
            FunctionSpec producer = fns.get(pred);
            if (producer == null) {
                return; // an unknown predecessor, reported by checkGraph
            }
            String problem = r.problem(producer.fanOut(), f.fanOut());
            if (problem != null) {
                problems.add("functions." + fname + ".reads." + pred, "Function (" + fname + ", fanOut "
                        + f.fanOut() + ") cannot read (" + pred + ", fanOut " + producer.fanOut() + ") as "
                        + r.text() + ": " + problem);
            }
        }));
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
