// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import dev.dagfuse.aws.internal.Asl;
import dev.dagfuse.aws.internal.CodePackage;
import dev.dagfuse.aws.internal.Layout;
import dev.dagfuse.aws.internal.Templates;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.OutputFiles;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code dagfuse export}: a plan as a Step Functions state machine (Amazon States Language), or as a SAM, CloudFormation
 * or Terraform deployment of one Lambda function per group, the state machine, the bucket and least-privilege roles.
 * Nothing here talks to AWS.
 */
public final class AwsExport {

    /** One file to write, its name relative to the output directory. */
    public record ExportedFile(String name, byte[] content) {
    }

    /**
     * What an export makes.
     *
     * @param files the files, in the order they are written
     * @param notes what a reader should know (placeholders to replace, what is not set)
     */
    public record Exported(List<ExportedFile> files, List<String> notes) {
        public Exported {
            files = List.copyOf(files);
            notes = List.copyOf(notes);
        }
    }

    private AwsExport() {
    }

    /**
     * The state machine definition of {@code plan}, each group's Task invoking {@code arnOf.apply(groupId)} (the
     * function's ARN; a group with provisioned concurrency or SnapStart invokes it qualified by its alias,
     * {@code ARN:live}).
     *
     * @throws dev.dagfuse.model.InputException when the plan does not fit the workflow, or asks for what Step Functions
     *     cannot run (a Distributed Map under an Express workflow, more than 1,000 branches)
     */
    public static String stateMachine(Workflow workflow, Plan plan, ExportOptions options, Function<String, String> arnOf) {
        Layout layout = Layout.of(workflow, plan, options);
        return Asl.definition(layout, g -> g.invokedArn(arnOf.apply(g.plan().id())));
    }

    /**
     * The files of {@code format} for {@code plan}: the bare state machine (its function ARNs in the region and account
     * given), or a template and the code package every group function runs ({@code dagfuse-functions.zip}: the
     * runtime, the handler classes' jars from {@code loader}, the workflow file).
     */
    public static Exported export(Path workflowFile, Workflow workflow, Plan plan, ExportFormat format,
                                  ExportOptions options, ClassLoader loader) {
        Layout layout = Layout.of(workflow, plan, options);
        List<ExportedFile> files = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        switch (format) {
            case ASL -> {
                String account = options.account() != null ? options.account() : ExportOptions.PLACEHOLDER_ACCOUNT;
                files.add(new ExportedFile("statemachine.asl.json", utf8(Asl.definition(layout,
                        g -> g.invokedArn("arn:aws:lambda:" + layout.region() + ":" + account + ":function:"
                                + g.functionName())))));
                if (layout.groups().stream().anyMatch(g -> g.alias() != null)) {
                    notes.add("Groups with provisioned concurrency or SnapStart are invoked through their alias ("
                            + Layout.ALIAS + ", a published version): a bare state machine does not create it; use "
                            + "--format sam|cloudformation|terraform or deploy, which do.");
                }
                if (options.account() == null) {
                    notes.add("The Task ARNs name the placeholder account " + ExportOptions.PLACEHOLDER_ACCOUNT
                            + "; give --account, or use --format sam|cloudformation|terraform or deploy, which fill in "
                            + "the real ARNs.");
                }
                notes.add("Each group function runs " + dev.dagfuse.aws.runtime.RuntimeEnv.HANDLER + " with the "
                        + "environment the templates set (DAGFUSE_GROUP, DAGFUSE_FUNCTIONS, …; docs/aws.md).");
            }
            case SAM, CLOUDFORMATION, TERRAFORM ->
                    Templates.export(layout, format, CodePackage.build(workflowFile, workflow, loader), files, notes);
        }
        if (!workflow.seriesParallel().isExact()) {
            notes.add(Asl.BARRIERS);
        }
        return new Exported(files, notes);
    }

    /** Writes the files under {@code dir}, each to a temporary file first and then moved into place. */
    public static List<Path> write(Exported exported, Path dir) {
        List<Path> written = new ArrayList<>();
        for (ExportedFile f : exported.files()) {
            Path target = dir.resolve(f.name());
            OutputFiles.write(target, f.content());
            written.add(target);
        }
        return written;
    }

    static byte[] utf8(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
