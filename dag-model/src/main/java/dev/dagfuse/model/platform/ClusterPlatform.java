// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.platform;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.scaling.ScalingModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A capacity-limited cluster ({@code platform: {name: cluster, cores: C, memoryMB: M}}): each plan group runs in its
 * own pool of long-running containers, which queue the group's invocations (first come, first served). A container
 * has whole cores, one of {@code containerCores}, and the cluster's memory per core ({@code memoryMB / cores}) for
 * each of them, so a function's memory size asks for the smallest container that holds it. How many containers each
 * pool gets, and what happens when the pools do not fit in the cores, is {@code dagfuse plan-cluster}'s business
 * (Erlang-C, fair share, deflation); a single request's model here assumes its invocations find a free container.
 *
 * <p>Containers are started before the load arrives and kept (no cold starts). Hand-offs between groups are in memory
 * (the local runner passes references), charged at {@link #INLINE_BYTES_PER_SECOND}. There is no money: cost is
 * core-seconds, a container's cores × the invocation's duration.
 *
 * @param cores the cluster's cores, what all pools share
 * @param memoryMB the cluster's memory, divided evenly among the cores
 * @param containerCores the container sizes in cores, ascending, each ≥ 1 and ≤ cores
 * @param invokeOverheadMs handing an invocation to a pool's free container
 */
public record ClusterPlatform(int cores, int memoryMB, List<Integer> containerCores, double invokeOverheadMs)
        implements InProcessPlatform {

    public static final String NAME = "cluster";
    /** The container sizes when the workflow names none: 1, 2 and 4 cores (those that fit). */
    public static final List<Integer> DEFAULT_CONTAINER_CORES = List.of(1, 2, 4);
    /** Handing an invocation to a free container: the local thread-pool hand-off ({@link LocalPlatform}'s default). */
    public static final double DEFAULT_INVOKE_OVERHEAD_MS = LocalPlatform.DEFAULT_INVOKE_OVERHEAD_MS;
    /** In-memory hand-off between groups: a reference locally; 10 GB/s stands for a memory copy. */
    public static final double INLINE_BYTES_PER_SECOND = 10e9;

    public ClusterPlatform {
        if (cores < 1) {
            throw new IllegalArgumentException("The cluster's cores (" + cores + ") must be ≥ 1. Maybe 8.");
        }
        if (memoryMB < cores) {
            throw new IllegalArgumentException("The cluster's memoryMB (" + memoryMB + ") must be ≥ its cores (" + cores
                    + "), at least 1 MB per core. Maybe " + cores * 2048 + ".");
        }
        containerCores = List.copyOf(containerCores);
        if (containerCores.isEmpty()) {
            throw new IllegalArgumentException("The cluster needs at least one container size. Maybe [1, 2].");
        }
        for (int i = 0; i < containerCores.size(); i++) {
            int c = containerCores.get(i);
            if (c < 1 || c > cores || (i > 0 && c <= containerCores.get(i - 1))) {
                throw new IllegalArgumentException("The container sizes (" + containerCores + ") must be ascending "
                        + "whole cores within 1.." + cores + ". Maybe [1, 2].");
            }
        }
        if (!(invokeOverheadMs >= 0) || Double.isInfinite(invokeOverheadMs)) {
            throw new IllegalArgumentException("The cluster's invokeOverheadMs (" + invokeOverheadMs
                    + ") must be a number ≥ 0.");
        }
    }

    /** A cluster with the default container sizes that fit in it and the default hand-off. */
    public static ClusterPlatform of(int cores, int memoryMB) {
        return new ClusterPlatform(cores, memoryMB, fitting(cores), DEFAULT_INVOKE_OVERHEAD_MS);
    }

    /** The default container sizes no larger than {@code cores}. */
    public static List<Integer> fitting(int cores) {
        return DEFAULT_CONTAINER_CORES.stream().filter(c -> c <= cores).toList();
    }

    /** The memory each core comes with, MB. */
    public int memoryPerCoreMB() {
        return memoryMB / cores;
    }

    /** The largest container, in cores. */
    public int largestContainerCores() {
        return containerCores.get(containerCores.size() - 1);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "cluster (%d cores, %d MB, containers of %s cores)", cores, memoryMB,
                containerCores.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse(""));
    }

    @Override
    public CostUnit costUnit() {
        return CostUnit.CORE_SECONDS;
    }

    @Override
    public int memoryMinMB() {
        return 1;
    }

    @Override
    public int memoryMaxMB() {
        return largestContainerCores() * memoryPerCoreMB();
    }

    /** One size per container: its cores × the memory per core. */
    @Override
    public List<Integer> memoryGridMB() {
        List<Integer> grid = new ArrayList<>();
        for (int c : containerCores) {
            grid.add(c * memoryPerCoreMB());
        }
        return List.copyOf(grid);
    }

    /** A container works at its cores, e.g. a 2-core container at 2 × 1,769 MB of a profile's scale. */
    @Override
    public int workSizeMB(int memoryMB) {
        return Math.min(coresHeld(memoryMB), ScalingModel.MAX_VCPUS) * ScalingModel.MB_PER_VCPU;
    }

    /** The cores of the smallest container whose memory holds {@code memoryMB} (the largest if none does). */
    @Override
    public int coresHeld(int memoryMB) {
        int needed = (int) Math.max(1, Math.ceil((double) memoryMB / memoryPerCoreMB()));
        for (int c : containerCores) {
            if (c >= needed) {
                return c;
            }
        }
        return largestContainerCores();
    }

    /** Every invocation has a container of its own; the pools' queues are plan-cluster's model, not a request's. */
    @Override
    public int sharedCores() {
        return 0;
    }

    @Override
    public int capacityCores() {
        return cores;
    }

    @Override
    public long memoryForVcpus(int vcpus) {
        for (int c : containerCores) {
            if (c >= vcpus) {
                return (long) c * memoryPerCoreMB();
            }
        }
        return (long) memoryMaxMB() + 1;
    }

    /** In-memory hand-offs (nothing crosses a store), the pool's hand-off per invocation, no cold starts. */
    @Override
    public Overheads overheads() {
        Lognormal store = Lognormal.constant(0);
        return new Overheads(Lognormal.constant(invokeOverheadMs), store, store, false, INLINE_BYTES_PER_SECOND,
                INLINE_BYTES_PER_SECOND, Long.MAX_VALUE, 0);
    }

    /** Nothing a local profile measured applies to the cluster's containers. */
    @Override
    public Platform calibratedBy(Map<String, String> machine) {
        return this;
    }

    @Override
    public String orchestrationName(Orchestration orchestration) {
        return "cluster pools";
    }

    /** Every hand-off is in memory. */
    @Override
    public long inlineOutputBytes(Workflow workflow) {
        return Long.MAX_VALUE;
    }

    /** No limit of its own but Lambda's timeout, as on the local platform. */
    @Override
    public Limits limits() {
        return new Limits(AwsLambdaPlatform.TIMEOUT_MS, Long.MAX_VALUE, Map.of(), AwsLambdaPlatform.DEFAULT_LIMIT_QUANTILE);
    }

    @Override
    public String invocationCostFormula() {
        return "core-seconds of one invocation on its container (cluster platform)";
    }

    @Override
    public List<String> assumptions() {
        return List.of(String.format(Locale.ROOT, "Cluster of %d cores and %d MB (%d MB per core): each group runs in a "
                + "pool of pre-started containers of %s cores (no cold starts); a request's model assumes a free "
                + "container, plan-cluster adds the pools' M/G/c waiting. Hand-offs in memory; %.2f ms per invocation. "
                + "Cost is core-seconds, shown in the $ columns.", cores, memoryMB, memoryPerCoreMB(),
                containerCores.stream().map(String::valueOf).reduce((a, b) -> a + "/" + b).orElse(""),
                invokeOverheadMs));
    }

    @Override
    public String constants() {
        return "clusterInvokeOverheadMs=" + invokeOverheadMs + ", clusterInlineBytesPerSecond=" + INLINE_BYTES_PER_SECOND;
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", NAME);
        s.put("cores", cores);
        s.put("memoryMB", memoryMB);
        s.put("containerCores", containerCores);
        return s;
    }
}
