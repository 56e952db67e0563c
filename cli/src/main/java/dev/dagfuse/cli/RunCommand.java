// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.RunService;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Format;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.executor.Load;
import dev.dagfuse.executor.RunOptions;
import dev.dagfuse.executor.RunReport;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.io.OutputFiles;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.RequestInputs;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code dagfuse run WORKFLOW --plan PLAN}: runs a plan on this machine and compares it with the model. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs a plan for real on this machine with the workflow's Java handlers, and reports measured",
                "latency next to the model's prediction. Fused functions hand objects over in memory; every group",
                "boundary crosses a local object store (Java serialization, one file per output, under --work-dir);",
                "a bundle runs its items on ceil(cpu(memory)) threads; all invocations share --cores cores.",
                "Failed handlers are retried (the function's retry:), a handler over its timeout: is abandoned.",
                "Ctrl-C stops cleanly and writes the partial report. Exit codes: 0 every request succeeded, 1 a request",
                "failed (or a handler called System.exit), 2 bad input, 130 stopped by Ctrl-C.",
                "With several workflows (or --rates): a cluster run. Plans them as plan-cluster does and runs them",
                "together: open-loop Poisson arrivals at --rates, each group a pool of its containers; prints measured",
                "P50/P95 and waits next to plan-cluster's prediction, the steady state on this machine's cores, and",
                "the prediction for this run (its own arrival times through the pools from empty, the containers",
                "sharing this machine's cores as the --calibration before the clock measured; docs/cluster.md).",
                "Exit 3 if a workflow cannot meet its target even with the cluster to itself."})
