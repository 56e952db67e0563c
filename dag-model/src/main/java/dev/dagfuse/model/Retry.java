// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/** How the executor retries a failed invocation: {@code maxAttempts} in all, {@code backoffMs} between them. */
public record Retry(int maxAttempts, double backoffMs) {

    public static final Retry DEFAULT = new Retry(2, 100);
}
