// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.PlanService;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Renderer;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.io.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse plan WORKFLOW [objective] [--solver ...] [--format ...] [-o plan.json]}. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Chooses fusion, bundling and memory sizes for a workflow: the cheapest plan whose latency",
                "percentile meets a target (--p95 3s, --percentile 99 --target 5s), or the fastest plan within a budget",
                "(--budget 0.00025 USD per request); without these, the workflow's objective:. Prints each group",
                "(functions, memory, bundle size, invocations, its percentile and cost) and the totals next to the",
                "as-deployed baseline. The numbers are modelled (docs/model.md), not measured.",
                "Exit codes: 0 planned, 1 no plan found within --time-limit, 2 bad input, 3 no plan meets the objective",
                "(the reason says what is reachable)."})
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Mixin
    PlanningOptions planning;

    @Mixin
    FormatOption format;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        Renderer<PlanService.Result> render = Renderers.plan(format.select("table", "json", "yaml", "markdown"));
        Outputs.check(output.file, workflowFile, Outputs.profileBeside(workflowFile, planning.profileFile()));
        boolean toStdout = Outputs.isStdout(output.file);
        PlanService.Result result = Services.plan().plan(new PlanService.Request(workflowFile, planning.profileFile(),
                planning.objective(), planning.search(), planning.draws(), toStdout ? null : output.file));
        PrintWriter out = spec.commandLine().getOut();
        if (!toStdout) {
            out.print(render.render(result));
        } else if (result instanceof PlanService.Planned planned) {
            // -o -: the plan file itself, in place of the table
            out.print(ModelFiles.planToJson(planned.plan().plan()));
        }
        out.flush();
        if (result instanceof PlanService.Infeasible infeasible) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("dagfuse plan: " + infeasible.reason());
            err.flush();
            // out of time is not a proof that no plan exists
            return infeasible.outOfTime() ? ExitCodes.FAILURE : ExitCodes.INFEASIBLE;
        }
        return ExitCodes.OK;
    }
}
