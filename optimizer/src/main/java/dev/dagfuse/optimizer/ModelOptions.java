// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.Ranges;

import java.util.List;

/**
 * Settings of the Monte Carlo latency/cost model.
 *
 * @param samples requests drawn (default 10,000)
 * @param seed the seed of the draws; the same seed gives the same numbers (common random numbers across plans)
 * @param percentiles the percentiles to report, e.g. 50, 95, 99 (the objective's is added when missing)
 * @param ratePerSecond the requests' arrival rate ({@code --rate}), overriding the workflow's {@code load:}; 0: the
 *     workflow's, else none (docs/model.md, "Cold starts from the arrival rate")
 */
public record ModelOptions(int samples, long seed, List<Double> percentiles, double ratePerSecond) {

    public static final int DEFAULT_SAMPLES = 10_000;
    public static final long DEFAULT_SEED = 42L;

    public ModelOptions {
        if (samples < 1 || samples > Ranges.MAX_SAMPLES) {
            throw new IllegalArgumentException("The samples (" + samples + ") must be within 1.." + Ranges.MAX_SAMPLES
                    + ". Maybe 10000.");
        }
        percentiles = List.copyOf(percentiles);
        if (ratePerSecond != 0) {
            new dev.dagfuse.model.Load(ratePerSecond); // checks the range
        }
    }

    /** Options without a rate of their own (the workflow's {@code load:} applies). */
    public ModelOptions(int samples, long seed, List<Double> percentiles) {
        this(samples, seed, percentiles, 0);
    }

    /** These options for requests arriving at {@code ratePerSecond} (0: the workflow's {@code load:}, else none). */
    public ModelOptions withRate(double ratePerSecond) {
        return new ModelOptions(samples, seed, percentiles, ratePerSecond);
    }

    /**
     * The rate the model draws cold starts for: these options', else {@code workflow}'s {@code load:} (a pattern's mean
     * rate; the model then draws each hour, see {@link #patternFor}), else 0 (none).
     */
    public double rateFor(dev.dagfuse.model.Workflow workflow) {
        if (ratePerSecond > 0) {
            return ratePerSecond;
        }
        return workflow.load() == null ? 0 : workflow.load().ratePerSecond();
    }

    /**
     * The workflow's hourly pattern ({@code load.pattern}) when these options give no rate of their own (a
     * {@code --rate} wins over the pattern: a steady rate), else null.
     */
    public java.util.List<Double> patternFor(dev.dagfuse.model.Workflow workflow) {
        return ratePerSecond > 0 || workflow.load() == null || !workflow.load().isPattern() ? null
                : workflow.load().hourly();
    }

    public static ModelOptions defaults() {
        return new ModelOptions(DEFAULT_SAMPLES, DEFAULT_SEED, List.of(50.0, 90.0, 95.0, 99.0));
    }

    /**
     * These options with the samples, seed and arrival rate that {@code plan}'s predicted numbers record ({@code model:}
     * in plan files), so that they can be drawn again; unchanged when the plan is null or records none.
     */
    public ModelOptions withDrawsOf(dev.dagfuse.model.Plan plan) {
        dev.dagfuse.model.Predicted.Model drawn = plan == null || plan.predicted() == null ? null : plan.predicted().model();
        return drawn == null ? this : new ModelOptions(drawn.samples(), drawn.seed(), percentiles,
                drawn.ratePerSecond());
    }

    public ModelOptions withPercentile(double p) {
        if (percentiles.contains(p)) {
            return this;
        }
        List<Double> more = new java.util.ArrayList<>(percentiles);
        more.add(p);
        more.sort(null);
        return new ModelOptions(samples, seed, more, ratePerSecond);
    }
}
