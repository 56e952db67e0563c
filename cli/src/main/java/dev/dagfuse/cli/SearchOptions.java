// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
import picocli.CommandLine.Option;

/** {@code --solver NAME --time-limit DURATION}; their help texts, per command, are in Options.properties. */
final class SearchOptions {

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "cp-sat", descriptionKey = "option.solver")
    String solver;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "10s", descriptionKey = "option.time-limit")
    String timeLimit;

    /** The time limit in milliseconds; a bad duration is an {@link IllegalArgumentException} saying what is valid. */
    double timeLimitMs() {
        double ms;
        try {
            ms = Quantities.parseDurationMs(timeLimit);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The --time-limit " + e.getMessage().replaceFirst("^The ", ""));
        }
        if (!(ms > 0 && ms <= Ranges.MAX_TIME_LIMIT_MS)) {
            throw new IllegalArgumentException("The --time-limit (" + timeLimit + ") must be > 0 and at most 24h. "
                    + "Maybe 30s.");
        }
        return ms;
    }
}
