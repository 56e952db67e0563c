// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal.spec;

import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.internal.Problems;
import dev.dagfuse.model.internal.spec.WorkflowSpec.PlatformSpec;
import dev.dagfuse.model.platform.ClusterPlatform;

import java.util.ArrayList;
import java.util.List;

/** The reader of {@code platform: {name: cluster, cores: C, memoryMB: M, containerCores: [1, 2]}}. */
final class ClusterSpecs {

    private ClusterSpecs() {
    }

    static Platform cluster(PlatformSpec p, Problems problems) {
        PlatformSpecs.architecture(p, problems); // informational on a cluster, but a typo is still one
        for (String[] key : new String[][] {
                {"latency", p.latency() == null ? null : "set"}, {"limitQuantile", str(p.limitQuantile())},
                {"keepAlive", p.keepAlive()}, {"orchestration", p.orchestration()},
                {"prices", p.prices() == null ? null : "set"}, {"region", p.region()},
                {"memoryMinMB", str(p.memoryMinMB())}, {"memoryMaxMB", str(p.memoryMaxMB())}}) {
            if (key[1] != null) {
                problems.add("platform." + key[0], "The " + key[0] + " does not apply to platform cluster (its keys: "
                        + "cores, memoryMB, containerCores; cost is core-seconds, sizes are containers). Remove it.");
            }
        }
        int cores = 8;
        if (p.cores() == null) {
            problems.add("platform.cores", "A cluster needs its cores: the capacity all pools share. Maybe cores: 8.");
        } else if (p.cores() < 1 || p.cores() > Ranges.MAX_CORES) {
            problems.add("platform.cores", "The cores (" + p.cores() + ") must be within 1.." + Ranges.MAX_CORES
                    + ". Maybe 8.");
        } else {
            cores = p.cores();
        }
        int memory = cores * 2048;
        if (p.memoryMB() == null) {
            problems.add("platform.memoryMB", "A cluster needs its memoryMB: the memory its cores share. Maybe memoryMB: "
                    + cores * 2048 + " (2 GB per core).");
        } else if (p.memoryMB() < cores || p.memoryMB() > Ranges.MAX_MEMORY_MB * (long) Math.max(1, cores)) {
            problems.add("platform.memoryMB", "The memoryMB (" + p.memoryMB() + ") must be at least 1 MB per core ("
                    + cores + ") and at most " + Ranges.MAX_MEMORY_MB + " MB per core. Maybe " + cores * 2048 + ".");
        } else {
            memory = p.memoryMB();
        }
        List<Integer> sizes = ClusterPlatform.fitting(cores);
        if (p.containerCores() != null) {
            List<Integer> given = new ArrayList<>();
            boolean ok = !p.containerCores().isEmpty();
            for (int i = 0; i < p.containerCores().size(); i++) {
                Integer c = p.containerCores().get(i);
                if (c == null || c < 1 || c > cores || (!given.isEmpty() && c <= given.get(given.size() - 1))) {
                    problems.add("platform.containerCores[" + i + "]", "The container size (" + c + ") must be whole "
                            + "cores within 1.." + cores + " (the cluster's), larger than the size before it. Maybe "
                            + ClusterPlatform.fitting(cores) + ".");
                    ok = false;
                    break;
                }
                given.add(c);
            }
            if (p.containerCores().isEmpty()) {
                problems.add("platform.containerCores", "The containerCores list is empty. Maybe "
                        + ClusterPlatform.fitting(cores) + ".");
            }
            if (ok) {
                sizes = given;
            }
        }
        return new ClusterPlatform(cores, memory, sizes, ClusterPlatform.DEFAULT_INVOKE_OVERHEAD_MS);
    }

    /** The cluster's own keys on another platform are typos or copies: each is named by its path. */
    static void rejectClusterKeys(PlatformSpec p, String platform, Problems problems) {
        if (p.memoryMB() != null) {
            problems.add("platform.memoryMB", "The memoryMB (" + p.memoryMB() + ") applies only to platform cluster; "
                    + "on " + platform + " each function has its memoryMB. Remove it (or memoryMinMB/memoryMaxMB).");
        }
        if (p.containerCores() != null) {
            problems.add("platform.containerCores", "The containerCores apply only to platform cluster. Remove them.");
        }
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
