// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.profiler.ProfileMerge;
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

/** {@code dagfuse profile merge A B... -o C}. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {
                "Merges profiles into one, keeping where each number came from: source",
                "becomes e.g. local-jvm+aws-lambda, and machine: gets origin.<function>",
                "(which sizes came from which file). Measured sizes are united; a size in",
                "several files takes the later file's samples. Cold starts, outputBytes and",
                "peakMemoryMB: the later file's when it has them; parallelism: the largest.",
                "Machine entries that differ between files are kept as 'key (file)'."})
final class ProfileMergeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PROFILE", description = "Profiles, earliest first (later ones win per size).")
    List<Path> files;

    @Option(names = {"-w", "--workflow"}, paramLabel = "WORKFLOW", description = "Check every profile against this workflow.")
    Path workflowFile;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        List<Path> read = new ArrayList<>(files);
        read.add(workflowFile);
        Outputs.check(output.file, read.toArray(Path[]::new));
        Workflow workflow = workflowFile == null ? null : ModelFiles.readWorkflow(workflowFile);
        List<ProfileMerge.Input> inputs = new ArrayList<>();
        for (Path file : files) {
            inputs.add(new ProfileMerge.Input(file.getFileName().toString(), ModelFiles.readProfile(file, workflow)));
        }
        Profile merged = ProfileMerge.merge(inputs);
        PrintWriter out = spec.commandLine().getOut();
        if (output.file == null || Outputs.isStdout(output.file)) {
            out.print(ModelFiles.profileToYaml(merged));
        } else {
            ModelFiles.writeProfile(merged, output.file);
            out.println("wrote " + ProfileCommand.display(output.file) + " (source " + merged.source() + ", "
                    + merged.functions().size() + " functions)");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
