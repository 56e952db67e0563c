// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.render.GraphView;
import dev.dagfuse.app.render.Renderer;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Option(names = "--plan", paramLabel = "PLAN", description = "A plan to draw groups and bundles from.")
    Path planFile;

    @Mixin
    FormatOption format;

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        Renderer<GraphView> render = Renderers.graph(format.select("dot", "mermaid"));
        Outputs.check(output.file, workflowFile, planFile);
        Workflow workflow = ModelFiles.readWorkflow(workflowFile);
        Plan plan = planFile == null ? null : ModelFiles.readPlan(planFile, workflow);
        String text = render.render(new GraphView(workflow, plan));
        if (output.file != null) {
            Outputs.write(spec, output.file, text);
        } else {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
