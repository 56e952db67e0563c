// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.aws.AslImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse import asl DEFINITION.json [--lambda-config DIR] -o workflow.yaml}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Makes a workflow from a deployed application's definition.",
        subcommands = ImportCommand.Asl.class)
final class ImportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "asl", mixinStandardHelpOptions = true,
            description = {"Makes a workflow from a Step Functions definition (Amazon States Language): Lambda Tasks become",
                    "functions, other Tasks service tasks (latency and price 0 until you give them), a Wait of fixed",
                    "Seconds a wait: step; Map (inline and Distributed), Parallel and Pass states are followed; a",
                    "Choice's branches become its options (when:, equal shares until you give them; said in the",
                    "output). run and export do not take service, wait and when yet. Memory and architecture come from 'aws lambda",
                    "get-function-configuration' JSON files in --lambda-config. A definition written by dagfuse export",
                    "imports back to the same graph. Reads files only; nothing was tried against real AWS."})
    static final class Asl implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DEFINITION", description = "The state machine definition (JSON).")
        Path definition;

        @Option(names = "--lambda-config", paramLabel = "DIR",
                description = "A directory of get-function-configuration JSON files, one per function.")
        Path lambdaConfig;

        @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The workflow file to write.")
        Path output;

        @Override
        public Integer call() {
            AslImport.Imported imported = AslImport.write(definition, lambdaConfig, output);
            PrintWriter out = spec.commandLine().getOut();
            imported.notes().forEach(n -> out.println("note: " + n));
            out.println("wrote " + output + " (workflow " + imported.name() + ")");
            out.flush();
            return ExitCodes.OK;
        }
    }
}
