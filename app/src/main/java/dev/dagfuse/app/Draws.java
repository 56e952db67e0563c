// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.Ranges;

/**
 * How the Monte Carlo model draws: {@code null} for what the plan file records (its {@code model:} block), else the
 * default (10,000 requests, seed 42).
 *
 * @param samples requests drawn, ≥ 1, or {@code null}
 * @param seed the seed of the draws, or {@code null}
 * @param ratePerSecond the requests' arrival rate ({@code --rate}), or {@code null}: what the plan records, else the
 *     workflow's {@code load:}, else none
 */
public record Draws(Integer samples, Long seed, Double ratePerSecond) {

    /** What the plan records, else the defaults. */
    public static final Draws RECORDED_OR_DEFAULT = new Draws(null, null, null);

    public Draws {
        if (samples != null && (samples < 1 || samples > Ranges.MAX_SAMPLES)) {
            throw new IllegalArgumentException("The samples (" + samples + ") must be within 1.." + Ranges.MAX_SAMPLES
                    + ". Maybe 10000.");
        }
        if (ratePerSecond != null && !(ratePerSecond > 0 && ratePerSecond <= Ranges.MAX_RATE_PER_SECOND)) {
            throw new IllegalArgumentException(dev.dagfuse.model.Load.problem(ratePerSecond, "--rate"));
        }
    }

    /** Draws without a rate of their own. */
    public Draws(Integer samples, Long seed) {
        this(samples, seed, null);
    }
}
