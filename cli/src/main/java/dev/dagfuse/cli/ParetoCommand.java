// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.ParetoService;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Renderer;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.io.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse pareto WORKFLOW [--points 20] [--format table|json|csv]}. */
@Command(name = "pareto", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The cost vs latency frontier at a percentile (--percentile, else the workflow objective's, else 95):",
                "the fastest plan, the cheapest plan, and the cheapest plan for targets spaced geometrically between",
                "their percentiles, dominated plans dropped. Each point is a plan (written with -o DIR). --p95, --target and",
                "--budget are ignored here. The numbers are modelled (docs/model.md), not measured."})
final class ParetoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Mixin
    PlanningOptions planning;

    @Option(names = "--points", paramLabel = "N", defaultValue = "20",
            description = "Targets to plan for, extremes included, 2.." + Ranges.MAX_POINTS + " (default: ${DEFAULT-VALUE}); "
                    + "every point listed is a different plan (the output says how many were dropped). The points share "
                    + "--time-limit.")
    int points;

    @Mixin
    FormatOption format;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Also write each point's plan file to DIR/point-NN.json.")
    Path outputDir;

    @Override
    public Integer call() {
        Bounds.check("--points", points, 2, Ranges.MAX_POINTS, "20");
        Renderer<ParetoService.Result> render = Renderers.frontier(format.select("table", "json", "csv"));
        if (outputDir != null) {
            OutputFiles.checkDirectory(outputDir);
        }
        ParetoService.Result result = Services.pareto().pareto(new ParetoService.Request(workflowFile,
                planning.profileFile(), planning.percentile, planning.search(), planning.draws(), points, outputDir));
        if (result.frontier().isEmpty() && result.stoppedBy() != null) {
            throw new UserException(ExitCodes.FAILURE, "dagfuse pareto: no plan was found within the time limit for "
                    + "workflow (" + result.context().workflow().name() + "); one may exist. Raise --time-limit.");
        }
        if (result.frontier().isEmpty()) {
            throw new UserException(ExitCodes.INFEASIBLE, "dagfuse pareto: no plan exists for workflow ("
                    + result.context().workflow().name() + "); run dagfuse plan for the reason.");
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(render.render(result));
        out.flush();
        return ExitCodes.OK;
    }
}
