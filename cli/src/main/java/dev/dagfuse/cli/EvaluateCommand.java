// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.EvaluateService;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Renderer;
import dev.dagfuse.app.render.Renderers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse evaluate WORKFLOW --plan PLAN}: the model's numbers for any plan. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Predicts a plan's request latency percentiles and mean cost per request",
                "with the Monte Carlo model (docs/model.md), per group and in total.",
                "Works for plans written by 'dagfuse plan' and for hand-written ones.",
                "A plan file records the samples, seed and model version of its predicted",
                "numbers; they are used unless --samples or --seed is given, and the output",
                "says whether the plan's numbers are reproduced (they are, exactly, with the",
                "same profile and model version). The numbers are modelled, not measured.",
                "Profile: --profile, else profile.yaml beside the workflow, else the",
                "workflow's inline profile: blocks."})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "The plan to evaluate (JSON or YAML).")
    Path planFile;

    @Mixin
    ProfileOption profile;

    @Mixin
    DrawOptions draws;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        Renderer<EvaluateService.Result> render = Renderers.evaluation(format.select("table", "json", "yaml", "markdown"));
        EvaluateService.Result result = Services.evaluate().evaluate(
                new EvaluateService.Request(workflowFile, profile.file, planFile, draws.draws()));
        PrintWriter out = spec.commandLine().getOut();
        out.print(render.render(result));
        out.flush();
        return ExitCodes.OK;
    }
}
