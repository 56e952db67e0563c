package dev.dagfuse.cli;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planners;
import dev.dagfuse.optimizer.Plans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dagfuse compare WORKFLOW}: baseline, power tuning, greedy and cp-sat side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares, at the same objective: the as-deployed baseline (no fusion or bundling, each function",
                "at its memoryMB), per-function power tuning (each function alone at its cheapest size at most 10%",
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

    @Option(names = "--format", defaultValue = "table", description = "table, json, yaml or markdown (default: ${DEFAULT-VALUE}).")
    PlanReport.Format format;

    @Override
    public Integer call() {
        Inputs.Loaded in = planning.load(workflowFile);
        Objective objective = planning.objective(in.workflow());
        ModelOptions options = planning.modelOptions(objective.percentile());
        PlanEvaluator evaluator = planning.evaluator(in, options);
        PlanRequest request = planning.request(objective);
        List<PlanReport.Row> rows = new ArrayList<>();
        Plan declared = Plans.asDeployed(in.workflow());
        Plan baseline = new Plan(declared.workflow(), objective, declared.groups(), null, declared.solver());
        rows.add(new PlanReport.Row("as deployed", baseline, evaluator.evaluate(baseline), null));
        add(rows, "power tuning", Planners.powerTuned(in.workflow(), evaluator, request));
        add(rows, "greedy", Planners.byName("greedy").plan(in.workflow(), evaluator, request));
        add(rows, "cp-sat", Planners.byName("cp-sat").plan(in.workflow(), evaluator, request));
        PrintWriter out = spec.commandLine().getOut();
        out.print(new PlanReport(in.workflow(), options).compare(rows, objective, format));
        out.flush();
        return ExitCodes.OK;
    }

    private static void add(List<PlanReport.Row> rows, String name, PlanResult result) {
        if (result instanceof PlanResult.Planned p) {
            rows.add(new PlanReport.Row(name, p.plan(), p.evaluation(), null));
        } else {
            PlanResult.Infeasible inf = (PlanResult.Infeasible) result;
            if (inf.nearest() == null) {
                throw new UserException(ExitCodes.INFEASIBLE, "dagfuse compare: " + inf.reason());
            }
            rows.add(new PlanReport.Row(name, inf.nearest(), inf.nearestEvaluation(), "nearest plan"));
        }
    }
}
