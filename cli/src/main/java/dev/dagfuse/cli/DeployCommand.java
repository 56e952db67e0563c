// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.aws.AwsDeploy;
import dev.dagfuse.aws.DeployException;
import dev.dagfuse.aws.DeployOptions;
import dev.dagfuse.aws.DeployResult;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse deploy WORKFLOW --plan PLAN [...]}: the aws module's deploy. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Deploys a plan to AWS Lambda + Step Functions through the AWS SDK: one function per group (code",
                "by content hash, memory, architecture, environment), the state machine, the bucket and the roles, all",
                "tagged with the workflow and the plan's hash. Idempotent: a second deploy of the same plan changes",
                "nothing and says so; a deploy stopped part-way says what was deployed, and a re-run completes it.",
                "A group with provisioned concurrency or SnapStart: a version is published (when its code or",
                "configuration changed), the alias 'live' points at it, the provisioned concurrency is put on the alias",
                "(deleted when the plan drops it), and the state machine invokes FUNCTION:live.",
                "Tested only against an in-test fake of the AWS APIs: it was never run against real AWS."})
final class DeployCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file (packed into the code package).")
    Path workflowFile;

    @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "The plan to deploy.")
    Path planFile;

    @Option(names = "--region", paramLabel = "R", description = "The region (default: the workflow's platform's).")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "One endpoint for Lambda, Step Functions, S3 and IAM "
            + "(e.g. LocalStack); default: AWS's.")
    URI endpoint;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "P", description = "Put before every resource name.")
    String prefix;

    @Option(names = "--role", paramLabel = "ARN", description = "An existing role for the functions and the state machine "
            + "(trusting lambda and states); default: two least-privilege roles are created.")
    String role;

    @Option(names = "--bucket", paramLabel = "NAME", description = "The bucket for large values (default: "
            + "PREFIX+WORKFLOW-dagfuse-REGION, created when missing).")
    String bucket;

    @Option(names = "--dry-run", description = "Read what is deployed and print the changes; make none.")
    boolean dryRun;

    @Option(names = "--prune", description = "Delete this workflow's functions that the plan no longer has.")
    boolean prune;

    @Override
    public Integer call() {
        Workflow workflow = ModelFiles.readWorkflow(workflowFile);
        Plan plan = ModelFiles.readPlan(planFile, workflow);
        PrintWriter out = spec.commandLine().getOut();
        DeployOptions options = new DeployOptions(region, endpoint, prefix, role, bucket, dryRun, prune, null);
        DeployResult result;
        try {
            result = AwsDeploy.deploy(workflowFile, workflow, plan, options, planFile.toString(), line -> {
                out.println(line);
                out.flush();
            }, Thread.currentThread().getContextClassLoader());
        } catch (DeployException e) {
            throw new UserException(ExitCodes.FAILURE, e.getMessage());
        }
        if (!result.changed()) {
            out.println("No change: the deployed plan is current" + (result.stateMachineArn() == null ? "." : " ("
                    + result.stateMachineArn() + ")."));
        } else if (result.dryRun()) {
            out.println("Dry run: " + result.changes().size() + " changes would be made; none was.");
        } else {
            out.println("Deployed: " + result.changes().size() + " changes, " + result.unchanged().size()
                    + " resources already current. State machine: " + result.stateMachineArn());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
