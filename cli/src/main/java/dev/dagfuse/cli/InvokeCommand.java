// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.aws.AwsInvoke;
import dev.dagfuse.aws.DeployOptions;
import dev.dagfuse.aws.InvokeReport;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.HandlerLoader;
import dev.dagfuse.model.handler.RequestInputs;
import dev.dagfuse.model.io.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dagfuse invoke WORKFLOW --plan PLAN [--input FILE] [--requests N] [--concurrency C]}: the aws module's invoke. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = {"Runs a deployed plan on AWS: starts executions of its state machine, waits for them, reads their",
                "histories and prints measured latency (per request and per group) next to the plan's prediction.",
                "--save-histories keeps them for 'dagfuse profile import'. Tested only against an in-test fake of the",
                "AWS APIs: it was never run against real AWS, and no number in this repository was measured there."})
final class InvokeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKFLOW", description = "The workflow file.")
    Path workflowFile;

    @Option(names = "--plan", required = true, paramLabel = "PLAN", description = "The deployed plan.")
    Path planFile;

    @Option(names = "--input", paramLabel = "FILE", description = "The request input: a Java-serialized object, else the "
            + "file's text (default: the workflow's sampleInput, else the entry handler's default input).")
    Path inputFile;

    @Option(names = "--requests", defaultValue = "5", paramLabel = "N", description = "Executions (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(names = "--concurrency", defaultValue = "1", paramLabel = "C",
            description = "Executions in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--region", paramLabel = "R", description = "The region (default: the workflow's platform's).")
    String region;

    @Option(names = "--endpoint", paramLabel = "URL", description = "One endpoint for every AWS service (e.g. LocalStack).")
    URI endpoint;

    @Option(names = "--prefix", defaultValue = "", paramLabel = "P", description = "The prefix it was deployed with.")
    String prefix;

    @Option(names = "--bucket", paramLabel = "NAME", description = "The bucket it was deployed with.")
    String bucket;

    @Option(names = "--save-histories", paramLabel = "DIR", description = "Write each execution's history (JSON) into DIR.")
    Path histories;

    @Override
    public Integer call() {
        Bounds.check("--requests", requests, 1, Ranges.MAX_REQUESTS, "20");
        Bounds.check("--concurrency", concurrency, 1, Ranges.MAX_CONCURRENCY, "1");
        Workflow workflow = ModelFiles.readWorkflow(workflowFile);
        Plan plan = ModelFiles.readPlan(planFile, workflow);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Object input;
        try {
            input = RequestInputs.fromFile(workflow, inputFile, loader);
            if (input == null) {
                Map<String, Handler> handlers = HandlerLoader.resolve(workflow, Map.of(), loader);
                input = RequestInputs.defaultInput(workflow, handlers::get, 0);
            }
        } catch (InputException e) {
            throw e.withFile(workflowFile.toString());
        }
        DeployOptions options = new DeployOptions(region, endpoint, prefix, null, bucket, false, false, null);
        InvokeReport report = AwsInvoke.invoke(workflow, plan, options, planFile.toString(), input,
                new AwsInvoke.Options(requests, concurrency, histories));
        spec.commandLine().getOut().print(report.table());
        spec.commandLine().getOut().flush();
        return report.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
