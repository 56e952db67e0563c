// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.CompareService;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Renderer;
import dev.dagfuse.app.render.Renderers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse compare WORKFLOW}: baseline, power tuning, greedy and cp-sat side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares, at the same objective: the as-deployed baseline (no fusion or bundling, each function",
                "at its memoryMB), per-function power tuning (each function alone at its cheapest size at most 10%%",
                "slower than its fastest, as AWS Lambda Power Tuning would pick), the greedy planner and the cp-sat",
                "planner. A planner that cannot meet the objective shows its nearest plan, marked 'not met'.",
                "The numbers are modelled (docs/model.md), not measured. --solver is ignored here."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Mixin
    PlanningOptions planning;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        Renderer<CompareService.Compared> render = Renderers.comparison(format.select("table", "json", "yaml", "markdown"));
        CompareService.Result result = Services.compare().compare(new CompareService.Request(workflowFile,
                planning.profileFile(), planning.objective(), planning.search(), planning.draws()));
        if (result instanceof CompareService.NoPlan noPlan) {
            throw new UserException(noPlan.outOfTime() ? ExitCodes.FAILURE : ExitCodes.INFEASIBLE,
                    "dagfuse compare: " + noPlan.reason());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(render.render((CompareService.Compared) result));
        out.flush();
        return ExitCodes.OK;
    }
}
