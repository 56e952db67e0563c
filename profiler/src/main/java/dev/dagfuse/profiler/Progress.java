// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import dev.dagfuse.profiler.internal.BarProgress;

import java.io.PrintWriter;

/**
 * Where a long profiling run reports how far it is: a progress bar on a terminal, plain lines otherwise.
 * Implementations are thread-safe.
 */
public interface Progress extends AutoCloseable {

    /** Adds {@code steps} to the expected total (the total grows when a run discovers more work). */
    void addSteps(long steps);

    /** One step done. */
    void step();

    /** What is being measured now, e.g. "split: 1 thread, 30 runs". */
    void phase(String text);

    /** A line that stays: a result or a warning. */
    void note(String line);

    @Override
    void close();

    /** Reports nothing. */
    static Progress none() {
        return new Progress() {
            @Override public void addSteps(long steps) { }
            @Override public void step() { }
            @Override public void phase(String text) { }
            @Override public void note(String line) { }
            @Override public void close() { }
        };
    }

    /** Phases and notes as plain lines (for logs and pipes); steps are not printed. */
    static Progress plain(PrintWriter err) {
        return new Progress() {
            @Override public void addSteps(long steps) { }
            @Override public void step() { }

            @Override
            public void phase(String text) {
                synchronized (err) {
                    err.println(text);
                    err.flush();
                }
            }

            @Override
            public void note(String line) {
                phase(line);
            }

            @Override
            public void close() {
                err.flush();
            }
        };
    }

    /** A progress bar redrawn in place on {@code err} (a terminal), with notes printed above it. */
    static Progress bar(PrintWriter err, String task) {
        return new BarProgress(err, task);
    }

    /**
     * Whether this process's stderr is a terminal. Java cannot ask directly ({@code System.console()} looks at
     * stdin and stdout), so this asks {@code test -t 2} in a child that inherits our stderr.
     */
    static boolean stderrIsTerminal() {
        try {
            Process p = new ProcessBuilder("test", "-t", "2")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return p.waitFor() == 0;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }
}
