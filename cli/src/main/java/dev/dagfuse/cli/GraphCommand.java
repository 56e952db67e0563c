package dev.dagfuse.cli;

import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.GraphFormats;
import dev.dagfuse.model.io.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse graph WORKFLOW [--plan PLAN] [--format dot|mermaid]}. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = {"Draws a workflow as Graphviz DOT or Mermaid; with --plan, its fused groups and bundles as clusters.",
                "Render DOT with: dagfuse graph W | dot -Tsvg > w.svg"})
final class GraphCommand implements Callable<Integer> {

    enum Format { dot, mermaid }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Option(names = "--plan", paramLabel = "PLAN", description = "A plan to draw groups and bundles from.")
    Path planFile;

    @Option(names = "--format", defaultValue = "dot", description = "dot or mermaid (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path output;

    @Override
    public Integer call() {
        Workflow workflow = ModelFiles.readWorkflow(workflowFile);
        Plan plan = planFile == null ? null : ModelFiles.readPlan(planFile, workflow);
        String text = format == Format.dot ? GraphFormats.dot(workflow, plan) : GraphFormats.mermaid(workflow, plan);
        if (output != null) {
            ModelFiles.writeAtomically(output, text);
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
