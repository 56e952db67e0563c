package dev.dagfuse.cli;

import picocli.CommandLine.Command;

/** {@code dagfuse deploy}: not built yet; says so instead of pretending. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"NOT BUILT YET. Will deploy a plan to AWS Lambda + Step Functions (one function per group,",
                "a state machine with Map states for bundles). Today plans run locally with 'dagfuse run'."})
final class DeployCommand extends NotBuiltCommand {

    @Override
    String notBuiltMessage() {
        return "dagfuse deploy is not built yet: the AWS backend (Lambda + Step Functions) does not exist in this version. "
                + "Run plans locally with 'dagfuse run WORKFLOW --plan PLAN'.";
    }
}
