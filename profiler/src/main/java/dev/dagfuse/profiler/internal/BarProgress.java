// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.internal;

import dev.dagfuse.profiler.Progress;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** {@link Progress} as a me.tongfei progress bar drawn with carriage returns on a writer. */
public final class BarProgress implements Progress {

    private static final int WIDTH = terminalWidth();
    private static final int PHASE_WIDTH = 34;

    private final PrintWriter err;
    private final ProgressBar bar;
    private long total;

    public BarProgress(PrintWriter err, String task) {
        this.err = err;
        // The library's own console consumer wants a PrintStream; this one draws on the CLI's writer.
        DelegatingProgressBarConsumer consumer = new DelegatingProgressBarConsumer(rendered -> {
            synchronized (err) {
                err.print('\r');
                err.print(rendered);
                err.flush();
            }
        }, WIDTH);
        this.bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(0).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).setConsumer(consumer).setMaxRenderedLength(WIDTH).build();
    }

    @Override
    public synchronized void addSteps(long steps) {
        total += steps;
        bar.maxHint(total);
    }

    @Override
    public void step() {
        bar.step();
    }

    @Override
    public void phase(String text) {
        // a fixed width keeps the bar from changing length with the message
        String shown = text.length() > PHASE_WIDTH ? text.substring(0, PHASE_WIDTH - 3) + "..." : text;
        bar.setExtraMessage(String.format("%-" + PHASE_WIDTH + "s", shown));
    }

    @Override
    public void note(String line) {
        synchronized (err) {
            err.print('\r');
            err.print(" ".repeat(WIDTH - 1));
            err.print('\r');
            err.println(line);
            err.flush();
        }
        bar.refresh();
    }

    @Override
    public void close() {
        bar.close();
        synchronized (err) {
            err.println();
            err.flush();
        }
    }

    /** COLUMNS, else what {@code stty size} says of the controlling terminal, else 80; one column spare. */
    private static int terminalWidth() {
        int columns = 80;
        try {
            String env = System.getenv("COLUMNS");
            if (env != null && !env.isBlank()) {
                columns = Integer.parseInt(env.trim());
            } else if (new File("/dev/tty").canRead()) {
                Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() == 0 && out.matches("\\d+ \\d+")) {
                    columns = Integer.parseInt(out.split(" ")[1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // keep 80
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.max(40, columns - 1);
    }
}
