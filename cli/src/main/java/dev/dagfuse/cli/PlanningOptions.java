// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.Draws;
import dev.dagfuse.app.ObjectiveChoice;
import dev.dagfuse.app.Search;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The options shared by {@code plan}, {@code pareto} and {@code compare}: inputs, objective, search and model. */
final class PlanningOptions {

    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)%");

    @Mixin
    ProfileOption profile;

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

    @Mixin
    SearchOptions search;

    @Option(names = "--no-fusion", description = "Never fuse functions: every function is its own group.")
    boolean noFusion;

    @Option(names = "--no-bundling", description = "Never bundle fan-out branches: bundle size 1 everywhere.")
    boolean noBundling;

    @Option(names = "--memory-options", paramLabel = "MB", split = ",",
            description = "Memory sizes to consider, e.g. 512,1024,1769,3008 (default: the functions' memoryOptionsMB,"
                    + " else the model's grid of 20 sizes from 128 to 10,240 MB).")
    List<Integer> memoryOptions = List.of();

    @Option(names = "--gap", paramLabel = "PCT", defaultValue = "0%",
            // picocli formats descriptions: a % is written %%
            description = "For the cheapest plan under a target: stop once its cost is within this fraction of the"
                    + " solver's lower bound, e.g. 1%% (status FEASIBLE, the gap reported); 0%% searches until the plan"
                    + " is proven optimal or the time limit (default: ${DEFAULT-VALUE}).")
    String gap;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "CP-SAT threads; 1 keeps results identical run to run (default: ${DEFAULT-VALUE})."
                    + " Candidates are drawn on all cores either way.")
    int threads;

    @Mixin
    DrawOptions draws;

    Path profileFile() {
        return profile.file;
    }

    /** The objective from the options: --p95, --target or --budget, else the workflow's objective:. */
    ObjectiveChoice objective() {
        int given = (p95 != null ? 1 : 0) + (target != null ? 1 : 0) + (budget != null ? 1 : 0);
        if (given > 1) {
            throw new UserException(ExitCodes.USAGE, "Give one objective: --p95 DURATION, --target DURATION (with"
                    + " --percentile P) or --budget USD; got " + given + ".");
        }
        if (p95 != null && percentile != null && percentile != 95.0) {
            throw new UserException(ExitCodes.USAGE, "--p95 is about P95; for P" + percentile
                    + " use --percentile " + percentile + " --target DURATION.");
        }
        if (p95 != null) {
            return new ObjectiveChoice.Latency(95.0, targetMs("--p95", p95));
        }
        if (target != null) {
            return new ObjectiveChoice.Latency(percentile, targetMs("--target", target));
        }
        if (budget != null) {
            if (!(budget > 0 && budget <= Ranges.MAX_BUDGET_USD)) {
                throw new UserException(ExitCodes.USAGE, "The --budget (" + budget + ") must be > 0 and ≤ "
                        + (int) Ranges.MAX_BUDGET_USD + " USD per request. Maybe 0.00025.");
            }
            return new ObjectiveChoice.Budget(percentile, budget);
        }
        return new ObjectiveChoice.Declared(percentile);
    }

    Search search() {
        Bounds.check("--threads", threads, 1, Ranges.MAX_THREADS, "1");
        double limitMs;
        try {
            limitMs = search.timeLimitMs();
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        Matcher percent = PERCENT.matcher(gap.trim());
        if (!percent.matches() || Double.parseDouble(percent.group(1)) >= 100) {
            throw new UserException(ExitCodes.USAGE, "The --gap (" + gap + ") must be a percentage from 0% to below 100%."
                    + " Maybe 1%.");
        }
        return new Search(search.solver, Duration.ofMillis(Math.max(1, Math.round(limitMs))), !noFusion, !noBundling,
                memoryOptions, threads, Double.parseDouble(percent.group(1)) / 100);
    }

    Draws draws() {
        return draws.draws();
    }

    private static double targetMs(String option, String text) {
        double ms;
        try {
            ms = Quantities.parseDurationMs(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "The " + option + " " + e.getMessage().replaceFirst("^The ", ""));
        }
        if (!(ms > 0 && ms <= Ranges.MAX_TARGET_MS)) {
            throw new UserException(ExitCodes.USAGE, "The " + option + " (" + text + ") must be > 0 and at most 720h. "
                    + "Maybe 3s.");
        }
        return ms;
    }
}
