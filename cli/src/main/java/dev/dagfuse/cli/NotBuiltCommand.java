package dev.dagfuse.cli;

import picocli.CommandLine.Parameters;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** A command that is announced but not built: it accepts any arguments and says so, exit 2. */
abstract class NotBuiltCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", hidden = true)
    List<String> ignored;

    @Unmatched
    List<String> unmatched;

    /** Why it is not available and what to do instead. */
    abstract String notBuiltMessage();

    @Override
    public Integer call() {
        throw new UserException(ExitCodes.USAGE, notBuiltMessage());
    }
}