final class RunCommand implements Callable<Integer> {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/s)?");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file (its functions need handler: classes).")
    Path workflowFile;

    // several workflows on one cluster (plan-cluster, then a run of them together): ClusterRuns
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MORE",
            description = "More workflows on the same platform cluster, run together with --rates (docs/cluster.md).")
    List<Path> moreWorkflows = new ArrayList<>();

    @Option(names = "--rates", paramLabel = "R/s", split = ",",
            description = "A cluster run: each workflow's Poisson arrival rate, in the files' order (e.g. 2/s,1/s); "
                    + "plans them as plan-cluster does and runs each group as a pool of its containers.")
    List<String> rates;

    @Option(names = "--weights", paramLabel = "W", split = ",",
            description = "A cluster run: each workflow's fair-share weight (default: 1 each).")
    List<Double> weights = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S",
            description = "A cluster run: the seed of the arrivals and of the model's draws (default: 42).")
    Long seed;

    @Option(names = "--plan", paramLabel = "PLAN",
            description = "The plan to run (from dagfuse plan). Default: the as-deployed plan (no fusion, no bundling).")
    Path planFile;

    @Mixin
    ProfileOption profile;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "20",
            description = "Measured requests (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5",
            description = "Requests run first to warm up the JVM, left out of the statistics (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--calibration", paramLabel = "SECONDS",
            description = "A cluster run: seconds of the pilot run before the clock that calibrates how much slower "
                    + "each group runs beside others than ideal sharing of this machine's cores (default: 30; 0: none, "
                    + "the prediction takes ideal sharing).")
    Integer calibration;

    @ArgGroup(exclusive = true)
    LoadOptions load = new LoadOptions();

    static final class LoadOptions {
        @Option(names = "--rate", paramLabel = "R/s",
                description = "Open loop: start requests at this rate (e.g. 5/s), whether or not earlier ones finished.")
        String rate;

        @Option(names = "--concurrency", paramLabel = "C",
                description = "Closed loop: keep C requests in flight (default: 1, one request at a time).")
        Integer concurrency;
    }

    @Option(names = "--input", paramLabel = "FILE",
            description = {"The request input of entry functions: a Java-serialized object, or else the file's text.",
                    "Default: the workflow's sampleInput, else the entry handler's defaultInput(request number)."})
    Path inputFile;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Where the local object store lives (a run-* directory per run). Default: a temporary "
                    + "directory, removed after a run in which every request succeeded.")
    Path workDir;

    @Option(names = "--cores", paramLabel = "N",
            description = "Cores all invocations share. Default: the workflow's platform.cores when it is local, else this machine's.")
    Integer cores;

    @Option(names = "--keep-outputs", description = "Keep every request's outputs in the store (failed requests' are always kept).")
    boolean keepOutputs;

    @Mixin
    FormatOption format;

    @Mixin
    OutputOption output;

    @Mixin
    ClassPathOption classPath;

    @Override
    public Integer call() {
        if (rates != null || !moreWorkflows.isEmpty()) {
            return ClusterRuns.call(this);
        }
        if (calibration != null) {
            throw new UserException(ExitCodes.USAGE, "The --calibration applies only to a cluster run, of several "
                    + "workflows or with --rates (docs/cluster.md). Remove it, or add --rates.");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String fmt = format.nameOr("table");
        if (!fmt.equals("table") && !fmt.equals("json")) {
            throw new UserException(ExitCodes.USAGE, "The format (" + format.name + ") is not known. Valid: table, json.");
        }
        Bounds.check("--requests", requests, 1, Ranges.MAX_REQUESTS, "20");
        Bounds.check("--warmup", warmup, 0, Ranges.MAX_REQUESTS, "5");
        Bounds.check("--cores", cores, 1, Ranges.MAX_CORES, null);
        if (workDir != null && Files.exists(workDir) && !Files.isDirectory(workDir)) {
            throw new UserException(ExitCodes.USAGE, "The --work-dir (" + workDir + ") is a file, not a directory. "
                    + "Give a directory (created if missing).");
        }
        if (workDir != null) {
            OutputFiles.checkDirectory(workDir);
        }
        Outputs.check(output.file, workflowFile, planFile, Outputs.profileBeside(workflowFile, profile.file), inputFile);
        // the handlers (and the classes of their inputs and outputs) come from --classpath, over dagfuse's own
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        URLClassLoader handlers = classPath.loader(previous != null ? previous : RunCommand.class.getClassLoader());
        if (handlers != null) {
            thread.setContextClassLoader(handlers);
        }
        try {
            return run(out, err, fmt);
        } finally {
            thread.setContextClassLoader(previous);
            ClassPathOption.close(handlers);
        }
    }

    private Integer run(PrintWriter out, PrintWriter err, String fmt) {
        RunService.Prepared run = Services.run().prepare(new RunService.Request(workflowFile, profile.file, planFile));
        Workflow workflow = run.workflow();
        Object input;
        try {
            input = input(workflow);
        } catch (InputException e) {
            throw e.withFile(workflowFile.toString());
        }
        RunOptions options = new RunOptions(requests, warmup, load(), workDir, input, cores == null ? 0 : cores,
                keepOutputs, new Progress(err, requests));

        CountDownLatch reported = new CountDownLatch(1);
        // Ctrl-C, or a handler's System.exit: stop the run and let it print its partial report first
        try (ExitGuard guard = ExitGuard.enter("dagfuse run", err, () -> {
            run.stop();
            try {
                reported.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            RunService.Result result = run.run(options);
            RunReport report = result.report();
            result.notes().forEach(note -> err.println("dagfuse run: " + note));
            err.flush();
            if (output.file != null) {
                Outputs.write(spec, output.file, Renderers.run(Format.JSON).render(report));
            }
            if (!Outputs.isStdout(output.file)) {
                out.print(Renderers.run(fmt.equals("json") ? Format.JSON : Format.TEXT).render(report));
                if (output.file != null && fmt.equals("table")) {
                    out.println("report: " + output.file);
                }
            }
            out.flush();
            if (report.interrupted()) {
                err.println("dagfuse run: stopped; the report is partial.");
                err.flush();
            }
            return report.allSucceeded() ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            reported.countDown();
        }
    }

    private Load load() {
        if (load.rate != null) {
            Matcher m = RATE.matcher(load.rate.trim());
            double r = m.matches() ? Double.parseDouble(m.group(1)) : -1;
            if (!(r > 0 && r <= Ranges.MAX_CONCURRENCY)) {
                throw new UserException(ExitCodes.USAGE, "The rate (" + load.rate + ") is not valid. Maybe 5/s (requests "
                        + "per second, > 0 and ≤ " + Ranges.MAX_CONCURRENCY + ").");
            }
            return new Load.OpenLoop(r);
        }
        int c = load.concurrency == null ? 1 : load.concurrency;
        Bounds.check("--concurrency", c, 1, Ranges.MAX_CONCURRENCY, "1");
        return new Load.ClosedLoop(c);
    }

    /** The --input file, else the sampleInput (null: the executor asks the entry handler per request), as profile does. */
    private Object input(Workflow workflow) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : RunCommand.class.getClassLoader();
        return RequestInputs.fromFile(workflow, inputFile, loader);
    }

    /** Progress on stderr: one updating line on a terminal, else a plain line every 10% (and at least every 10 s). */
    static final class Progress implements RunOptions.ProgressListener {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;
        private final int total;
        private int lastDecile = 0;
        private long lastPrintNs = System.nanoTime();
        private final long startNs = System.nanoTime();

        Progress(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        @Override
        public synchronized void update(int finished, int failed, int total) {
            long now = System.nanoTime();
            double seconds = (now - startNs) / 1e9;
            if (terminal) {
                int width = 30;
                int filled = (int) Math.round(width * (double) finished / total);
                err.printf(Locale.ROOT, "\r[%s%s] %d/%d requests, %d failed, %.0f s", "#".repeat(filled),
                        " ".repeat(width - filled), finished, total, failed, seconds);
                if (finished == total) {
                    err.println();
                }
                err.flush();
                return;
            }
            if (this.total < 20) {
                return;
            }
            int decile = finished * 10 / total;
            if (decile > lastDecile || now - lastPrintNs > 10_000_000_000L) {
                lastDecile = decile;
                lastPrintNs = now;
                err.printf(Locale.ROOT, "run: %d/%d requests done, %d failed, %.0f s%n", finished, total, failed, seconds);
                err.flush();
            }
        }
    }
}
