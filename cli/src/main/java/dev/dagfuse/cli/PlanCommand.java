package dev.dagfuse.cli;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Plans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
                "Exit codes: 0 planned, 2 bad input, 3 no plan meets the objective (the reason says what is reachable)."})
final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Mixin
    PlanningOptions planning;

    @Option(names = "--format", defaultValue = "table", description = "table, json, yaml or markdown (default: ${DEFAULT-VALUE}).")
    PlanReport.Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "PLAN",
            description = "Write the plan file (JSON; YAML for .yaml/.yml) with its predicted numbers; written only"
                    + " when the objective is met.")
    Path output;

    @Override
    public Integer call() {
        Inputs.Loaded in = planning.load(workflowFile);
        Objective objective = planning.objective(in.workflow());
        ModelOptions options = planning.modelOptions(objective.percentile());
        PlanEvaluator evaluator = planning.evaluator(in, options);
        PlanResult result = PlanningOptions.refusalsAreUsageErrors(
                () -> planning.planner().plan(in.workflow(), evaluator, planning.request(objective)));
        Plan declared = Plans.asDeployed(in.workflow());
        Plan baseline = new Plan(declared.workflow(), objective, declared.groups(), null, declared.solver());
        Evaluation baselineEvaluation = evaluator.evaluate(baseline);
        PlanReport report = new PlanReport(in.workflow(), options);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (result instanceof PlanResult.Planned planned) {
            if (output != null) {
                ModelFiles.writePlan(planned.plan(), output);
            }
            out.print(report.plan(planned.plan(), planned.evaluation(), baseline, baselineEvaluation, null,
                    output == null ? null : output.toString(), format));
            out.flush();
            return ExitCodes.OK;
        }
        PlanResult.Infeasible infeasible = (PlanResult.Infeasible) result;
        if (infeasible.nearest() != null) {
            out.print(report.plan(infeasible.nearest(), infeasible.nearestEvaluation(), baseline, baselineEvaluation,
                    infeasible.reason(), null, format));
            out.flush();
        }
        err.println("dagfuse plan: " + infeasible.reason());
        err.flush();
        return ExitCodes.INFEASIBLE;
    }
}
