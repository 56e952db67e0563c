package dev.dagfuse.cli;

import picocli.CommandLine.Command;

/** {@code dagfuse export}: not built yet; says so instead of pretending. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"NOT BUILT YET. Will write a plan as a Step Functions state machine (Amazon States Language)",
                "and the Lambda packaging of its groups."})
final class ExportCommand extends NotBuiltCommand {

    @Override
    String notBuiltMessage() {
        return "dagfuse export is not built yet: there is no Step Functions (ASL) generator in this version.";
    }
}
