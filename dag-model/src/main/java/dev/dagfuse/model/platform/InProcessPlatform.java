// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.platform;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Platform;

import java.util.List;

/**
 * What the platforms without a state machine share (this machine, a capacity-limited cluster): cost in core-seconds
 * as measured (no rounding, no request, store or orchestration price), no orchestration, Map form, architecture or
 * Parallel state, and an invocation handed straight to its pool.
 */
interface InProcessPlatform extends Platform {

    /** Handing one invocation to its pool (a thread pool, a container pool). */
    double invokeOverheadMs();

    @Override
    default double billedMs(double durationMs) {
        return durationMs;
    }

    @Override
    default double computeCost(Architecture architecture, int memoryMB, double billedMs, int invocations) {
        return billedMs / 1000 * coresHeld(memoryMB);
    }

    @Override
    default double storeCost(double puts, double gets) {
        return 0;
    }

    @Override
    default double groupOrchestrationCost(Orchestration orchestration, MapForm map, int invocations, int fanOut,
                                          double meanChildDurationUnits) {
        return 0;
    }

    @Override
    default double requestOrchestrationCost(Orchestration orchestration, double[] requestLatencyMs) {
        return 0;
    }

    /** No state machine: the executor schedules invocations itself. */
    @Override
    default List<Orchestration> orchestrations() {
        return List.of();
    }

    @Override
    default List<MapForm> mapForms(Orchestration orchestration) {
        return List.of();
    }

    @Override
    default List<Architecture> architectures() {
        return List.of();
    }

    /** Every invocation is handed to its pool; nothing else stands between groups. */
    @Override
    default GroupOrchestration groupOrchestration(Orchestration orchestration, MapForm map) {
        return new GroupOrchestration(Lognormal.constant(0), 0, Lognormal.constant(invokeOverheadMs()), Integer.MAX_VALUE,
                0);
    }

    /** A group starts as soon as its predecessors have ended: there are no Parallel states. */
    @Override
    default ParallelStates parallelStates(Orchestration orchestration) {
        return null;
    }

    @Override
    default double invocationCost(Architecture architecture, int memoryMB, List<Double> durationsMs) {
        double mean = durationsMs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        return mean / 1000 * coresHeld(memoryMB);
    }
}
