// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.ReportData;
import dev.dagfuse.app.ReportService;
import dev.dagfuse.app.Search;
import dev.dagfuse.app.Services;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.optimizer.Planners;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code dagfuse report WORKFLOW [--plan PLAN] -o report.html}: the plan at a glance, one HTML file. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes one self-contained HTML file (inline SVG and CSS, no network) about a plan: the DAG with",
                "fused groups and bundles as clusters, the predicted latency CDF next to the as-deployed workflow with",
                "the target marked, the cost vs latency chart with the chosen plan marked, a per-group table, the",
                "model's assumptions and the profile's source. Without --plan the workflow is planned for its objective.",
                "The frontier is computed with the same planner (--points plans, each a full planning run).",
                "Profile: --profile, else profile.yaml beside the workflow, else the workflow's inline profile: blocks."})
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Option(names = "--plan", paramLabel = "PLAN", description = "The plan to show (default: plan for the objective).")
    Path planFile;

    @Mixin
    ProfileOption profile;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "The HTML file to write.")
    Path output;

    @Mixin
    SearchOptions search;

    @Option(names = "--points", paramLabel = "N", defaultValue = "8",
            description = "Plans on the cost vs latency frontier; 0 leaves it out (default: ${DEFAULT-VALUE}).")
    int points;

    @Override
    public Integer call() throws Exception {
        if (points == 1 || points < 0 || points > Ranges.MAX_POINTS) {
            throw new UserException(ExitCodes.USAGE, "dagfuse report: The --points (" + points + ") must be 0 (no "
                    + "frontier) or within 2.." + Ranges.MAX_POINTS + ". Maybe 8.");
        }
        Duration limit;
        try {
            limit = Duration.ofMillis(Math.round(search.timeLimitMs()));
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, "dagfuse report: " + e.getMessage());
        }
        if (!Planners.names().contains(search.solver)) {
            throw new UserException(ExitCodes.USAGE, "dagfuse report: The solver (" + search.solver + ") is not known. "
                    + "Use one of: " + String.join(", ", Planners.names()) + ".");
        }
        Outputs.check(output, workflowFile, planFile, Outputs.profileBeside(workflowFile, profile.file));
        String version = new VersionProvider().getVersion()[0];
        ReportService.Result result = Services.report().report(new ReportService.Request(workflowFile, profile.file,
                planFile, Search.of(search.solver, limit), points, version));
        if (result instanceof ReportService.NoPlan noPlan) {
            throw new UserException(noPlan.outOfTime() ? ExitCodes.FAILURE : ExitCodes.INFEASIBLE,
                    "dagfuse report: " + noPlan.message());
        }
        ReportData data = (ReportData) result;
        Outputs.write(spec, output, Renderers.report().render(data));
        if (!Outputs.isStdout(output)) {
            spec.commandLine().getOut().println("wrote " + output + ": report on " + data.workflow().name() + ", "
                    + data.plan().groups().size() + " groups");
        }
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
