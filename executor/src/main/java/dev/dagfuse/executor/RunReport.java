// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What a local run measured, next to what the model predicted. Latency statistics cover the measured
 * requests that succeeded (warm-up requests and failed ones are left out); times are milliseconds.
 *
 * @param workflow the workflow's name
 * @param load how requests were issued
 * @param cores the cores all invocations shared
 * @param requested measured requests asked for (warm-up not included)
 * @param warmup warm-up requests run before them
 * @param succeeded measured requests that succeeded
 * @param failed measured requests that failed (see {@link #requests()} for why)
 * @param notRun measured requests that never ran or were cut short because the run was stopped
 * @param interrupted whether the run was stopped early (Ctrl-C): the report is partial
 * @param wallSeconds the whole run's wall time, warm-up included
 * @param measured request latency percentiles over the succeeded measured requests
 * @param predicted the model's request latency percentiles, or {@code null} when no prediction was made
 * @param predictedSource where {@code predicted} came from (e.g. the model on a profile), or {@code null}
 * @param relativeError (measured − predicted) / predicted per percentile, or {@code null}
 * @param timeBreakdown where the time went: the mean over succeeded measured requests, along each request's
 *     critical path; its parts add up to the mean latency
 * @param groups per plan group, its measured latency per request and counts
 * @param store traffic through the local object store during the whole run
 * @param workDir the run's object store directory ("(deleted)" when it was removed at the end)
 * @param requests every request, warm-up included, in start order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunReport(String workflow, String load, int cores, int requested, int warmup, int succeeded, int failed,
                        int notRun, boolean interrupted, double wallSeconds, Latency measured, Latency predicted,
                        String predictedSource, RelativeError relativeError, Breakdown timeBreakdown,
                        List<GroupStats> groups, StoreStats store, String workDir, List<RequestResult> requests) {

    public RunReport {
        groups = List.copyOf(groups);
        requests = List.copyOf(requests);
    }

    /** This report with the model's prediction and the relative error of each measured percentile against it. */
    public RunReport withPredicted(Latency prediction, String source) {
        RelativeError error = measured == null || prediction == null ? null : RelativeError.of(measured, prediction);
        return new RunReport(workflow, load, cores, requested, warmup, succeeded, failed, notRun, interrupted,
                wallSeconds, measured, prediction, source, error, timeBreakdown, groups, store, workDir, requests);
    }

    /** Whether every measured request succeeded and the run was not stopped. */
    public boolean allSucceeded() {
        return failed == 0 && !interrupted && notRun == 0
                && requests.stream().noneMatch(r -> r.status() == RequestStatus.FAILED);
    }

    /**
     * Request latency percentiles in milliseconds.
     *
     * @param meanMs the mean, when known (measured only)
     * @param maxMs the largest, when known (measured only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Latency(double p50Ms, double p95Ms, double p99Ms, Double meanMs, Double maxMs) {
        public static Latency of(double p50Ms, double p95Ms, double p99Ms) {
            return new Latency(p50Ms, p95Ms, p99Ms, null, null);
        }
    }

    /** (measured − predicted) / predicted, per percentile: +0.10 means 10% slower than predicted. */
    public record RelativeError(double p50, double p95, double p99) {
        public static RelativeError of(Latency measured, Latency predicted) {
            return new RelativeError(rel(measured.p50Ms(), predicted.p50Ms()), rel(measured.p95Ms(), predicted.p95Ms()),
                    rel(measured.p99Ms(), predicted.p99Ms()));
        }

        private static double rel(double measured, double predicted) {
            return predicted == 0 ? Double.NaN : (measured - predicted) / predicted;
        }
    }

    /**
     * Where a request's time went along its critical path (the chain of group invocations that finished last).
     *
     * @param workMs handlers running (failed attempts included)
     * @param transferMs serializing, writing to and reading from the local object store
     * @param queueMs waiting for a free core
     * @param overheadMs everything else: scheduling, thread hand-offs, retry back-off, and the wait of a bundle for
     *     its other items
     * @param totalMs the request latency; the four parts add up to it
     */
    public record Breakdown(double workMs, double transferMs, double queueMs, double overheadMs, double totalMs) {
    }

    /**
     * One plan group's measurements over the succeeded measured requests.
     *
     * @param id the group's id
     * @param functions its fused chain
     * @param bundleSize branches per invocation
     * @param invocationsPerRequest invocations per request
     * @param threadsPerInvocation the pool each invocation runs its items on: min(bundleSize, ceil(cpu(memory)))
     * @param coresPerInvocation the cores each invocation holds while it runs: clamp(ceil(cpu(memory)), 1, cores)
     * @param requests requests in which it was measured
     * @param invocations invocations measured (requests × invocations per request)
     * @param p50Ms its latency per request (first invocation ready to last invocation done), 50th percentile
     * @param p95Ms the same, 95th percentile
     * @param p99Ms the same, 99th percentile
     * @param attempts handler calls made in the whole run (retries included)
     * @param retries handler calls that were retries
     * @param timeouts handler calls abandoned after the function's timeout
     */
    public record GroupStats(String id, List<String> functions, int bundleSize, int invocationsPerRequest,
                             int threadsPerInvocation, int coresPerInvocation, int requests, long invocations, double p50Ms, double p95Ms,
                             double p99Ms, long attempts, long retries, long timeouts) {
        public GroupStats {
            functions = List.copyOf(functions);
        }
    }

    /** Traffic through the local object store (whole run, warm-up included). */
    public record StoreStats(long writes, long reads, long bytesWritten, long bytesRead) {
    }

    /** How a request ended. */
    public enum RequestStatus { OK, FAILED, INTERRUPTED, NOT_STARTED }

    /**
     * One request.
     *
     * @param index its number, warm-up requests first
     * @param warmup whether it was a warm-up request (left out of the statistics)
     * @param status how it ended
     * @param latencyMs start to last group done, for {@code OK} requests
     * @param breakdown where its time went, for {@code OK} requests
     * @param failure why it failed, for {@code FAILED} requests
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestResult(int index, boolean warmup, RequestStatus status, Double latencyMs, Breakdown breakdown,
                                Failure failure) {
    }

    /**
     * Why a request failed: the first invocation that failed for good.
     *
     * @param function the function whose handler failed
     * @param branch the branch index in the function's fan-out
     * @param attempts handler calls made for it
     * @param timedOut whether the last attempt exceeded the function's timeout and was abandoned
     * @param exception the exception's class and message
     */
    public record Failure(String function, int branch, int attempts, boolean timedOut, String exception) {
    }
}
