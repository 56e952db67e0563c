// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.dagfuse.aws.runtime.internal.S3Store;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.HandlerLoader;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.platform.AwsLambdaPlatform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Lambda handler of every deployed group ({@code dev.dagfuse.aws.runtime.GroupHandler::handleRequest}). All group
 * functions get the same code package (this runtime, the workflow's handler classes and the workflow file); each
 * learns its group from its environment ({@link RuntimeEnv}). Built once per environment (cold start), then reused.
 */
public final class GroupHandler implements RequestStreamHandler {

    private final Function<Map<String, String>, GroupRuntime> factory;
    private volatile GroupRuntime runtime;

    /** For Lambda: the group, bucket and limits from the environment, the workflow from the code package. */
    public GroupHandler() {
        this.factory = GroupHandler::fromEnvironment;
    }

    /** For tests and other hosts: a runtime built already. */
    public GroupHandler(GroupRuntime runtime) {
        this.factory = env -> runtime;
        this.runtime = runtime;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        GroupRuntime r = runtime;
        if (r == null) {
            synchronized (this) {
                r = runtime;
                if (r == null) {
                    r = factory.apply(System.getenv());
                    runtime = r;
                }
            }
        }
        String fallback = context != null && context.getAwsRequestId() != null ? context.getAwsRequestId() : "no-execution";
        output.write(r.handle(input.readAllBytes(), fallback));
    }

    /** The runtime a deployed function describes with its environment ({@link RuntimeEnv}). */
    public static GroupRuntime fromEnvironment(Map<String, String> env) {
        String id = required(env, RuntimeEnv.GROUP);
        List<String> functions = Arrays.stream(required(env, RuntimeEnv.FUNCTIONS).split(",")).map(String::strip).toList();
        int memoryMB = Integer.parseInt(required(env, RuntimeEnv.MEMORY_MB));
        long inlineLimit = Long.parseLong(env.getOrDefault(RuntimeEnv.INLINE_LIMIT_BYTES,
                Long.toString(AwsLambdaPlatform.STATE_PAYLOAD_BYTES / 8)));
        Workflow workflow = packagedWorkflow(env);
        int fanOut = workflow.function(functions.get(0)).fanOut();
        PlanGroup group = new PlanGroup(id, functions, memoryMB, fanOut, fanOut, 1);
        ClassLoader loader = GroupHandler.class.getClassLoader();
        Map<String, Handler> handlers = new LinkedHashMap<>();
        for (String f : functions) {
            handlers.put(f, HandlerLoader.instantiate(workflow.function(f), loader));
        }
        ObjectStore store = new S3Store(required(env, RuntimeEnv.BUCKET), env.get(RuntimeEnv.S3_ENDPOINT));
        // the vCPUs Lambda gives this memory: the pool a bundle's items share (Platform.coresHeld, as locally)
        int threads = AwsLambdaPlatform.defaults().coresHeld(memoryMB);
        return new GroupRuntime(workflow, group, handlers, store, env.getOrDefault(RuntimeEnv.PREFIX, ""), inlineLimit,
                threads, loader);
    }

    /** The workflow in the code package: under the task root on Lambda, else a class-path resource. */
    static Workflow packagedWorkflow(Map<String, String> env) {
        String root = env.get("LAMBDA_TASK_ROOT");
        if (root != null && Files.isRegularFile(Path.of(root, RuntimeEnv.WORKFLOW_RESOURCE))) {
            return ModelFiles.readWorkflow(Path.of(root, RuntimeEnv.WORKFLOW_RESOURCE));
        }
        try (InputStream in = GroupHandler.class.getClassLoader().getResourceAsStream(RuntimeEnv.WORKFLOW_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("The code package has no " + RuntimeEnv.WORKFLOW_RESOURCE
                        + "; it was not built by dagfuse export or deploy.");
            }
            Path dir = Files.createTempDirectory("dagfuse-workflow");
            Path file = dir.resolve("workflow.yaml");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return ModelFiles.readWorkflow(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the packaged workflow: " + e.getMessage(), e);
        } catch (InputException e) {
            throw new IllegalStateException("The packaged workflow is not valid: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("The environment variable " + name + " is not set; a dagfuse group function "
                    + "needs " + RuntimeEnv.GROUP + ", " + RuntimeEnv.FUNCTIONS + ", " + RuntimeEnv.MEMORY_MB + " and "
                    + RuntimeEnv.BUCKET + " (set by dagfuse export/deploy).");
        }
        return v;
    }
}
