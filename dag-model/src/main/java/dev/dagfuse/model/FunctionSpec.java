// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.List;

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
 */
public record FunctionSpec(String name, String handler, int memoryMB, List<Integer> memoryOptionsMB,
                           List<String> after, int fanOut, Retry retry, double timeoutMs, FunctionProfile profile) {

    public static final int DEFAULT_MEMORY_MB = 1024;
    public static final double DEFAULT_TIMEOUT_MS = 900_000;

    public FunctionSpec {
        memoryOptionsMB = List.copyOf(memoryOptionsMB);
        after = List.copyOf(after);
    }
}
