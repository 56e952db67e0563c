// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Runs the CLI in-process, black-box, capturing stdout, stderr and the exit code. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        CommandLine cmd = DagfuseCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Copies samples/{@code name}'s workflow and profile into {@code dir}; returns the workflow's copy. */
    static Path copySample(String name, Path dir) throws IOException {
        Path sample = Path.of("../samples", name);
        Files.copy(sample.resolve("profile.yaml"), dir.resolve("profile.yaml"));
        return Files.copy(sample.resolve("workflow.yaml"), dir.resolve("workflow.yaml"));
    }
}
