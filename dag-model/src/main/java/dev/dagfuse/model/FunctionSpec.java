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
 */
public record FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB,
                           List<String> after, int fanOut, Retry retry, double timeoutMs, FunctionProfile profile,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Reads> reads,
                           @JsonInclude(JsonInclude.Include.NON_NULL) When when) {

    public static final int DEFAULT_MEMORY_MB = 1024;
    public static final double DEFAULT_TIMEOUT_MS = 900_000;

    public FunctionSpec {
        memoryOptionsMB = List.copyOf(memoryOptionsMB);
        after = List.copyOf(after);
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
        this(name, handler, memoryMB, memoryOptionsMB, after, fanOut, retry, timeoutMs, profile, Map.of(), null);
    }

    /** A function that runs on every request that reaches it. */
    public FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB, List<String> after,
                        int fanOut, Retry retry, double timeoutMs, FunctionProfile profile, Map<String, Reads> reads) {
        this(name, handler, memoryMB, memoryOptionsMB, after, fanOut, retry, timeoutMs, profile, reads, null);
    }
}
