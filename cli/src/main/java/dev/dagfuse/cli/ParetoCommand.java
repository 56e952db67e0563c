package dev.dagfuse.cli;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planners;
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
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code dagfuse pareto WORKFLOW [--points 20] [--format table|json|csv]}. */
@Command(name = "pareto", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The cost vs latency frontier at a percentile (--percentile, else the workflow objective's, else 95):",
                "the fastest plan, the cheapest plan, and the cheapest plan for targets evenly spaced between their",
                "percentiles, dominated plans dropped. Each point is a plan (written with -o DIR). --p95, --target and",
                "--budget are ignored here. The numbers are modelled (docs/model.md), not measured."})
final class ParetoCommand implements Callable<Integer> {

    enum Format { table, json, csv }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Mixin
    PlanningOptions planning;

    @Option(names = "--points", paramLabel = "N", defaultValue = "20",
            description = "Targets to plan for, extremes included (default: ${DEFAULT-VALUE}); fewer points remain"
                    + " when several targets give the same plan.")
    int points;

    @Option(names = "--format", defaultValue = "table", description = "table, json or csv (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Also write each point's plan file to DIR/point-NN.json.")
    Path outputDir;

    @Override
    public Integer call() {
        if (points < 2) {
            throw new UserException(ExitCodes.USAGE, "The --points (" + points + ") must be ≥ 2. Maybe 20.");
        }
        Inputs.Loaded in = planning.load(workflowFile);
        double percentile = planning.percentile(in.workflow());
        ModelOptions options = planning.modelOptions(percentile);
        PlanEvaluator evaluator = planning.evaluator(in, options);
        List<PlanResult.Planned> frontier = PlanningOptions.refusalsAreUsageErrors(() -> Planners.pareto(
                planning.planner(), in.workflow(), evaluator,
                planning.request(new Objective.Latency(percentile, 1e15)), points));
        if (frontier.isEmpty()) {
            throw new UserException(ExitCodes.INFEASIBLE, "dagfuse pareto: no plan exists for workflow ("
                    + in.workflow().name() + "); run dagfuse plan for the reason.");
        }
        List<Plan> plans = new ArrayList<>();
        List<Evaluation> evaluations = new ArrayList<>();
        for (int i = 0; i < frontier.size(); i++) {
            plans.add(frontier.get(i).plan());
            evaluations.add(frontier.get(i).evaluation());
            if (outputDir != null) {
                ModelFiles.writePlan(frontier.get(i).plan(), outputDir.resolve(String.format(Locale.ROOT, "point-%02d.json", i + 1)));
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(new PlanReport(in.workflow(), options).pareto(plans, evaluations, percentile, format.name()));
        out.flush();
        return ExitCodes.OK;
    }
}
