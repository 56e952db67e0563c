// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.List;

/**
 * One deployable unit of a plan: a chain of functions fused into one invocation, at one memory size,
 * with {@code bundleSize} of its {@code fanOut} branches per invocation.
 *
 * @param id a stable name, by convention the functions joined with {@code +}
 * @param functions the fused chain, in execution order
 * @param memoryMB the memory of every invocation of the group
 * @param fanOut the branches per request (the functions' common fan-out)
 * @param bundleSize branches run inside one invocation, 1..fanOut
 * @param invocations ceil(fanOut / bundleSize)
 * @param architecture the instruction set its function runs on, or {@code null}: the platform's (and on a platform
 *     without architectures)
 * @param map how a fan-out group's invocations are orchestrated, or {@code null}: the platform's default (always
 *     {@code null} for a group without fan-out, and on a platform without a state machine)
 * @param provisioned the execution environments kept initialised for the group (AWS Lambda's provisioned concurrency),
 *     1..{@link Ranges#MAX_PROVISIONED}, or {@code null}: none, every invocation on demand (docs/model.md,
 *     "Provisioned concurrency")
 * @param snapStart whether the group's cold invocations restore a SnapStart snapshot instead of initialising (AWS
 *     Lambda; not together with {@code provisioned})
 */
public record PlanGroup(String id, List<String> functions, int memoryMB, int fanOut, int bundleSize, int invocations,
                        Architecture architecture, MapForm map, Integer provisioned, boolean snapStart) {

    public PlanGroup {
        functions = List.copyOf(functions);
        if (map != null && fanOut <= 1) {
            throw new IllegalArgumentException("The group (" + id + ") has no fan-out, so it has no Map form (" + map.yamlName()
                    + ").");
        }
        if (provisioned != null && (provisioned < 1 || provisioned > Ranges.MAX_PROVISIONED)) {
            throw new IllegalArgumentException("The provisioned concurrency (" + provisioned + ") of group (" + id
                    + ") must be within 1.." + Ranges.MAX_PROVISIONED + ", or absent (on demand).");
        }
        if (snapStart && provisioned != null) {
            throw new IllegalArgumentException("The group (" + id + ") cannot have both SnapStart and provisioned "
                    + "concurrency (AWS Lambda allows one or the other).");
        }
    }

    /** A group without SnapStart. */
    public PlanGroup(String id, List<String> functions, int memoryMB, int fanOut, int bundleSize, int invocations,
                     Architecture architecture, MapForm map, Integer provisioned) {
        this(id, functions, memoryMB, fanOut, bundleSize, invocations, architecture, map, provisioned, false);
    }

    /** A group on demand (no provisioned concurrency). */
    public PlanGroup(String id, List<String> functions, int memoryMB, int fanOut, int bundleSize, int invocations,
                     Architecture architecture, MapForm map) {
        this(id, functions, memoryMB, fanOut, bundleSize, invocations, architecture, map, null);
    }

    /** A group with the platform's architecture and Map form. */
    public PlanGroup(String id, List<String> functions, int memoryMB, int fanOut, int bundleSize, int invocations) {
        this(id, functions, memoryMB, fanOut, bundleSize, invocations, null, null);
    }

    /** This group with an architecture and a Map form (null: the platform's). */
    public PlanGroup deployedAs(Architecture architecture, MapForm map) {
        return new PlanGroup(id, functions, memoryMB, fanOut, bundleSize, invocations, architecture, map, provisioned, snapStart);
    }

    /** This group with {@code environments} provisioned (null: on demand). */
    public PlanGroup withProvisioned(Integer environments) {
        return new PlanGroup(id, functions, memoryMB, fanOut, bundleSize, invocations, architecture, map, environments, snapStart);
    }

    /** This group with SnapStart on or off. */
    public PlanGroup withSnapStart(boolean on) {
        return new PlanGroup(id, functions, memoryMB, fanOut, bundleSize, invocations, architecture, map, provisioned, on);
    }

    public static PlanGroup of(List<String> functions, int memoryMB, int fanOut, int bundleSize) {
        return new PlanGroup(String.join("+", functions), functions, memoryMB, fanOut, bundleSize,
                invocations(fanOut, bundleSize));
    }

    public static int invocations(int fanOut, int bundleSize) {
        return (fanOut + bundleSize - 1) / bundleSize;
    }
}
