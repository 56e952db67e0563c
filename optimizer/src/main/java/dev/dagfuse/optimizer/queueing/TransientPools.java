// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The waits that one given sequence of request arrivals meets in a workflow's pools, starting from empty pools: what a
 * run of a few hundred requests measures, where {@link Pools} predicts the steady state, which such a run does not
 * reach (the first requests find idle containers) and whose arrivals are one draw of the Poisson process, not its
 * average. A discrete-event simulation: request i arrives at its given time; a group becomes ready when every group it
 * follows has ended (the entry groups at the arrival); its k invocations arrive together at its pool, each takes the
 * container that frees first (first come, first served) and holds it for a gamma-distributed time of the pool's mean
 * and c_s ({@link Pools.Pool#serviceMs()}, {@link Pools.Pool#serviceCv()}); the group ends when its last invocation
 * does. Replicated with fresh service draws over the same arrivals.
 *
 * <p>A request's wait is its groups' waits summed, each group's the longest of its invocations' waits: as the cluster
 * runner measures it, and as {@link Pools} adds it to the model's draws. Unlike {@link Pools}, a later group's arrivals
 * are the earlier groups' departures, not a Poisson stream of their own.
 */
public final class TransientPools {

    private TransientPools() {
    }

    /**
     * @param requestWaitMs per replicate, per request (in the arrivals' order): its groups' waits summed
     * @param meanInvocationWaitMs per pool: an invocation's mean wait for a container, over every replicate
     */
    public record Waits(List<double[]> requestWaitMs, double[] meanInvocationWaitMs) {
        public Waits {
            requestWaitMs = requestWaitMs.stream().map(double[]::clone).toList();
            meanInvocationWaitMs = meanInvocationWaitMs.clone();
        }

        /** A request's mean wait, over every request and replicate. */
        public double meanRequestWaitMs() {
            return requestWaitMs.stream().flatMapToDouble(Arrays::stream).average().orElse(Double.NaN);
        }

        @Override
        public double[] meanInvocationWaitMs() {
            return meanInvocationWaitMs.clone();
        }
    }

    /**
     * Simulates {@code replicates} runs of the arrivals through the pools.
     *
     * @param pools the workflow's pools, one per group (their rates are not used: the arrivals are given)
     * @param predecessors per group, the groups it starts after (indices into {@code pools}; acyclic)
     * @param containers per group, its pool's containers (≥ 1)
     * @param arrivalMs the requests' arrival times in ms, non-decreasing
     * @param replicates how many runs, each with its own service draws (≥ 1)
     * @param seed the seed of the service draws
     */
    public static Waits simulate(List<Pools.Pool> pools, List<List<Integer>> predecessors, int[] containers,
                                 double[] arrivalMs, int replicates, long seed) {
        int groups = pools.size();
        if (predecessors.size() != groups || containers.length != groups) {
            throw new IllegalArgumentException("The predecessors (" + predecessors.size() + ") and containers ("
                    + containers.length + ") must be one per pool (" + groups + ").");
        }
        if (replicates < 1) {
            throw new IllegalArgumentException("The replicates (" + replicates + ") must be ≥ 1.");
        }
        for (int g = 0; g < groups; g++) {
            if (containers[g] < 1) {
                throw new IllegalArgumentException("The pool of group " + pools.get(g).group() + " needs at least one "
                        + "container (" + containers[g] + ").");
            }
        }
        for (int i = 1; i < arrivalMs.length; i++) {
            if (!(arrivalMs[i] >= arrivalMs[i - 1])) {
                throw new IllegalArgumentException("The arrivals must be in time order: " + arrivalMs[i] + " ms after "
                        + arrivalMs[i - 1] + " ms.");
            }
        }
        int[][] successors = successors(predecessors, pools);
        GammaDistribution[] gamma = new GammaDistribution[groups];
        for (int g = 0; g < groups; g++) {
            double cv = pools.get(g).serviceCv();
            // shape 1/c_s², mean 1 (c_s ≈ 0: constant), one stream per pool
            gamma[g] = cv < 1e-6 ? null
                    : new GammaDistribution(new Well19937c(seed + 7919L * g), 1 / (cv * cv), cv * cv);
        }
        int n = arrivalMs.length;
        List<double[]> requestWaits = new ArrayList<>();
        double[] invocationWaitSum = new double[groups];
        long[] invocationCount = new long[groups];
        for (int r = 0; r < replicates; r++) {
            double[] requestWait = new double[n];
            double[][] free = new double[groups][];
            for (int g = 0; g < groups; g++) {
                free[g] = new double[containers[g]];
            }
            int[][] waitingFor = new int[n][groups];
            double[][] ready = new double[n][groups];
            // a group's readiness: (time, request, group); ties by request, so the earlier request is served first
            PriorityQueue<Ready> events = new PriorityQueue<>();
            for (int i = 0; i < n; i++) {
                for (int g = 0; g < groups; g++) {
                    waitingFor[i][g] = predecessors.get(g).size();
                    ready[i][g] = arrivalMs[i];
                    if (waitingFor[i][g] == 0) {
                        events.add(new Ready(arrivalMs[i], i, g));
                    }
                }
            }
            while (!events.isEmpty()) {
                Ready e = events.poll();
                Pools.Pool pool = pools.get(e.group());
                double[] heap = free[e.group()];
                double end = e.timeMs();
                double longest = 0;
                for (int k = 0; k < pool.invocationsPerRequest(); k++) {
                    double start = Math.max(e.timeMs(), heap[0]);
                    double unit = gamma[e.group()] == null ? 1 : gamma[e.group()].sample();
                    heap[0] = start + pool.serviceMs() * unit;
                    end = Math.max(end, heap[0]);
                    Pools.Waits.siftDown(heap);
                    double wait = start - e.timeMs();
                    longest = Math.max(longest, wait);
                    invocationWaitSum[e.group()] += wait;
                    invocationCount[e.group()]++;
                }
                requestWait[e.request()] += longest;
                for (int h : successors[e.group()]) {
                    ready[e.request()][h] = Math.max(ready[e.request()][h], end);
                    if (--waitingFor[e.request()][h] == 0) {
                        events.add(new Ready(ready[e.request()][h], e.request(), h));
                    }
                }
            }
            requestWaits.add(requestWait);
        }
        double[] meanWait = new double[groups];
        for (int g = 0; g < groups; g++) {
            meanWait[g] = invocationCount[g] == 0 ? 0 : invocationWaitSum[g] / invocationCount[g];
        }
        return new Waits(requestWaits, meanWait);
    }

    /** Per group, the groups that start after it; rejects a cycle and indices out of range. */
    private static int[][] successors(List<List<Integer>> predecessors, List<Pools.Pool> pools) {
        int groups = predecessors.size();
        List<List<Integer>> after = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            after.add(new ArrayList<>());
        }
        int[] indegree = new int[groups];
        for (int g = 0; g < groups; g++) {
            for (int p : predecessors.get(g)) {
                if (p < 0 || p >= groups || p == g) {
                    throw new IllegalArgumentException("Group " + pools.get(g).group() + " cannot follow group index "
                            + p + ": there are " + groups + " groups.");
                }
                after.get(p).add(g);
                indegree[g]++;
            }
        }
        // Kahn: every group must be reachable in a topological order
        int[] left = indegree.clone();
        List<Integer> queue = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            if (left[g] == 0) {
                queue.add(g);
            }
        }
        for (int i = 0; i < queue.size(); i++) {
            for (int h : after.get(queue.get(i))) {
                if (--left[h] == 0) {
                    queue.add(h);
                }
            }
        }
        if (queue.size() != groups) {
            throw new IllegalArgumentException("The groups' predecessors form a cycle: " + predecessors + ".");
        }
        int[][] result = new int[groups][];
        for (int g = 0; g < groups; g++) {
            result[g] = after.get(g).stream().mapToInt(Integer::intValue).toArray();
        }
        return result;
    }

    private record Ready(double timeMs, int request, int group) implements Comparable<Ready> {
        @Override
        public int compareTo(Ready o) {
            int byTime = Double.compare(timeMs, o.timeMs);
            return byTime != 0 ? byTime : request != o.request ? Integer.compare(request, o.request)
                    : Integer.compare(group, o.group);
        }
    }
}
