// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.profiler.AwsProfiler;
import dev.dagfuse.profiler.FunctionReport;
import dev.dagfuse.profiler.ProfileRun;
import dev.dagfuse.profiler.ProfilerException;
import dev.dagfuse.profiler.Progress;
import dev.dagfuse.profiler.ReportLine;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LastUpdateStatus;
import software.amazon.awssdk.services.lambda.model.LogType;
import software.amazon.awssdk.services.lambda.model.ResourceConflictException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Power-Tuning-style measurement of deployed functions: per function and size, set the memory, wait for the
 * update, invoke N times with {@code LogType=Tail} and parse the REPORT lines. Original memory sizes are restored
 * by a {@link Restorer}: after each function, after a failure, and from a shutdown hook on Ctrl-C.
 */
public final class LambdaTuner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PARALLEL_INVOKES = 16;

    private final LambdaClient client;
    private final Workflow workflow;
    private final AwsProfiler.Options options;
    private final String region;
    private final Progress progress;
    private final Restorer restorer;
    private final Map<String, String> deployment = new LinkedHashMap<>();

    public LambdaTuner(LambdaClient client, Workflow workflow, AwsProfiler.Options options, String region,
                       Progress progress) {
        this.client = client;
        this.workflow = workflow;
        this.options = options;
        this.region = region;
        this.progress = progress;
        this.restorer = new Restorer();
    }

    public ProfileRun run() {
        Map<String, byte[]> payloads = payloads();
        List<String> order = workflow.topologicalOrder();
        progress.addSteps((long) order.size() * options.memoryMB().size() * (options.runs() + 1));
        Thread hook = new Thread(restorer::restoreOnShutdown, "dagfuse-restore-memory");
        Runtime.getRuntime().addShutdownHook(hook);
        Map<String, FunctionProfile> profiles = new LinkedHashMap<>();
        List<FunctionReport> reports = new ArrayList<>();
        try {
            for (int i = 0; i < order.size(); i++) {
                String name = order.get(i);
                Tuned t = new FunctionTuning(workflow.function(name), payloads.get(name),
                        "(" + (i + 1) + "/" + order.size() + ")").tune();
                reports.add(t.report);
                if (t.profile != null) {
                    profiles.put(name, t.profile);
                }
            }
        } catch (RuntimeException e) {
            List<String> restored = restorer.restoreAll();
            String message = e instanceof SdkException ? "The Lambda API failed: " + e.getMessage() : e.getMessage();
            throw new ProfilerException(false, message + (restored.isEmpty() ? ""
                    : " Restored the original memory of: " + String.join(", ", restored) + "."), e);
        } finally {
            restorer.restoreAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
        }
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("platform", "aws-lambda");
        machine.put("region", region);
        if (options.endpoint() != null) {
            machine.put("endpoint", options.endpoint().toString());
        }
        if (!options.functionPrefix().isEmpty()) {
            machine.put("functionPrefix", options.functionPrefix());
        }
        machine.putAll(deployment);
        machine.put("latency", "REPORT Duration of warm invocations");
        machine.put("coldStart", "REPORT Init Duration + first-call excess over the warm median");
        machine.put("peakMemory", "largest REPORT Max Memory Used (runtime included)");
        machine.put("runs", options.runs() + " invocations per size" + (options.parallel() ? ", concurrent" : ", one by one"));
        machine.put("measuredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return new ProfileRun(new Profile("aws-lambda", machine, profiles), reports);
    }

    private Map<String, byte[]> payloads() {
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        for (String f : options.payloads().keySet()) {
            if (!workflow.functions().containsKey(f)) {
                throw new InputException(null, "", "The payload is for a function (" + f + ") that the workflow ("
                        + workflow.name() + ") does not have. Its functions: "
                        + String.join(", ", workflow.functions().keySet()) + ".");
            }
        }
        for (FunctionSpec f : workflow.functions().values()) {
            Path file = options.payloads().get(f.name());
            if (file == null && f.after().isEmpty()) {
                file = workflow.sampleInput();
            }
            try {
                payloads.put(f.name(), file == null ? "{}".getBytes(StandardCharsets.UTF_8) : Files.readAllBytes(file));
            } catch (IOException e) {
                throw new InputException(file.toString(), "", "Cannot read the payload of function (" + f.name()
                        + "): " + e.getMessage());
            }
        }
        return payloads;
    }

    private record Tuned(FunctionProfile profile, FunctionReport report) {
    }

    /** One invocation's REPORT, payload size and error. */
    private record Outcome(ReportLine report, int payloadBytes, String error) {
    }

    private final class FunctionTuning {
        private final FunctionSpec f;
        private final String deployed;
        private final byte[] payload;
        private final String label;
        private final List<String> notes = new ArrayList<>();
        private final Map<Integer, List<Double>> latency = new TreeMap<>();
        private final List<Double> cold = new ArrayList<>();
        private final List<Integer> payloadSizes = new ArrayList<>();
        private int maxMemoryUsed;
        private int successes;
        private int errors;
        private String firstError;

        FunctionTuning(FunctionSpec f, byte[] payload, String position) {
            this.f = f;
            this.deployed = options.functionPrefix() + f.name();
            this.payload = payload;
            this.label = f.name() + " " + position;
        }

        Tuned tune() {
            GetFunctionConfigurationResponse original;
            try {
                original = awaitUpdated(deployed);
            } catch (ResourceNotFoundException e) {
                return failed("the function (" + deployed + ") is not deployed in " + region
                        + (options.functionPrefix().isEmpty() ? "; maybe give --function-prefix" : ""));
            } catch (UpdateFailed e) {
                return failed(e.getMessage());
            }
            deployment.putIfAbsent("runtime", String.valueOf(original.runtimeAsString()));
            if (original.hasArchitectures() && !original.architecturesAsStrings().isEmpty()) {
                deployment.putIfAbsent("architecture", original.architecturesAsStrings().get(0));
            }
            restorer.remember(deployed, original.memorySize());
            int current = original.memorySize();
            try {
                for (int size : options.memoryMB()) {
                    progress.phase(label + ": " + size + " MB");
                    if (size != current) {
                        String problem = restorer.setMemory(deployed, size);
                        if (problem != null) {
                            notes.add(size + " MB not measured: " + problem);
                            progress.note(label + ": " + size + " MB not measured: " + problem);
                            skipSteps(options.runs() + 1);
                            current = -1;
                            continue;
                        }
                        current = size;
                    }
                    progress.step();
                    measure(size);
                }
            } finally {
                restorer.restore(deployed);
            }
            if (latency.isEmpty()) {
                return failed(firstError == null ? "no invocation succeeded" : firstError);
            }
            hintParallelism();
            long outputBytes = Math.round(payloadSizes.stream().mapToInt(i -> i).average().orElse(0));
            int parallelism = options.parallelism().getOrDefault(f.name(), 1);
            FunctionProfile profile = new FunctionProfile(outputBytes, maxMemoryUsed, parallelism, cold, latency);
            progress.note(summary(profile));
            return new Tuned(profile, new FunctionReport(f.name(), FunctionReport.Status.PROFILED, successes, errors,
                    firstError, notes));
        }

        private void skipSteps(int n) {
            for (int i = 0; i < n; i++) {
                progress.step();
            }
        }

        private Tuned failed(String why) {
            if (firstError == null) {
                firstError = why;
            }
            progress.note(label + ": FAILED: " + why + (errors > 0 ? " (" + errors + " errors)" : ""));
            return new Tuned(null, new FunctionReport(f.name(), FunctionReport.Status.FAILED, successes, errors,
                    firstError, notes));
        }

        private String summary(FunctionProfile p) {
            StringBuilder s = new StringBuilder(label).append(":");
            p.latencyMs().forEach((size, samples) -> s.append(String.format(Locale.ROOT, " %d MB p50 %s (n=%d);", size,
                    Quantities.formatMs(Stats.median(samples)), samples.size())));
            if (!cold.isEmpty()) {
                s.append(" cold start p50 ").append(Quantities.formatMs(Stats.median(cold))).append(';');
            }
            s.append(" max memory used ").append(maxMemoryUsed).append(" MB");
            if (errors > 0) {
                s.append("; ").append(errors).append(" error").append(errors == 1 ? "" : "s").append(": ").append(firstError);
            }
            return s.toString();
        }

        private void measure(int size) {
            List<Outcome> outcomes = new ArrayList<>();
            if (options.parallel() && options.runs() > 1) {
                ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.runs(), MAX_PARALLEL_INVOKES));
                try {
                    List<Future<Outcome>> futures = new ArrayList<>();
                    for (int i = 0; i < options.runs(); i++) {
                        futures.add(pool.submit(this::invoke));
                    }
                    for (Future<Outcome> future : futures) {
                        outcomes.add(get(future));
                        progress.step();
                    }
                } finally {
                    pool.shutdownNow();
                }
            } else {
                for (int i = 0; i < options.runs(); i++) {
                    outcomes.add(invoke());
                    progress.step();
                }
            }
            List<ReportLine> colds = new ArrayList<>();
            for (Outcome o : outcomes) {
                if (o.error() != null) {
                    errors++;
                    if (firstError == null) {
                        firstError = o.error();
                    }
                    continue;
                }
                successes++;
                payloadSizes.add(o.payloadBytes());
                ReportLine r = o.report();
                maxMemoryUsed = Math.max(maxMemoryUsed, r.maxMemoryUsedMB());
                if (r.memorySizeMB() != size) {
                    notes.add("an invocation reported " + r.memorySizeMB() + " MB while " + size
                            + " MB was set; recorded under " + r.memorySizeMB() + " MB");
                }
                if (r.coldStart()) {
                    colds.add(r);
                } else {
                    latency.computeIfAbsent(r.memorySizeMB(), k -> new ArrayList<>()).add(r.durationMs());
                }
            }
            double warmP50 = latency.containsKey(size) ? Stats.median(latency.get(size)) : Double.NaN;
            for (ReportLine r : colds) {
                double excess = Double.isNaN(warmP50) ? 0 : Math.max(0, r.durationMs() - warmP50);
                cold.add(Stats.round3(r.initDurationMs() + excess));
            }
        }

        private Outcome get(Future<Outcome> future) {
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProfilerException(false, "Interrupted while invoking " + deployed + ".");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new ProfilerException(false, e.getCause().toString(), e.getCause());
            }
        }

        private Outcome invoke() {
            InvokeResponse r = client.invoke(b -> b.functionName(deployed)
                    .invocationType(InvocationType.REQUEST_RESPONSE).logType(LogType.TAIL)
                    .payload(SdkBytes.fromByteArray(payload)));
            byte[] body = r.payload() == null ? new byte[0] : r.payload().asByteArray();
            if (r.functionError() != null) {
                return new Outcome(null, body.length, r.functionError() + ": " + errorMessage(body));
            }
            String tail = r.logResult() == null ? ""
                    : new String(Base64.getDecoder().decode(r.logResult()), StandardCharsets.UTF_8);
            ReportLine report = null;
            for (String line : tail.split("\n")) {
                if (ReportLine.isReport(line)) {
                    try {
                        report = ReportLine.parse(line).orElse(null);
                    } catch (IllegalArgumentException e) {
                        return new Outcome(null, body.length, e.getMessage());
                    }
                }
            }
            if (report == null) {
                return new Outcome(null, body.length, "the log tail holds no REPORT line");
            }
            return new Outcome(report, body.length, null);
        }

        /** A rising latency above 1 vCPU means the function uses more than one thread: say so. */
        private void hintParallelism() {
            if (options.parallelism().containsKey(f.name())) {
                notes.add("parallelism " + options.parallelism().get(f.name()) + " as given");
                return;
            }
            List<Double> one = latency.get(ScalingModel.MB_PER_VCPU);
            Map.Entry<Integer, List<Double>> above = ((TreeMap<Integer, List<Double>>) latency)
                    .higherEntry((int) (ScalingModel.MB_PER_VCPU * 1.5));
            if (one != null && above != null && Stats.median(above.getValue()) < 0.85 * Stats.median(one)) {
                notes.add("it got faster above " + ScalingModel.MB_PER_VCPU + " MB, so it uses more than one thread; "
                        + "parallelism 1 recorded: give --parallelism " + f.name() + "=N");
            } else {
                notes.add("parallelism 1 assumed (a REPORT line cannot tell)");
            }
        }
    }

    private static String errorMessage(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.has("errorMessage")) {
                String type = node.path("errorType").asText("");
                return (type.isEmpty() ? "" : type + ": ") + node.get("errorMessage").asText();
            }
        } catch (IOException e) {
            // not JSON: show the text
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /** Waits until the function's last update is done; fails if it failed or took too long. */
    private GetFunctionConfigurationResponse awaitUpdated(String name) {
        return awaitUpdated(name, true);
    }

    /** Waits until no update of the function is in progress; a failed one is an error if {@code failedIsError}. */
    private GetFunctionConfigurationResponse awaitUpdated(String name, boolean failedIsError) {
        Instant deadline = Instant.now().plus(options.updateTimeout());
        while (true) {
            GetFunctionConfigurationResponse c = client.getFunctionConfiguration(b -> b.functionName(name));
            LastUpdateStatus status = c.lastUpdateStatus();
            if (status == null || status == LastUpdateStatus.SUCCESSFUL) {
                return c;
            }
            if (status == LastUpdateStatus.FAILED) {
                if (!failedIsError) {
                    return c;
                }
                throw new UpdateFailed("its configuration update failed: " + c.lastUpdateStatusReason());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new UpdateFailed("its configuration update was still " + c.lastUpdateStatusAsString()
                        + " after " + options.updateTimeout().toSeconds() + " s");
            }
            try {
                Thread.sleep(options.pollInterval().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProfilerException(false, "Interrupted while waiting for " + name + " to update.");
            }
        }
    }

    /** A configuration update that failed or did not finish: that size is skipped. */
    private static final class UpdateFailed extends RuntimeException {
        UpdateFailed(String message) {
            super(message);
        }
    }

    /**
     * Remembers each function's original memory until it is restored. Memory changes and restores are serialized,
     * so that a restore from the shutdown hook cannot be overtaken by a later change from the tuning thread.
     */
    private final class Restorer {
        private final Map<String, Integer> pending = new LinkedHashMap<>();
        private boolean shuttingDown;

        synchronized void remember(String function, int originalMB) {
            pending.putIfAbsent(function, originalMB);
        }

        /** Sets the memory and waits for it; returns why it could not, or null. */
        synchronized String setMemory(String function, int memoryMB) {
            if (shuttingDown) {
                throw new ProfilerException(false, "Stopped: the original memory sizes were restored.");
            }
            return update(function, memoryMB);
        }

        private String update(String function, int memoryMB) {
            for (int attempt = 0; ; attempt++) {
                try {
                    awaitUpdated(function, false); // a failed earlier update does not prevent this one
                    client.updateFunctionConfiguration(b -> b.functionName(function).memorySize(memoryMB));
                    awaitUpdated(function);
                    return null;
                } catch (ResourceConflictException e) {
                    if (attempt >= 3) {
                        return "another update kept the function busy: " + e.awsErrorDetails().errorMessage();
                    }
                } catch (UpdateFailed e) {
                    return e.getMessage();
                }
            }
        }

        synchronized void restore(String function) {
            Integer original = pending.remove(function);
            if (original == null) {
                return;
            }
            String problem;
            try {
                problem = update(function, original);
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            if (problem == null) {
                progress.note("restored the memory of " + function + " to " + original + " MB");
            } else {
                progress.note("COULD NOT restore the memory of " + function + " to " + original + " MB: " + problem
                        + ". Set it by hand: aws lambda update-function-configuration --function-name " + function
                        + " --memory-size " + original);
            }
        }

        /** Restores every function not yet restored; returns their names. */
        synchronized List<String> restoreAll() {
            List<String> names = new ArrayList<>(pending.keySet());
            for (String function : names) {
                restore(function);
            }
            return names;
        }

        void restoreOnShutdown() {
            synchronized (this) {
                shuttingDown = true;
            }
            List<String> restored = restoreAll();
            if (!restored.isEmpty()) {
                progress.note("interrupted: restored the original memory of " + String.join(", ", restored));
            }
        }
    }
}
