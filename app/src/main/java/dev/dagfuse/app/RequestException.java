// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

/**
 * A request that cannot be served as given: an objective the workflow does not declare, a planner that is not known
 * or refuses the request (e.g. too large for the exhaustive search). Its message says what to give instead; front
 * ends report it as a usage error (the CLI: exit 2). Bad files are {@link dev.dagfuse.model.InputException}s.
 */
public class RequestException extends RuntimeException {

    public RequestException(String message) {
        super(message);
    }
}
