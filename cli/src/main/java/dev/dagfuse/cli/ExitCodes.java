// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

/** The CLI's exit codes. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A run or check failed (a failed request, a regression, a function with no successful run). */
    public static final int FAILURE = 1;
    /** Bad usage or bad input. */
    public static final int USAGE = 2;
    /** The objective cannot be met. */
    public static final int INFEASIBLE = 3;

    private ExitCodes() {
    }
}
