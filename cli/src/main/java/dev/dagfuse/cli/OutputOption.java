// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code -o/--output FILE}, optional; its help text, per command, is in Options.properties. */
final class OutputOption {

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", descriptionKey = "option.output")
    Path file;
}
