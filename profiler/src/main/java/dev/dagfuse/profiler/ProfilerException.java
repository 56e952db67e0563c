// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

/**
 * A profiling run that cannot go on, with a message the user can act on.
 * {@link #isUsage()} tells a problem of setup or input (no credentials, bad option: exit 2) from a failure (exit 1).
 */
public class ProfilerException extends RuntimeException {

    private final boolean usage;

    public ProfilerException(boolean usage, String message) {
        super(message);
        this.usage = usage;
    }

    public ProfilerException(boolean usage, String message, Throwable cause) {
        super(message, cause);
        this.usage = usage;
    }

    public boolean isUsage() {
        return usage;
    }
}
