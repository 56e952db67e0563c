// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.Draws;
import dev.dagfuse.app.Search;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Format;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.optimizer.Planners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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

    @Mixin
    ProfileOption profile;

    @Option(names = "--max-cost-increase", paramLabel = "PCT", defaultValue = "5%",
            description = "Largest allowed increase of the cost per 1M requests (default: ${DEFAULT-VALUE}).")
    String maxCostIncrease;

    @Option(names = "--max-latency-increase", paramLabel = "PCT", defaultValue = "5%",
            description = "Largest allowed increase of each latency percentile (default: ${DEFAULT-VALUE}).")
    String maxLatencyIncrease;

    @Mixin
    FormatOption format;

    @Mixin
    OutputOption output;

    @Option(names = "--write-baseline", paramLabel = "FILE",
            description = "Write the current numbers as a baseline snapshot to FILE (JSON, or YAML for .yaml). "
                    + "Alone: write and exit 0. With --baseline: check, then write.")
    Path writeBaseline;

    @Mixin
    DrawOptions draws;

    @Mixin
    SearchOptions search;

    @Override
    public Integer call() {
        Format chosen = format.select("text", "markdown", "json", "junit");
        Tolerances tolerances;
        Duration limit;
        try {
            tolerances = new Tolerances(Tolerances.parsePercent(maxCostIncrease),
                    Tolerances.parsePercent(maxLatencyIncrease));
            limit = Duration.ofMillis(Math.round(search.timeLimitMs()));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (!Planners.names().contains(search.solver)) {
            throw usage("The solver (" + search.solver + ") is not known. Use one of: "
                    + String.join(", ", Planners.names()) + ".");
        }
        if (baselineFile == null && writeBaseline == null) {
            throw usage("Give --baseline BASELINE to check against (a snapshot or a plan file), or --write-baseline "
                    + "FILE to write one.");
        }
        if (baselineFile != null && draws.given()) {
            throw usage("--samples, --seed and --rate are taken from the baseline when checking, so that the numbers "
                    + "are comparable; give them only with --write-baseline alone.");
        }
        Draws drawn;
        try {
            drawn = draws.draws();
        } catch (UserException e) {
            throw usage(e.getMessage());
        }
        Path besideProfile = Outputs.profileBeside(workflowFile, profile.file);
        Outputs.check(output.file, workflowFile, baselineFile, planFile, besideProfile, writeBaseline);
        // --write-baseline may replace the baseline it was checked against: that is how a change is accepted
        Outputs.check(writeBaseline, workflowFile, planFile, besideProfile);
        if (output.file != null && writeBaseline != null && !Outputs.isStdout(output.file)
                && output.file.toAbsolutePath().normalize().equals(writeBaseline.toAbsolutePath().normalize())) {
            throw usage("-o and --write-baseline name the same file (" + output.file + "); give two files.");
        }
        CheckService.Result result = Services.check().check(new CheckService.Request(workflowFile, profile.file,
                baselineFile, planFile, tolerances, Search.of(search.solver, limit), drawn, writeBaseline));
        PrintWriter out = spec.commandLine().getOut();
        if (result instanceof CheckService.NoPlan noPlan) {
            throw new UserException(ExitCodes.FAILURE, "REGRESSION  " + noPlan.message());
        }
        if (result instanceof CheckService.Written written) {
            printWritten(out, written);
            written.failures().forEach(f -> out.println("note: " + f));
            out.flush();
            return ExitCodes.OK;
        }
        CheckService.Checked checked = (CheckService.Checked) result;
        CheckResult check = checked.result();
        String text = Renderers.check(chosen).render(check);
        if (output.file != null && !Outputs.isStdout(output.file)) {
            Outputs.write(spec, output.file, text);
            out.println(Renderers.check(Format.TEXT).render(check).lines().findFirst().orElse(""));
        } else {
            out.print(text);
        }
        if (checked.written() != null) {
            printWritten(out, checked.written());
        }
        out.flush();
        return check.passed() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static void printWritten(PrintWriter out, CheckService.Written written) {
        out.println(Renderers.baselineWritten().render(written));
    }

    private static UserException usage(String message) {
        return new UserException(ExitCodes.USAGE, "dagfuse check: " + message);
    }
}
