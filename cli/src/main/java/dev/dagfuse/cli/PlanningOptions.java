package dev.dagfuse.cli;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The options shared by {@code plan}, {@code pareto} and {@code compare}: inputs, objective, search and model. */
final class PlanningOptions {

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "The profile (default: profile.yaml beside the workflow, else the inline profile: blocks).")
    Path profileFile;

    @Option(names = "--p95", paramLabel = "DURATION",
            description = "Objective: minimum cost with P95 ≤ DURATION (e.g. 3s, 800ms).")
    String p95;

    @Option(names = "--percentile", paramLabel = "P",
            description = "The percentile of --target or --budget (default: 95, or the workflow's objective's).")
    Double percentile;

    @Option(names = "--target", paramLabel = "DURATION",
            description = "Objective: minimum cost with the --percentile of latency ≤ DURATION.")
    String target;

    @Option(names = "--budget", paramLabel = "USD",
            description = "Objective: minimum --percentile latency with mean cost ≤ USD per request (e.g. 0.00025).")
    Double budget;

    @Option(names = "--solver", paramLabel = "NAME", defaultValue = "cp-sat",
            description = "cp-sat (default: exact with cuts), exhaustive (every combination, small workflows only) or"
                    + " greedy (best-first baseline).")
    String solver;

    @Option(names = "--no-fusion", description = "Never fuse functions: every function is its own group.")
    boolean noFusion;

    @Option(names = "--no-bundling", description = "Never bundle fan-out branches: bundle size 1 everywhere.")
    boolean noBundling;

    @Option(names = "--memory-options", paramLabel = "MB", split = ",",
            description = "Memory sizes to consider, e.g. 512,1024,1769,3008 (default: the functions' memoryOptionsMB,"
                    + " else the model's grid of 20 sizes from 128 to 10,240 MB).")
    List<Integer> memoryOptions = List.of();

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "10s",
            description = "Wall-clock limit of the planner, drawing the candidates included (when drawing alone takes"
                    + " longer, the search still gets a quarter of it); the best plan confirmed by the model so far is"
                    + " returned (status FEASIBLE) (default: ${DEFAULT-VALUE}).")
    String timeLimit;

    @Option(names = "--gap", paramLabel = "PCT", defaultValue = "0%",
            description = "For the cheapest plan under a target: stop once its cost is within this fraction of the"
                    + " solver's lower bound, e.g. 1% (status FEASIBLE, the gap reported); 0% searches until the plan"
                    + " is proven optimal or the time limit (default: ${DEFAULT-VALUE}).")
    String gap;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "CP-SAT threads; 1 keeps results identical run to run (default: ${DEFAULT-VALUE})."
                    + " Candidates are drawn on all cores either way.")
    int threads;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "10000",
            description = "Monte Carlo requests drawn (default: ${DEFAULT-VALUE}); a plan file records it, and evaluate"
                    + " draws as the plan records.")
    int samples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Seed of the draws; the same seed gives the same numbers (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The objective from the options, else the workflow's {@code objective:}. */
    Objective objective(Workflow workflow) {
        int given = (p95 != null ? 1 : 0) + (target != null ? 1 : 0) + (budget != null ? 1 : 0);
        if (given > 1) {
            throw new UserException(ExitCodes.USAGE, "Give one objective: --p95 DURATION, --target DURATION (with"
                    + " --percentile P) or --budget USD; got " + given + ".");
        }
        if (p95 != null && percentile != null && percentile != 95.0) {
            throw new UserException(ExitCodes.USAGE, "--p95 is about P95; for P" + percentile
                    + " use --percentile " + percentile + " --target DURATION.");
        }
        try {
            if (p95 != null) {
                return new Objective.Latency(95, durationMs("--p95", p95));
            }
            if (target != null) {
                return new Objective.Latency(percentile(workflow), durationMs("--target", target));
            }
            if (budget != null) {
                return new Objective.Budget(budget, percentile(workflow));
            }
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        if (workflow.objective() == null) {
            throw new UserException(ExitCodes.USAGE, "The workflow (" + workflow.name() + ") declares no objective:"
                    + " give --p95 3s, --percentile 99 --target 5s or --budget 0.00025, or add objective: to it.");
        }
        if (percentile != null && percentile != workflow.objective().percentile()) {
            throw new UserException(ExitCodes.USAGE, "--percentile " + percentile + " needs --target or --budget"
                    + " (the workflow's objective is about P" + workflow.objective().percentile() + ").");
        }
        return workflow.objective();
    }

    /** The percentile for reports without a full objective (pareto): --percentile, the workflow's, or 95. */
    double percentile(Workflow workflow) {
        if (percentile != null) {
            return percentile;
        }
        return workflow.objective() != null ? workflow.objective().percentile() : 95.0;
    }

    PlanRequest request(Objective objective) {
        if (threads < 1) {
            throw new UserException(ExitCodes.USAGE, "The --threads (" + threads + ") must be ≥ 1. Maybe 1.");
        }
        double limitMs = durationMs("--time-limit", timeLimit);
        if (!(limitMs > 0)) {
            throw new UserException(ExitCodes.USAGE, "The --time-limit (" + timeLimit + ") must be > 0. Maybe 30s.");
        }
        java.util.regex.Matcher percent = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)%").matcher(gap.trim());
        if (!percent.matches() || Double.parseDouble(percent.group(1)) >= 100) {
            throw new UserException(ExitCodes.USAGE, "The --gap (" + gap + ") must be a percentage from 0% to below 100%."
                    + " Maybe 1%.");
        }
        try {
            return new PlanRequest(objective, !noFusion, !noBundling, memoryOptions,
                    Duration.ofMillis(Math.max(1, Math.round(limitMs))), threads, Double.parseDouble(percent.group(1)) / 100);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
    }

    Planner planner() {
        try {
            return Planners.byName(solver);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
    }

    ModelOptions modelOptions(double percentile) {
        if (samples < 1) {
            throw new UserException(ExitCodes.USAGE, "The --samples (" + samples + ") must be ≥ 1. Maybe 10000.");
        }
        return new ModelOptions(samples, seed, ModelOptions.defaults().percentiles()).withPercentile(percentile);
    }

    Inputs.Loaded load(Path workflowFile) {
        return Inputs.loadForModel(workflowFile, profileFile);
    }

    PlanEvaluator evaluator(Inputs.Loaded in, ModelOptions options) {
        return Models.monteCarlo(in.workflow(), in.profile(), options);
    }

    private static double durationMs(String option, String text) {
        try {
            return Quantities.parseDurationMs(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "The " + option + " " + e.getMessage().replaceFirst("^The ", ""));
        }
    }

    /** Runs a planner, turning a request it refuses (e.g. too large for exhaustive) into a usage error. */
    static <T> T refusalsAreUsageErrors(java.util.function.Supplier<T> planning) {
        try {
            return planning.get();
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
    }
}
