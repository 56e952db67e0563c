// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The CLI in its own JVM ({@code dev.dagfuse.cli.Main}, as the launcher runs it), for what only a process shows:
 * exit codes set by the JVM (signals, {@code System.exit}), shutdown hooks and files left behind.
 */
final class CliProcess implements AutoCloseable {

    /** Whether env(1) can reset signal dispositions (GNU coreutils 8.31+). */
    private static final boolean DEFAULT_SIGNALS = ReadOnlyDir.run("env", "--default-signal=INT", "true");

    private final Process process;
    private final StringBuilder out = new StringBuilder();
    private final StringBuilder err = new StringBuilder();
    private final Thread outReader;
    private final Thread errReader;

    private CliProcess(Process process) {
        this.process = process;
        this.outReader = pump(process.getInputStream(), out);
        this.errReader = pump(process.getErrorStream(), err);
    }

    /** Starts {@code dagfuse ARGS} with the test's class path, the given JVM options and environment additions. */
    static CliProcess start(List<String> jvmOptions, Map<String, String> env, Path workDir, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        if (DEFAULT_SIGNALS) {
            // a build started in the background ignores SIGINT, and so would this JVM: Ctrl-C is what is tested
            command.addAll(List.of("env", "--default-signal=INT,TERM"));
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        if (workDir != null) {
            builder.directory(workDir.toFile());
        }
        return new CliProcess(builder.start());
    }

    static CliProcess start(String... args) throws IOException {
        return start(List.of(), Map.of(), null, args);
    }

    private static Thread pump(InputStream in, StringBuilder into) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (into) {
                        into.append(line).append('\n');
                        into.notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits until stderr holds a line that matches, or fails after {@code timeout}. */
    void awaitErr(Predicate<String> line, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (err) {
            while (err.toString().lines().noneMatch(line)) {
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive() && !errReader.isAlive()) {
                    throw new AssertionError("no such line on stderr within " + timeout + "; stderr:\n" + err);
                }
                err.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        }
    }

    /** Sends a signal (INT, TERM) to the process, as a terminal's Ctrl-C or a CI runner would. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    /** The exit code, waiting up to {@code timeout}. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the process did not end within " + timeout + "; stderr:\n" + err());
        }
        outReader.join(5_000);
        errReader.join(5_000);
        return process.exitValue();
    }

    String out() {
        synchronized (out) {
            return out.toString();
        }
    }

    String err() {
        synchronized (err) {
            return err.toString();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
