// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.Draws;
import dev.dagfuse.model.Ranges;
import picocli.CommandLine.Option;

/**
 * {@code --samples N --seed S}: how the model draws; not given, what the plan file records, else 10,000 and 42. Their
 * help texts, per command, are in Options.properties.
 */
final class DrawOptions {

    @Option(names = "--samples", paramLabel = "N", descriptionKey = "option.samples")
    Integer samples;

    @Option(names = "--seed", paramLabel = "S", descriptionKey = "option.seed")
    Long seed;

    boolean given() {
        return samples != null || seed != null;
    }

    Draws draws() {
        Bounds.check("--samples", samples, 1, Ranges.MAX_SAMPLES, "10000");
        return new Draws(samples, seed);
    }
}
