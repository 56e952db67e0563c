package dev.dagfuse.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code dagfuse export}: not built yet; says so instead of pretending. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"NOT BUILT YET. Will write a plan as a Step Functions state machine (Amazon States Language)",
                "and the Lambda packaging of its groups."})
final class ExportCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> ignored;

    @Unmatched
    List<String> unmatched;

    @Override
    public Integer call() {
        throw new UserException(ExitCodes.USAGE, "dagfuse export is not built yet: there is no Step Functions (ASL) "
                + "generator in this version.");
    }
}
