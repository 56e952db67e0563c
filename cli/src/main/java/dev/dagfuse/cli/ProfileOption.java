// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --profile PROFILE}; its help text, per command, is in Options.properties. */
final class ProfileOption {

    @Option(names = "--profile", paramLabel = "PROFILE", descriptionKey = "option.profile")
    Path file;
}
