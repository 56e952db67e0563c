// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.model.io.OutputFiles;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands' output files: {@code -} is standard output (in place of what the command prints there); any other
 * name is checked before the command does its work ({@link OutputFiles#check}: writable, a regular file, none of the
 * command's inputs) and written through {@link OutputFiles}.
 */
final class Outputs {

    private Outputs() {
    }

    static boolean isStdout(Path file) {
        return OutputFiles.isStdout(file);
    }

    /** Checks {@code file} (null: none given) against the command's inputs (null entries are left out). */
    static void check(Path file, Path... inputs) {
        if (file == null) {
            return;
        }
        List<Path> given = new ArrayList<>();
        for (Path p : inputs) {
            if (p != null) {
                given.add(p);
            }
        }
        OutputFiles.check(file, given);
    }

    /** Writes {@code content} to {@code file}, or prints it when {@code file} is {@code -}. */
    static void write(CommandSpec spec, Path file, String content) {
        if (isStdout(file)) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(content);
            out.flush();
        } else {
            OutputFiles.write(file, content);
        }
    }

    /** The profile a command reads when none is given: profile.yaml beside the workflow, if there is one. */
    static Path profileBeside(Path workflow, Path given) {
        if (given != null || workflow == null) {
            return given;
        }
        Path beside = workflow.toAbsolutePath().resolveSibling("profile.yaml");
        return Files.isRegularFile(beside) ? beside : null;
    }
}
