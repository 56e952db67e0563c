// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One function of a workflow, as declared.
 *
 * @param name the function's key under {@code functions}
 * @param handler the Java class that implements it, or {@code null} when only a profile is known
 * @param memoryMB the memory it is deployed with today (the "as deployed" baseline)
 * @param memoryOptionsMB the sizes the planner may pick for it; empty means any size of the platform
 * @param after its predecessors, in declared order
 * @param fanOut parallel invocations per request
 * @param retry how the executor retries it
 * @param timeoutMs after how long the executor abandons one invocation
 * @param profile a profile given inline in the workflow, or {@code null}
 * @param reads per predecessor, which of its outputs each branch reads, where the workflow says ({@code reads:});
 *     a predecessor it does not name is read as {@link Workflow#reads} says by default
 * @param when the option of a choice it runs on ({@code when:}), or {@code null}: it runs on every request that
 *     reaches it
 * @param service what it is when it is not a Lambda function ({@code service:}, {@code wait:}), or {@code null}
 * @param iterations how many times a request runs it in a loop ({@code iterations:}), as a sample of counts (each
 *     equally likely), or empty: once
 * @param widths how many branches a request runs ({@code widths:}, a Map over data whose size varies), as a sample of
 *     widths within 1..{@code fanOut} (each equally likely), or empty: always {@code fanOut}
 */
// The later components are left out of JSON when unused, so that a workflow without them keeps its content hash (the
// CI gate's baselines record it: check's Hashes).
public record FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB,
                           List<String> after, int fanOut, Retry retry, double timeoutMs, FunctionProfile profile,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Reads> reads,
                           @JsonInclude(JsonInclude.Include.NON_NULL) When when,
                           @JsonInclude(JsonInclude.Include.NON_NULL) ServiceTask service,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> iterations,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Integer> widths) {

    public static final int DEFAULT_MEMORY_MB = 1024;
    public static final double DEFAULT_TIMEOUT_MS = 900_000;

    public FunctionSpec {
        memoryOptionsMB = List.copyOf(memoryOptionsMB);
        after = List.copyOf(after);
        iterations = List.copyOf(iterations);
        widths = List.copyOf(widths);
        reads = Collections.unmodifiableMap(new LinkedHashMap<>(reads));
        for (String p : reads.keySet()) {
            if (!after.contains(p)) {
                throw new IllegalArgumentException("The function (" + name + ") says how it reads (" + p
                        + "), which is not one of its predecessors " + after + ".");
            }
        }
    }

    /** A function that reads each predecessor as by default. */
    public FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB, List<String> after,
                        int fanOut, Retry retry, double timeoutMs, FunctionProfile profile) {
        this(name, handler, memoryMB, memoryOptionsMB, after, fanOut, retry, timeoutMs, profile, Map.of(), null, null,
                List.of(), List.of());
    }

    /** A function that runs on every request that reaches it. */
    public FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB, List<String> after,
                        int fanOut, Retry retry, double timeoutMs, FunctionProfile profile, Map<String, Reads> reads) {
        this(name, handler, memoryMB, memoryOptionsMB, after, fanOut, retry, timeoutMs, profile, reads, null, null,
                List.of(), List.of());
    }

    /** A Lambda function, maybe on an option of a choice. */
    public FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB, List<String> after,
                        int fanOut, Retry retry, double timeoutMs, FunctionProfile profile, Map<String, Reads> reads,
                        When when) {
        this(name, handler, memoryMB, memoryOptionsMB, after, fanOut, retry, timeoutMs, profile, reads, when, null,
                List.of(), List.of());
    }

    /** A step, Lambda function or not, that runs once per request that reaches it. */
    public FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB, List<String> after,
                        int fanOut, Retry retry, double timeoutMs, FunctionProfile profile, Map<String, Reads> reads,
                        When when, ServiceTask service) {
        this(name, handler, memoryMB, memoryOptionsMB, after, fanOut, retry, timeoutMs, profile, reads, when, service,
                List.of(), List.of());
    }

    /** A step, maybe in a loop, whose fan-out has one width. */
    public FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB, List<String> after,
                        int fanOut, Retry retry, double timeoutMs, FunctionProfile profile, Map<String, Reads> reads,
                        When when, ServiceTask service, List<Integer> iterations) {
        this(name, handler, memoryMB, memoryOptionsMB, after, fanOut, retry, timeoutMs, profile, reads, when, service,
                iterations, List.of());
    }

    /** This function run with {@code width} branches (a request's width of a fan-out whose width varies). */
    public FunctionSpec withFanOut(int width) {
        return new FunctionSpec(name, handler, memoryMB, memoryOptionsMB, after, width, retry, timeoutMs, profile, reads,
                when, service, iterations, List.of());
    }

    /** The mean number of times a request runs it (1 without {@code iterations:}). */
    public double meanIterations() {
        return iterations.isEmpty() ? 1 : iterations.stream().mapToInt(Integer::intValue).average().orElse(1);
    }

    /** The YAML key of what {@link #notRunnable()} names, e.g. {@code when}, or {@code null}. */
    public String notRunnableKey() {
        if (service != null) {
            return service.isWait() ? "wait" : "service";
        }
        return !iterations.isEmpty() ? "iterations" : !widths.isEmpty() ? "widths" : when != null ? "when" : null;
    }

    /**
     * What of this function the local executor and the state machine writer cannot run yet (a choice's option, a
     * service task, a Wait state, a loop), or {@code null} when they can; {@link #notRunnableKey()} is its YAML key.
     */
    public String notRunnable() {
        if (service != null) {
            return service.isWait() ? "is a Wait state" : "is a service task (not a Lambda function)";
        }
        if (!iterations.isEmpty()) {
            return "runs in a loop";
        }
        if (!widths.isEmpty()) {
            return "has a fan-out whose width varies";
        }
        return when != null ? "runs on an option of choice (" + when.choice() + ")" : null;
    }
}
