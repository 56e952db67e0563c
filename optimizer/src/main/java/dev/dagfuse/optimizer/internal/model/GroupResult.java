// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

/**
 * One candidate group's model numbers.
 *
 * @param latencyMs per draw: from the group's inputs being ready to its last invocation finishing (shared, never modify)
 * @param computeUsd mean per request: billed duration × GB × price plus the invocations' request price
 *     (on the local platform: core-seconds)
 * @param s3Usd mean per request: the S3 PUT and GET requests of its output writes and input reads
 * @param transitionsUsd mean per request: its Step Functions state transitions (Standard; with those of the Parallel
 *     states whose first branch it starts), or its Express child executions' requests and duration (0 under an Express
 *     parent)
 * @param invocations invocations per request
 * @param invocationMs local platform only (else null): per invocation, per draw, its duration (for list scheduling)
 * @param cores local platform only: the cores each invocation holds while it runs
 * @param longestInvocationMs the platform's limit quantile over draws of its longest invocation's billed duration
 *     (what its timeout is judged against)
 * @param coldStartProbability the probability with which each of its invocations was drawn cold (from the arrival
 *     rate, or the platform's fixed one)
 * @param provisioned its provisioned environments, 0: on demand
 * @param spill the share of its invocations that find every provisioned environment busy (1 on demand)
 * @param keepUsd what keeping the provisioned environments costs per request (in {@code computeUsd}; 0 on demand)
 * @param meanBilledMs the invocations' summed billed duration per request, mean over the draws (what it is billed for)
 * @param meanWarmMs with an arrival rate, an invocation's mean warm duration, which its P(cold) follows from (else NaN)
 */
record GroupResult(double[] latencyMs, double computeUsd, double s3Usd, double transitionsUsd, int invocations,
                   double[][] invocationMs, int cores, double longestInvocationMs, double coldStartProbability,
                   int provisioned, double spill, double keepUsd, double meanBilledMs, double meanWarmMs) {

    long bytes() {
        return 8L * latencyMs.length * (1 + (invocationMs == null ? 0 : invocationMs.length));
    }

    double costUsd() {
        return computeUsd + s3Usd + transitionsUsd;
    }

    /**
     * This group with other draws and its running costs times {@code factor} (a loop's mean iterations, a choice's
     * probability): keeping provisioned environments is paid whether or not a request runs the group.
     */
    GroupResult scaled(double[] latency, double[][] perInvocation, double factor) {
        return new GroupResult(latency, (computeUsd - keepUsd) * factor + keepUsd, s3Usd * factor,
                transitionsUsd * factor, invocations, perInvocation, cores, longestInvocationMs, coldStartProbability,
                provisioned, spill, keepUsd, meanBilledMs * factor, meanWarmMs);
    }
}
