// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.check.BaselineFiles;
import dev.dagfuse.check.Snapshot;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.io.PlanValidator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dagfuse validate FILE...}: checks workflows, profiles and plans. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks workflow, profile, plan and baseline files (the kind is read from each file).",
                "A profile, plan or baseline is also checked against a workflow: the one given with --workflow, else the",
                "workflow.yaml beside it, else a workflow among the files. Prints one line per file; errors go to stderr",
                "with the file, the YAML path, the bad value and what is valid. Exit 0 if all are valid, 2 otherwise."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Workflow, profile, plan or baseline files (YAML or JSON).")
    List<Path> files;

    @Option(names = {"-w", "--workflow"}, paramLabel = "WORKFLOW", description = "The workflow that profiles and plans belong to.")
    Path workflowFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<InputError> errors = new ArrayList<>();
        Workflow given = null;
        if (workflowFile != null) {
            given = ModelFiles.readWorkflow(workflowFile);
        }
        List<Workflow> workflowsAmongFiles = new ArrayList<>();
        for (Path file : files) {
            try {
                if (ModelFiles.kindOf(file) == ModelFiles.Kind.Workflow) {
                    workflowsAmongFiles.add(ModelFiles.readWorkflow(file));
                }
            } catch (InputException e) {
                // reported in the main loop below
            }
        }
        for (Path file : files) {
            try {
                ModelFiles.Kind kind = ModelFiles.kindOf(file);
                switch (kind) {
                    case Workflow -> {
                        Workflow w = ModelFiles.readWorkflow(file);
                        int invocations = w.functions().values().stream().mapToInt(f -> f.fanOut()).sum();
                        out.printf("ok  %s: workflow %s, %d functions, %d edges, %d invocations per request%n", file,
                                w.name(), w.functions().size(), w.edges().size(), invocations);
                    }
                    case Profile -> {
                        Workflow w = workflowFor(file, given, workflowsAmongFiles, null);
                        Profile p = ModelFiles.readProfile(file, w);
                        out.printf("ok  %s: profile (%s) of %d functions%s%n", file, p.source(), p.functions().size(),
                                w == null ? " (not checked against a workflow)" : ", fits workflow " + w.name());
                    }
                    case Plan -> {
                        Plan peek = ModelFiles.readPlan(file, null);
                        Workflow w = workflowFor(file, given, workflowsAmongFiles, peek.workflow());
                        Plan plan = ModelFiles.readPlan(file, w);
                        out.printf("ok  %s: plan for %s, %d groups%s%n", file, plan.workflow(), plan.groups().size(),
                                w == null ? " (not checked against a workflow)" : ", fits its workflow");
                    }
                    case Baseline -> {
                        Snapshot b = BaselineFiles.read(file);
                        Workflow w = workflowFor(file, given, workflowsAmongFiles, b.workflow());
                        if (w != null && !w.name().equals(b.workflow())) {
                            throw new InputException(file.toString(), "workflow", "The baseline is for workflow ("
                                    + b.workflow() + "), not for (" + w.name() + "). Give its workflow with --workflow.");
                        }
                        // the plan inside is checked against the workflow, as a plan file would be
                        if (w != null) {
                            PlanValidator.validate(b.plan(), w, file.toString());
                        }
                        out.printf("ok  %s: baseline for %s, %d groups, model %s%s%n", file, b.workflow(),
                                b.plan().groups().size(), b.modelVersion(),
                                w == null ? " (not checked against a workflow)" : ", fits its workflow");
                    }
                }
            } catch (InputException e) {
                errors.addAll(e.errors());
            }
        }
        out.flush();
        errors.forEach(err::println);
        err.flush();
        return errors.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
    }

    // The workflow a profile or plan is checked against: --workflow, else the workflow.yaml beside it, else a
    // workflow among the files (for a plan, the one it names).
    private static Workflow workflowFor(Path file, Workflow given, List<Workflow> among, String name) {
        if (given != null) {
            return given;
        }
        Path beside = file.toAbsolutePath().resolveSibling("workflow.yaml");
        if (java.nio.file.Files.isRegularFile(beside) && !beside.equals(file.toAbsolutePath())) {
            return ModelFiles.readWorkflow(beside);
        }
        for (Workflow w : among) {
            if (name == null || w.name().equals(name)) {
                return w;
            }
        }
        return null;
    }
}
