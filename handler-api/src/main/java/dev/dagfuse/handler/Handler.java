// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.handler;

/**
 * The code of one workflow function, as the local executor and the local profiler run it.
 *
 * <p>An implementation has a public no-argument constructor and is stateless (one instance serves
 * concurrent invocations). Its output must be {@link java.io.Serializable}: between groups it is
 * serialized and crosses the local object store, as it would cross S3 on AWS; inside a fused group it
 * is handed over in memory.
 */
@FunctionalInterface
public interface Handler {

    /** Runs one invocation (one branch of the function's fan-out) and returns its output. */
    Object handle(Invocation invocation) throws Exception;

    /**
     * The request input an entry function gets when the workflow names no {@code sampleInput}.
     * Deterministic for a given seed, so that profiles and runs can be reproduced.
     */
    default Object defaultInput(long seed) {
        return null;
    }
}
