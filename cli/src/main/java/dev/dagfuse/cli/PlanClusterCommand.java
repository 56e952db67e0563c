// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.ClusterPlanService;
import dev.dagfuse.app.Search;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Renderer;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dagfuse plan-cluster A.yaml B.yaml --rates 20/s,5/s [--weights 2,1] [--floor 0.5]}. */
@Command(name = "plan-cluster", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plans several workflows that share one capacity-limited cluster (platform: {name: cluster, cores:",
                "C, memoryMB: M}, the same in every file). Plans each workflow (fusion, bundling, sizes), gives each group",
                "a pool of containers sized with an M/G/c queue (simulated, with the service time's mean and coefficient",
                "of variation from the model's draws) so that the workflow's latency percentile,",
                "the pools' waits included, meets its objective with few cores; when the pools need more cores than the",
                "cluster has, divides the cores by weighted max-min fair share (--weights), deflates a short workflow's",
                "containers down to --floor of their CPU before taking whole containers away, and says which workflows",
                "then miss their targets and by how much. Each workflow needs a latency objective and a profile.",
                "Modelled, not measured (docs/cluster.md); 'dagfuse run A.yaml B.yaml --rates …' measures it here.",
                "Exit codes: 0 planned (misses on the shared cluster are reported, not an error), 2 bad input, 3 some",
                "workflow cannot meet its target even with the cluster to itself."})
final class PlanClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "WORKFLOW", description = "The workflow files.")
    List<Path> workflowFiles;

    @Option(names = "--rates", paramLabel = "R/s", split = ",", required = true,
            description = "Each workflow's arrival rate (Poisson), in the files' order, e.g. 20/s,5/s.")
    List<String> rates;

    @Option(names = "--weights", paramLabel = "W", split = ",",
            description = "Each workflow's fair-share weight, in the files' order (default: 1 each).")
    List<Double> weights = List.of();

    @Option(names = "--floor", paramLabel = "SHARE", defaultValue = "0.5",
            description = "The smallest share of its cores a container may be deflated to, in (0, 1] (default: "
                    + "${DEFAULT-VALUE}).")
    double floor;

    @Mixin
    SearchOptions search;

    @Option(names = "--samples", paramLabel = "N", description = "Monte Carlo requests drawn per workflow (default: 10000).")
    Integer samples;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the draws and of the waits (default: 42).")
    Long seed;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        Renderer<ClusterPlanService.Result> render = Renderers.clusterPlan(format.select("table", "json"));
        ClusterPlanService.Result result = Services.planCluster().plan(request(workflowFiles, rates, weights, floor,
                search, samples, seed));
        PrintWriter out = spec.commandLine().getOut();
        out.print(render.render(result));
        out.flush();
        if (result.infeasibleAlone()) {
            PrintWriter err = spec.commandLine().getErr();
            for (ClusterPlanService.WorkflowPlan w : result.workflows()) {
                if (w.infeasible() != null) {
                    err.println("dagfuse plan-cluster: " + w.name() + " cannot meet its target even with the cluster to "
                            + "itself: " + w.infeasible() + ".");
                }
            }
            err.flush();
            return ExitCodes.INFEASIBLE;
        }
        return ExitCodes.OK;
    }

    /** The service's request from the options shared with {@code run}; bad values are usage errors. */
    static ClusterPlanService.Request request(List<Path> files, List<String> rates, List<Double> weights, double floor,
                                              SearchOptions search, Integer samples, Long seed) {
        List<Double> perSecond = new ArrayList<>();
        for (String rate : rates) {
            double r;
            try {
                r = Quantities.parseRatePerSecond(rate.trim());
            } catch (IllegalArgumentException e) {
                throw new UserException(ExitCodes.USAGE, e.getMessage().replace("The rate (", "The --rates ("));
            }
            perSecond.add(r);
        }
        Bounds.check("--samples", samples, 1, Ranges.MAX_SAMPLES, "10000");
        double limitMs;
        try {
            limitMs = search.timeLimitMs();
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        Search s = new Search(search.solver, Duration.ofMillis(Math.max(1, Math.round(limitMs))), true, true, List.of(),
                1, 0);
        return new ClusterPlanService.Request(files, perSecond, weights == null ? List.of() : weights, floor, s,
                new dev.dagfuse.app.Draws(samples, seed, null));
    }
}
