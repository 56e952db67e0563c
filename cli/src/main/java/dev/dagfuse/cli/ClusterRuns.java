// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.ClusterRunService;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Format;
import dev.dagfuse.app.render.Renderers;

import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code dagfuse run A.yaml B.yaml --rates 2/s,1/s}: a cluster run, RunCommand's second form. Plans the workflows as
 * plan-cluster does, runs them together (open-loop Poisson arrivals, each group a pool of its containers) and prints
 * measured next to predicted per workflow and per pool.
 */
final class ClusterRuns {

    private ClusterRuns() {
    }

    static int call(RunCommand c) {
        PrintWriter out = c.spec.commandLine().getOut();
        PrintWriter err = c.spec.commandLine().getErr();
        if (c.rates == null) {
            throw new UserException(ExitCodes.USAGE, "Several workflows run together on their cluster need --rates, one "
                    + "per workflow, e.g. --rates 2/s,1/s.");
        }
        List<String> singleOnly = new ArrayList<>();
        if (c.planFile != null) {
            singleOnly.add("--plan");
        }
        if (c.load.rate != null || c.load.concurrency != null) {
            singleOnly.add(c.load.rate != null ? "--rate" : "--concurrency");
        }
        if (c.inputFile != null) {
            singleOnly.add("--input");
        }
        if (c.cores != null) {
            singleOnly.add("--cores");
        }
        if (c.workDir != null || c.keepOutputs) {
            singleOnly.add(c.workDir != null ? "--work-dir" : "--keep-outputs");
        }
        if (c.profile.file != null) {
            singleOnly.add("--profile");
        }
        if (c.output.file != null) {
            singleOnly.add("--output");
        }
        if (!singleOnly.isEmpty()) {
            throw new UserException(ExitCodes.USAGE, "A cluster run (--rates) plans its workflows itself, each with its "
                    + "profile.yaml beside it, and hands over in memory: " + String.join(", ", singleOnly)
                    + " apply only to a run of one workflow. Remove them.");
        }
        String fmt = c.format.nameOr("table");
        if (!fmt.equals("table") && !fmt.equals("json")) {
            throw new UserException(ExitCodes.USAGE, "The format (" + c.format.name + ") is not known. Valid: table, json.");
        }
        List<Path> files = new ArrayList<>();
        files.add(c.workflowFile);
        files.addAll(c.moreWorkflows);
        SearchOptions search = new SearchOptions();
        search.solver = "cp-sat";
        search.timeLimit = "10s";
        long seed = c.seed == null ? 42 : c.seed;
        ClusterRunService.Request request = new ClusterRunService.Request(PlanClusterCommand.request(files, c.rates,
                c.weights, 0.5, search, null, seed), c.requests, c.warmup,
                c.calibration == null ? ClusterRunService.Request.DEFAULT_CALIBRATION : c.calibration, seed);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        URLClassLoader handlers = c.classPath.loader(previous != null ? previous : RunCommand.class.getClassLoader());
        if (handlers != null) {
            thread.setContextClassLoader(handlers);
        }
        ClusterRunService.Result result;
        try {
            result = Services.runCluster().run(request);
        } catch (ClusterRunService.Unrunnable e) {
            err.println("dagfuse run: " + e.getMessage());
            err.flush();
            return ExitCodes.INFEASIBLE;
        } finally {
            thread.setContextClassLoader(previous);
            ClassPathOption.close(handlers);
        }
        result.notes().forEach(note -> err.println("dagfuse run: " + note));
        err.flush();
        out.print(Renderers.clusterRun(fmt.equals("json") ? Format.JSON : Format.TEXT).render(result));
        out.flush();
        return result.allSucceeded() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
