// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

/** An error the user can act on, printed as its message alone, with the given exit code. */
public class UserException extends RuntimeException {

    private final int exitCode;

    public UserException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
