// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.aws.AwsExport;
import dev.dagfuse.aws.ExportFormat;
import dev.dagfuse.aws.ExportOptions;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.io.OutputFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse export WORKFLOW --plan PLAN --format asl|sam|cloudformation|terraform [-o DIR]}: the aws module. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes a plan for AWS: the Step Functions state machine (Amazon States Language), or a SAM,",
                "CloudFormation or Terraform (JSON) deployment: one Lambda function per group, the state machine, the",
                "bucket and least-privilege roles, and the code package every group function runs (docs/aws.md).",
                "A group with provisioned concurrency or SnapStart gets a published version and the alias 'live' (the",
                "provisioned concurrency on it, SnapStart on the function); the state machine invokes FUNCTION:live.",
                "Provisioned concurrency is kept all day: a schedule per hour of a load pattern is not built.",
                "Checked by validators only (asl-validator, the CloudFormation resource specification): none of it",
                "was tried against real AWS."})
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "The plan to export.")
    Path planFile;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "asl, sam, cloudformation or terraform.")
    ExportFormat format;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write the files into DIR (needed by sam, cloudformation and terraform; asl prints to stdout without it).")
    Path output;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "P", description = "Put before every resource name.")
    String prefix;

    @Option(names = "--region", paramLabel = "R", description = "The region the ARNs name (default: the workflow's platform's).")
    String region;

    @Option(names = "--account", paramLabel = "ID", description = "The account the ARNs of --format asl name "
            + "(default: the placeholder " + ExportOptions.PLACEHOLDER_ACCOUNT + ").")
    String account;

    @Override
    public Integer call() {
        if (output != null) {
            OutputFiles.checkDirectory(output);
        }
        Workflow workflow = ModelFiles.readWorkflow(workflowFile);
        Plan plan = ModelFiles.readPlan(planFile, workflow);
        if (output == null && format != ExportFormat.ASL) {
            throw new UserException(ExitCodes.USAGE, "dagfuse export --format " + format.cliName() + " writes a template "
                    + "and the code package (" + "dagfuse-functions.zip): give the directory with -o DIR.");
        }
        ExportOptions options = new ExportOptions(prefix, region, account, null, null, planFile.toString());
        AwsExport.Exported exported;
        try {
            exported = AwsExport.export(workflowFile, workflow, plan, format, options,
                    Thread.currentThread().getContextClassLoader());
        } catch (InputException e) {
            throw e.withFile(workflowFile.toString());
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (output == null) {
            out.print(new String(exported.files().get(0).content(), StandardCharsets.UTF_8));
            exported.notes().forEach(n -> err.println("note: " + n));
        } else {
            for (Path p : AwsExport.write(exported, output)) {
                out.println("wrote " + p);
            }
            exported.notes().forEach(n -> out.println("note: " + n));
        }
        out.flush();
        err.flush();
        return ExitCodes.OK;
    }
}
