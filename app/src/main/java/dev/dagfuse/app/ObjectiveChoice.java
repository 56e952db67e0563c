// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

/**
 * The objective a request plans for, resolved against the workflow once it is read: its declared
 * {@code objective:}, or a latency target or budget given with the request. A {@code null} percentile means the
 * workflow objective's, else 95.
 */
public sealed interface ObjectiveChoice {

    /** The percentile a target or budget is about, or {@code null} for the workflow objective's (else 95). */
    Double percentile();

    /**
     * The workflow's {@code objective:}.
     *
     * @param percentile {@code null}, or the objective's percentile (any other is a {@link RequestException})
     */
    record Declared(Double percentile) implements ObjectiveChoice {
    }

    /** Minimum cost with the percentile's latency ≤ {@code targetMs}. */
    record Latency(Double percentile, double targetMs) implements ObjectiveChoice {
    }

    /** Minimum percentile latency with the mean cost ≤ {@code budgetUsd} per request. */
    record Budget(Double percentile, double budgetUsd) implements ObjectiveChoice {
    }

    static ObjectiveChoice declared() {
        return new Declared(null);
    }
}
