// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.RequestException;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;

/** The top-level {@code dagfuse} command. */
@Command(name = "dagfuse",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        // the help texts of the options the subcommands share (per command where they differ)
        resourceBundle = "dev.dagfuse.cli.Options",
        description = {
                "Plans serverless DAG workflows: fuses in-series functions, bundles fan-out branches and sizes memory",
                "so that a latency percentile target is met at minimum cost (or latency is minimal within a budget),",
                "and runs the plan locally."},
        subcommands = {
                ValidateCommand.class,
                GraphCommand.class,
                EvaluateCommand.class,
                GenerateCommand.class,
                PlanCommand.class,
                PlanClusterCommand.class,
                ParetoCommand.class,
                CompareCommand.class,
                ProfileCommand.class,
                RunCommand.class,
                CheckCommand.class,
                ReportCommand.class,
                DeployCommand.class,
                ExportCommand.class,
                InvokeCommand.class,
                ImportCommand.class,
                CommandLine.HelpCommand.class})
public final class DagfuseCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of errors.")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with dagfuse's error handling: input errors are one line each and exit 2. */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new DagfuseCommand());
        cmd.setExecutionExceptionHandler(DagfuseCommand::handleExecutionException);
        cmd.setParameterExceptionHandler(DagfuseCommand::handleParameterException);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setUsageHelpWidth(120); // descriptions are written as lines of up to ~110 characters
        return cmd;
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("dagfuse: " + e.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        boolean verbose = isVerbose(parsed);
        if (e instanceof InputException input) {
            for (InputError error : input.errors()) {
                err.println(error);
            }
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        }
        if (e instanceof RequestException request) {
            // a request the application cannot serve as given: a usage error, as the CLI's own checks report them
            err.println(request.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCodes.USAGE;
        }
        if (e instanceof UserException user) {
            err.println(user.getMessage());
            if (verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return user.exitCode();
        }
        err.println("dagfuse: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        if (verbose) {
            e.printStackTrace(err);
        } else {
            err.println("Run again with --verbose for the stack trace.");
        }
        err.flush();
        return ExitCodes.FAILURE;
    }

    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
