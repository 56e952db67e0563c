// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.render.ProfileView;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dagfuse profile show PROFILE [--workflow W]}. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {
                "Prints a profile as a table per function: size, vCPU, n, p50, p95, p99,",
                "cold start p50 and the billed cost of one warm invocation, for the measured",
                "sizes and for common sizes modelled by the scaling model (quantiles",
                "interpolated between measured sizes; t = a + b/cpu fitted outside them;",
                "sizes below peak memory x 1.1 are infeasible). The basis column says which",
                "rows are measured and which are modelled. Prices come from the workflow's",
                "platform (--workflow, else workflow.yaml beside the profile, else AWS",
                "x86_64 us-east-1)."})
final class ProfileShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROFILE", description = "The profile file.")
    Path profileFile;

    @Option(names = {"-w", "--workflow"}, paramLabel = "WORKFLOW",
            description = "The workflow: function order, platform prices, as-deployed sizes.")
    Path workflowFile;

    @Option(names = "--sizes", split = ",", paramLabel = "MB",
            description = "The sizes to show besides the measured ones (default: 128,256,512,1024,1769,2048,3008,3538,"
                    + "5307,7076,10240).")
    List<Integer> sizes;

    @Override
    public Integer call() {
        Path wf = workflowFile;
        if (wf == null) {
            Path beside = profileFile.toAbsolutePath().resolveSibling("workflow.yaml");
            if (Files.isRegularFile(beside)) {
                wf = beside;
            }
        }
        Workflow workflow = wf == null ? null : ModelFiles.readWorkflow(wf);
        Profile profile = ModelFiles.readProfile(profileFile, workflow);
        List<Integer> shown = sizes == null ? ProfileView.DEFAULT_SIZES : sizes;
        for (int m : shown) {
            if (m < 1) {
                throw new UserException(ExitCodes.USAGE, "The size (" + m + " MB) in --sizes must be ≥ 1.");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(Renderers.profile().render(new ProfileView(profile, workflow, shown)));
        out.flush();
        return ExitCodes.OK;
    }
}
