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
 */
public record PlanGroup(String id, List<String> functions, int memoryMB, int fanOut, int bundleSize, int invocations) {

    public PlanGroup {
        functions = List.copyOf(functions);
    }

    public static PlanGroup of(List<String> functions, int memoryMB, int fanOut, int bundleSize) {
        return new PlanGroup(String.join("+", functions), functions, memoryMB, fanOut, bundleSize,
                invocations(fanOut, bundleSize));
    }

    public static int invocations(int fanOut, int bundleSize) {
        return (fanOut + bundleSize - 1) / bundleSize;
    }
}
