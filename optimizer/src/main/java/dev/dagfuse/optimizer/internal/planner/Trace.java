// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

/** Timing lines on stderr for profiling the planners: enabled with {@code -Ddagfuse.trace=true}. */
final class Trace {

    static final boolean ON = Boolean.getBoolean("dagfuse.trace");
    private static final long START = System.nanoTime();

    private Trace() {
    }

    static void log(String format, Object... args) {
        if (ON) {
            System.err.printf("[planner %7.1f ms] %s%n", (System.nanoTime() - START) / 1e6, String.format(format, args));
        }
    }
}
