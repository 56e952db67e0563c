package dev.dagfuse.cli;

import dev.dagfuse.model.Quantities;
import picocli.CommandLine.Option;

/** {@code --solver NAME --time-limit DURATION}; their help texts, per command, are in Options.properties. */
final class SearchOptions {

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "cp-sat", descriptionKey = "option.solver")
    String solver;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "10s", descriptionKey = "option.time-limit")
    String timeLimit;

    /** The time limit in milliseconds; a bad duration is an {@link IllegalArgumentException} saying what is valid. */
    double timeLimitMs() {
        return Quantities.parseDurationMs(timeLimit);
    }
}
