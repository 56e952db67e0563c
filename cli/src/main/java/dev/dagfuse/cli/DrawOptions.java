// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.Draws;
import dev.dagfuse.model.Load;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
import picocli.CommandLine.Option;

/**
 * {@code --samples N --seed S --rate R/s}: how the model draws; not given, what the plan file records, else 10,000 and
 * 42 (and for the rate, the workflow's {@code load:}, else none). Their help texts, per command, are in
 * Options.properties.
 */
final class DrawOptions {

    @Option(names = "--samples", paramLabel = "N", descriptionKey = "option.samples")
    Integer samples;

    @Option(names = "--seed", paramLabel = "S", descriptionKey = "option.seed")
    Long seed;

    @Option(names = "--rate", paramLabel = "R/s", descriptionKey = "option.rate")
    String rate;

    boolean given() {
        return samples != null || seed != null || rate != null;
    }

    Draws draws() {
        Bounds.check("--samples", samples, 1, Ranges.MAX_SAMPLES, "10000");
        return new Draws(samples, seed, ratePerSecond());
    }

    /** The --rate in requests per second, or null when not given; a bad one is a usage error. */
    private Double ratePerSecond() {
        if (rate == null) {
            return null;
        }
        double perSecond;
        try {
            perSecond = Quantities.parseRatePerSecond(rate);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage().replace("The rate (", "The --rate ("));
        }
        if (!(perSecond > 0 && perSecond <= Ranges.MAX_RATE_PER_SECOND)) {
            throw new UserException(ExitCodes.USAGE, Load.problem(perSecond, "--rate"));
        }
        return perSecond;
    }
}
