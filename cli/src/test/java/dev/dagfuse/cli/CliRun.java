// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

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
}
