// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

/**
 * A group invocation that failed: the message names the group, the function, the branch and the cause. Thrown out of
 * the Lambda handler, so that Step Functions sees the error (its name is this class's) and the state machine's
 * {@code Catch} keeps it.
 */
public final class InvocationFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvocationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
