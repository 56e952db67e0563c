// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.model.io.TempFiles;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the user's handlers from ending {@code run} and {@code profile} with an exit code of their own: a handler that
 * calls {@code System.exit(0)} would make a run "succeed" with nothing run, and {@code System.exit(3)} would read as
 * "infeasible". While a guarded command runs, a shutdown hook looks at why the JVM is exiting. A {@code System.exit}
 * (or {@code Runtime.exit}) called by anyone but {@link Main} (which calls it only after the command has returned)
 * is a handler's: the hook lets the command finish what it does on an exit (a run stops and prints its partial
 * report), says which class called it, deletes the temporary files and halts with exit 1. A signal (Ctrl-C, SIGTERM)
 * has no such caller and keeps the JVM's status (130, 143).
 *
 * <p>Why a hook and not a {@code SecurityManager} that refuses the exit: the SecurityManager is deprecated for
 * removal (JEP 411), warns on stderr unless the JVM is started with {@code -Djava.security.manager=allow}, slows every
 * permission check down, and is gone from later JDKs. The hook works on any JDK; its cost is that the handler's call
 * does not return (its thread blocks in the JVM's exit), so the run cannot go on after it, only end with a clear
 * message. {@code Runtime.halt} in a handler cannot be caught by either.
 */
final class ExitGuard implements AutoCloseable {

    private static final Object LOCK = new Object();
    private static ExitGuard active;
    private static boolean hooked;

    private final String command;
    private final PrintWriter err;
    private final Runnable onExit;

    private ExitGuard(String command, PrintWriter err, Runnable onExit) {
        this.command = command;
        this.err = err;
        this.onExit = onExit;
    }

    /**
     * Guards a command until {@link #close}; {@code onExit} runs first whenever the JVM exits meanwhile (a handler's
     * exit or a signal), e.g. to stop a run and wait for its report.
     */
    static ExitGuard enter(String command, PrintWriter err, Runnable onExit) {
        synchronized (LOCK) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(ExitGuard::onShutdown, "dagfuse-exit-guard"));
                hooked = true;
            }
            ExitGuard guard = new ExitGuard(command, err, onExit);
            active = guard;
            return guard;
        }
    }

    @Override
    public void close() {
        synchronized (LOCK) {
            if (active == this) {
                active = null;
            }
        }
    }

    private static void onShutdown() {
        ExitGuard guard;
        synchronized (LOCK) {
            guard = active;
        }
        if (guard == null) {
            return;
        }
        guard.onExit.run();
        String caller = exitCaller();
        if (caller == null) {
            return; // a signal: the JVM's own status stands
        }
        guard.err.println(guard.command + ": a handler called System.exit (in " + caller + "), which would have "
                + "ended dagfuse with an exit code of its own; handlers must return or throw. Stopped: exit 1.");
        guard.err.flush();
        TempFiles.deleteAll();
        Runtime.getRuntime().halt(ExitCodes.FAILURE);
    }

    /**
     * The frame that called {@code Runtime.exit} (through {@code System.exit} or not), or null when none did. Main's
     * own call does not count: it comes after the command has returned, e.g. while the hook waits for a report.
     */
    private static String exitCaller() {
        Set<String> exits = Set.of("java.lang.Runtime.exit", "java.lang.System.exit");
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] stack = e.getValue();
            for (int i = 0; i < stack.length; i++) {
                if (!(stack[i].getClassName() + "." + stack[i].getMethodName()).equals("java.lang.Runtime.exit")) {
                    continue;
                }
                int c = i + 1;
                while (c < stack.length && exits.contains(stack[c].getClassName() + "." + stack[c].getMethodName())) {
                    c++;
                }
                if (c >= stack.length) {
                    return "an unknown class";
                }
                if (!stack[c].getClassName().equals(Main.class.getName())) {
                    return stack[c].getClassName() + "." + stack[c].getMethodName();
                }
                break;
            }
        }
        return null;
    }
}
