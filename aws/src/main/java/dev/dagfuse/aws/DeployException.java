// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import java.util.List;

/**
 * A deploy that stopped part-way: what was deployed and what was not. Deploy is idempotent, so running it again
 * completes it.
 */
public final class DeployException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final List<String> done;
    private final List<String> notDone;

    public DeployException(String message, List<String> done, List<String> notDone, Throwable cause) {
        super(message, cause);
        this.done = List.copyOf(done);
        this.notDone = List.copyOf(notDone);
    }

    public List<String> done() {
        return done;
    }

    public List<String> notDone() {
        return notDone;
    }
}
