// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import java.util.List;

/**
 * How profiling one function went.
 *
 * @param function the function's name
 * @param status whether it has samples
 * @param successes invocations that returned normally (reference, warm-up and measured runs)
 * @param errors invocations that threw or timed out
 * @param error the first error (exception class and message), or {@code null}
 * @param notes what a reader should know about the numbers (estimates, caps, skipped measurements)
 */
public record FunctionReport(String function, Status status, int successes, int errors, String error, List<String> notes) {

    public enum Status {
        /** Has latency samples (possibly with some failed runs). */
        PROFILED,
        /** Every run failed, or it could not run because a predecessor failed. */
        FAILED,
        /** Not profiled by this target, by design (e.g. no handler for a local run). */
        SKIPPED
    }

    public FunctionReport {
        notes = List.copyOf(notes);
    }
}
