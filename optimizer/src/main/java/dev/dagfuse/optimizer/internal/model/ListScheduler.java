// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The local platform's finite capacity: one request's invocations share the machine's cores. Non-preemptive list
 * scheduling in arrival order: a group becomes ready when all its predecessor groups have finished; groups are taken in
 * order of ready time (ties: topological order), and each of their invocations, in index order, starts as soon as
 * the cores it holds are free (FIFO: a later invocation never starts in an idle gap before an earlier one's start
 * on the same core). With enough cores this is the longest path of the Lambda model.
 */
final class ListScheduler {

    private final int cores;
    private final int[][] predecessors;
    private final int[][] successors;
    private final int[] topoRank;

    /**
     * @param cores the machine's cores
     * @param predecessors per group, the groups it waits for
     * @param topoRank per group, its rank in a topological order (tie-break)
     */
    ListScheduler(int cores, int[][] predecessors, int[] topoRank) {
        this.cores = cores;
        this.predecessors = predecessors;
        this.topoRank = topoRank;
        int n = predecessors.length;
        int[] count = new int[n];
        for (int[] ps : predecessors) {
            for (int p : ps) {
                count[p]++;
            }
        }
        successors = new int[n][];
        for (int g = 0; g < n; g++) {
            successors[g] = new int[count[g]];
        }
        int[] fill = new int[n];
        for (int g = 0; g < n; g++) {
            for (int p : predecessors[g]) {
                successors[p][fill[p]++] = g;
            }
        }
    }

    /** Request latency per draw; {@code results.get(g)} must carry per-invocation durations. */
    double[] schedule(GroupResult[] results, int samples) {
        int n = results.length;
        double[] request = new double[samples];
        double[] free = new double[cores];
        double[] finish = new double[n];
        double[] ready = new double[n];
        int[] pending = new int[n];
        PriorityQueue<Integer> queue = new PriorityQueue<>((a, b) -> ready[a] != ready[b]
                ? Double.compare(ready[a], ready[b]) : Integer.compare(topoRank[a], topoRank[b]));
        for (int i = 0; i < samples; i++) {
            Arrays.fill(free, 0);
            for (int g = 0; g < n; g++) {
                pending[g] = predecessors[g].length;
                ready[g] = 0;
                if (pending[g] == 0) {
                    queue.add(g);
                }
            }
            double end = 0;
            while (!queue.isEmpty()) {
                int g = queue.poll();
                GroupResult r = results[g];
                int need = Math.min(r.cores(), cores);
                double groupEnd = ready[g];
                for (int j = 0; j < r.invocations(); j++) {
                    // the `need` earliest-free cores: free is kept sorted ascending
                    double start = Math.max(ready[g], free[need - 1]);
                    double done = start + r.invocationMs()[j][i];
                    for (int c = 0; c < need; c++) {
                        free[c] = done;
                    }
                    Arrays.sort(free);
                    groupEnd = Math.max(groupEnd, done);
                }
                finish[g] = groupEnd;
                end = Math.max(end, groupEnd);
                for (int s : successors[g]) {
                    ready[s] = Math.max(ready[s], groupEnd);
                    if (--pending[s] == 0) {
                        queue.add(s);
                    }
                }
            }
            request[i] = end;
        }
        return request;
    }
}
