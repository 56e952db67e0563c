package dev.dagfuse.cli;

import dev.dagfuse.check.BaselineFiles;
import dev.dagfuse.check.CheckFormat;
import dev.dagfuse.check.CheckRequest;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.Checks;
import dev.dagfuse.check.Formats;
import dev.dagfuse.check.MetricCheck;
import dev.dagfuse.check.RegressionCheck;
import dev.dagfuse.check.Snapshot;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Planners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dagfuse check WORKFLOW --baseline BASELINE}: the CI cost/latency regression gate. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Fails when a change makes the workflow slower or dearer than a baseline, by the model's numbers.",
                "Re-plans the workflow for its objective (or evaluates --plan) with the baseline's model settings (same",
                "seed, samples, percentiles) and compares the cost per 1M requests and each latency percentile, and",
                "says which groups changed and which caused a regression. A profile or model change since the baseline",
                "is named as the reason. The baseline is a snapshot written by --write-baseline (workflow hash, plan,",
                "its numbers, model version, profile hash) or a plan file with predicted numbers.",
                "Exit codes: 0 within tolerance, 1 regression, 2 bad input.",
                "Profile: --profile, else profile.yaml beside the workflow, else the workflow's inline profile: blocks."})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Option(names = "--baseline", paramLabel = "BASELINE",
            description = "The baseline: a snapshot (--write-baseline) or a plan file with predicted numbers. Required "
                    + "unless only --write-baseline is given.")
    Path baselineFile;

    @Option(names = "--plan", paramLabel = "PLAN",
            description = "Check this plan instead of re-planning the workflow for its objective.")
    Path planFile;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "The profile (default: profile.yaml beside the workflow, else inline profiles).")
    Path profileFile;

    @Option(names = "--max-cost-increase", paramLabel = "PCT", defaultValue = "5%",
            description = "Largest allowed increase of the cost per 1M requests (default: ${DEFAULT-VALUE}).")
    String maxCostIncrease;

    @Option(names = "--max-latency-increase", paramLabel = "PCT", defaultValue = "5%",
            description = "Largest allowed increase of each latency percentile (default: ${DEFAULT-VALUE}).")
    String maxLatencyIncrease;

    @Option(names = "--format", defaultValue = "text",
            description = "text, markdown (a pull-request comment), json or junit (JUnit XML, each check a test case) "
                    + "(default: ${DEFAULT-VALUE}).")
    CheckFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the result to FILE (stdout then gets the verdict line only).")
    Path output;

    @Option(names = "--write-baseline", paramLabel = "FILE",
            description = "Write the current numbers as a baseline snapshot to FILE (JSON, or YAML for .yaml). "
                    + "Alone: write and exit 0. With --baseline: check, then write.")
    Path writeBaseline;

    @Option(names = "--samples", paramLabel = "N",
            description = "With --write-baseline alone: Monte Carlo requests drawn, recorded in the baseline (default: "
                    + "10000). A check always uses the baseline's samples and seed.")
    Integer samples;

    @Option(names = "--seed", paramLabel = "S",
            description = "With --write-baseline alone: the seed of the draws, recorded in the baseline (default: 42).")
    Long seed;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "cp-sat",
            description = "The planner used to re-plan: cp-sat, exhaustive or greedy (default: ${DEFAULT-VALUE}).")
    String solver;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "10s",
            description = "The planner's time limit (default: ${DEFAULT-VALUE}).")
    String timeLimit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Tolerances tolerances;
        Duration limit;
        try {
            tolerances = new Tolerances(Tolerances.parsePercent(maxCostIncrease),
                    Tolerances.parsePercent(maxLatencyIncrease));
            limit = Duration.ofMillis(Math.round(Quantities.parseDurationMs(timeLimit)));
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "dagfuse check: " + e.getMessage());
        }
        if (!Planners.names().contains(solver)) {
            throw new UserException(ExitCodes.USAGE, "dagfuse check: The solver (" + solver + ") is not known. Use one "
                    + "of: " + String.join(", ", Planners.names()) + ".");
        }
        if (baselineFile == null && writeBaseline == null) {
            throw new UserException(ExitCodes.USAGE, "dagfuse check: Give --baseline BASELINE to check against (a "
                    + "snapshot or a plan file), or --write-baseline FILE to write one.");
        }
        if (baselineFile != null && (samples != null || seed != null)) {
            throw new UserException(ExitCodes.USAGE, "dagfuse check: --samples and --seed are taken from the baseline "
                    + "when checking, so that the numbers are comparable; give them only with --write-baseline alone.");
        }
        ModelOptions defaults = ModelOptions.defaults();
        if (samples != null || seed != null) {
            if (samples != null && samples < 1) {
                throw new UserException(ExitCodes.USAGE, "dagfuse check: The --samples (" + samples
                        + ") must be ≥ 1. Maybe 10000.");
            }
            defaults = new ModelOptions(samples == null ? defaults.samples() : samples,
                    seed == null ? defaults.seed() : seed, defaults.percentiles());
        }
        try {
            if (baselineFile == null) {
                Checks.Current current = Checks.current(workflowFile, profileFile, planFile, solver, limit, null,
                        defaults);
                BaselineFiles.write(current.snapshot(), writeBaseline);
                out.println("wrote " + writeBaseline + ": " + describe(current.snapshot(), Checks.costUnit(current.workflow())));
                current.failures().forEach(f -> out.println("note: " + f));
                out.flush();
                return ExitCodes.OK;
            }
            Checks.Outcome outcome = Checks.check(new CheckRequest(workflowFile, profileFile, baselineFile, planFile,
                    tolerances, solver, limit));
            CheckResult result = outcome.result();
            String text = format.render(result);
            if (output != null) {
                ModelFiles.writeAtomically(output, text);
                out.println(text(result).lines().findFirst().orElse(""));
            } else {
                out.print(text);
            }
            if (writeBaseline != null) {
                BaselineFiles.write(outcome.current().snapshot(), writeBaseline);
                out.println("wrote " + writeBaseline + ": " + describe(outcome.current().snapshot(),
                        Checks.costUnit(outcome.current().workflow())));
            }
            out.flush();
            return result.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
        } catch (Checks.NoPlanException e) {
            throw new UserException(ExitCodes.FAILURE, "REGRESSION  " + e.getMessage());
        }
    }

    private static String text(CheckResult result) {
        return CheckFormat.text.render(result);
    }

    private static String describe(Snapshot s, MetricCheck.Unit costUnit) {
        StringBuilder line = new StringBuilder("plan of " + s.plan().groups().size() + " groups (" + String.join(", ",
                s.plan().groups().stream().map(g -> g.id() + " " + g.memoryMB() + " MB").toList()) + ")");
        for (Map.Entry<Double, Double> e : s.predicted().latencyMs().entrySet()) {
            line.append(", ").append(RegressionCheck.percentileName(e.getKey())).append(' ')
                    .append(Formats.ms(e.getValue()));
        }
        return line.append(", ").append(Formats.cost(costUnit, s.predicted().costPerMillionUsd())).append(" per 1M requests")
                .toString();
    }
}
