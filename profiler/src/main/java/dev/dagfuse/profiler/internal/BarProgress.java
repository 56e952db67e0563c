package dev.dagfuse.profiler.internal;

import dev.dagfuse.profiler.Progress;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;

/** {@link Progress} as a me.tongfei progress bar drawn with carriage returns on a writer. */
public final class BarProgress implements Progress {

    private static final int WIDTH = terminalWidth();

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
        bar.setExtraMessage(text.length() > 30 ? text.substring(0, 29) + "…" : text);
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

    private static int terminalWidth() {
        try {
            String columns = System.getenv("COLUMNS");
            if (columns != null) {
                return Math.max(40, Integer.parseInt(columns.trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the default
        }
        return 100;
    }
}
