package dev.dagfuse.cli;

import dev.dagfuse.model.Plan;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import picocli.CommandLine.Command;
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

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "The profile (default: profile.yaml beside the workflow, else inline profiles).")
    Path profileFile;

    @Option(names = "--samples", paramLabel = "N",
            description = "Monte Carlo requests drawn (default: the plan's model.samples, else 10000).")
    Integer samples;

    @Option(names = "--seed", paramLabel = "S",
            description = "Seed of the draws; the same seed gives the same numbers (default: the plan's model.seed,"
                    + " else 42).")
    Long seed;

    @Option(names = "--format", defaultValue = "table",
            description = "table, json, yaml or markdown (default: ${DEFAULT-VALUE}).")
    EvaluationReport.Format format;

    @Override
    public Integer call() {
        if (samples != null && samples < 1) {
            throw new UserException(ExitCodes.USAGE, "The --samples (" + samples + ") must be ≥ 1. Maybe 10000.");
        }
        Inputs.Loaded in = Inputs.loadForModel(workflowFile, profileFile);
        Plan plan = ModelFiles.readPlan(planFile, in.workflow());
        ModelOptions recorded = ModelOptions.defaults().withDrawsOf(plan);
        ModelOptions options = new ModelOptions(samples != null ? samples : recorded.samples(),
                seed != null ? seed : recorded.seed(), recorded.percentiles());
        Evaluation evaluation = Models.monteCarlo(in.workflow(), in.profile(), options).evaluate(plan);
        PrintWriter out = spec.commandLine().getOut();
        out.print(new EvaluationReport(in.workflow(), in.profile(), plan, evaluation, options).render(format));
        out.flush();
        return ExitCodes.OK;
    }
}
