// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.render.Format;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.Locale;

/**
 * {@code --format FORMAT}: each command names the formats it has, the first being the default; its help text, per
 * command, is in Options.properties.
 */
final class FormatOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--format", paramLabel = "FORMAT", descriptionKey = "option.format")
    String name;

    /** The given format's name, else {@code defaultName}, lower case. */
    String nameOr(String defaultName) {
        return (name == null ? defaultName : name).toLowerCase(Locale.ROOT);
    }

    /**
     * The format among {@code names} (case-insensitive; {@code table} and {@code text} are {@link Format#TEXT}); none
     * given: the first. Another is a usage error, worded as picocli words a bad value.
     */
    Format select(String... names) {
        String given = nameOr(names[0]);
        if (!Arrays.asList(names).contains(given)) {
            throw new ParameterException(command.commandLine(), "Invalid value for option '--format': expected one of "
                    + Arrays.toString(names) + " (case-insensitive) but was '" + name + "'");
        }
        return given.equals("table") ? Format.TEXT : Format.valueOf(given.toUpperCase(Locale.ROOT));
    }
}
