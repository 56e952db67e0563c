// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import dev.dagfuse.aws.internal.Clients;
import dev.dagfuse.aws.internal.CodePackage;
import dev.dagfuse.aws.internal.Deployer;
import dev.dagfuse.aws.internal.Layout;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * {@code dagfuse deploy}: one Lambda function per plan group (the same code package for all, told its group by its
 * environment), the state machine, the bucket and the roles, through the AWS SDK. Idempotent; see {@link Deployer}.
 * Tested only against an in-test fake of the AWS APIs: nothing here was run against AWS.
 */
public final class AwsDeploy {

    private AwsDeploy() {
    }

    /**
     * Deploys {@code plan}, printing each change (or, on a dry run, each change it would make) to {@code out}.
     *
     * @param workflowFile the workflow file, packed into the code package
     * @param loader where the workflow's handler classes are (their jars go into the package)
     * @throws DeployException when a call fails part-way: what was and was not deployed
     * @throws dev.dagfuse.model.InputException when the plan cannot be deployed as it is
     */
    public static DeployResult deploy(Path workflowFile, Workflow workflow, Plan plan, DeployOptions options,
                                      String planLabel, Consumer<String> out, ClassLoader loader) {
        Layout layout = Layout.of(workflow, plan, options.exportOptions(planLabel));
        CodePackage code = CodePackage.build(workflowFile, workflow, loader);
        try (Clients aws = new Clients(options, layout.region())) {
            return new Deployer(layout, code, options, aws, out).deploy();
        }
    }
}
