// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.aws.DeployException;
import dev.dagfuse.aws.DeployOptions;
import dev.dagfuse.aws.DeployResult;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.model.CreateRoleRequest;
import software.amazon.awssdk.services.iam.model.GetRolePolicyRequest;
import software.amazon.awssdk.services.iam.model.GetRoleRequest;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.PutRolePolicyRequest;
import software.amazon.awssdk.services.lambda.model.AliasConfiguration;
import software.amazon.awssdk.services.lambda.model.CreateAliasRequest;
import software.amazon.awssdk.services.lambda.model.CreateFunctionRequest;
import software.amazon.awssdk.services.lambda.model.DeleteProvisionedConcurrencyConfigRequest;
import software.amazon.awssdk.services.lambda.model.GetAliasRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationResponse;
import software.amazon.awssdk.services.lambda.model.GetProvisionedConcurrencyConfigRequest;
import software.amazon.awssdk.services.lambda.model.ProvisionedConcurrencyConfigNotFoundException;
import software.amazon.awssdk.services.lambda.model.PublishVersionRequest;
import software.amazon.awssdk.services.lambda.model.PutProvisionedConcurrencyConfigRequest;
import software.amazon.awssdk.services.lambda.model.SnapStart;
import software.amazon.awssdk.services.lambda.model.UpdateAliasRequest;
import software.amazon.awssdk.services.lambda.model.DeleteFunctionRequest;
import software.amazon.awssdk.services.lambda.model.Environment;
import software.amazon.awssdk.services.lambda.model.FunctionCode;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.GetFunctionConfigurationRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionRequest;
import software.amazon.awssdk.services.lambda.model.GetFunctionResponse;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.lambda.model.ListFunctionsRequest;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.model.TagResourceRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionCodeRequest;
import software.amazon.awssdk.services.lambda.model.UpdateFunctionConfigurationRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.PutBucketTaggingRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DeleteStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.DescribeStateMachineResponse;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.ListTagsForResourceRequest;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;
import software.amazon.awssdk.services.sfn.model.UpdateStateMachineRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Makes AWS match a layout, touching only what differs: the bucket, the two roles (unless one is given), one function
 * per group (code by content hash, configuration, environment, tags), the state machine; with prune, deletes this
 * workflow's functions that the plan no longer has. Every resource is read first, so a second deploy of the same plan
 * writes nothing, and a deploy stopped part-way completes when run again.
 */
public final class Deployer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MS = 250;
    private static final long WAIT_LIMIT_MS = 5 * 60_000;

    private final Layout layout;
    private final CodePackage code;
    private final DeployOptions options;
    private final Clients aws;
    private final Consumer<String> out;
    private final String bucket;
    private final Map<String, String> tags;
    private final List<String> changes = new ArrayList<>();
    private final List<String> unchanged = new ArrayList<>();
    private final List<String> done = new ArrayList<>();

    public Deployer(Layout layout, CodePackage code, DeployOptions options, Clients aws, Consumer<String> out) {
        this.layout = layout;
        this.code = code;
        this.options = options;
        this.aws = aws;
        this.out = out;
        this.bucket = options.bucket() != null ? options.bucket() : layout.defaultBucket();
        this.tags = new TreeMap<>(Templates.tags(layout));
    }

    public String bucketName() {
        return bucket;
    }

    public DeployResult deploy() {
        List<String> steps = new ArrayList<>();
        steps.add("bucket " + bucket);
        if (options.roleArn() == null) {
            steps.add("role " + functionRoleName());
        }
        layout.groups().forEach(g -> steps.add("function " + g.functionName()));
        if (options.roleArn() == null) {
            steps.add("role " + statesRoleName());
        }
        steps.add("state machine " + layout.stateMachineName());
        if (options.prune()) {
            steps.add("prune");
        }
        String step = steps.get(0);
        String machineArn = null;
        try {
            ensureBucket();
            done.add(steps.get(0));
            int i = 1;
            String fnRole = options.roleArn();
            if (fnRole == null) {
                step = steps.get(i);
                fnRole = role(functionRoleName(), "lambda.amazonaws.com", functionPolicy());
                done.add(steps.get(i++));
            }
            String account = accountOf(fnRole);
            List<String> arns = new ArrayList<>();
            List<String> invokable = new ArrayList<>();
            for (Layout.Group g : layout.groups()) {
                step = steps.get(i);
                String arn = function(g, fnRole, account);
                arns.add(g.invokedArn(arn));
                invokable.add(arn);
                if (g.alias() != null) {
                    invokable.add(g.invokedArn(arn));
                }
                done.add(steps.get(i++));
            }
            String smRole = options.roleArn();
            if (smRole == null) {
                step = steps.get(i);
                smRole = role(statesRoleName(), "states.amazonaws.com", statesPolicy(invokable, account));
                done.add(steps.get(i++));
            }
            step = steps.get(i);
            Map<String, String> arnByGroup = new LinkedHashMap<>();
            for (int j = 0; j < arns.size(); j++) {
                arnByGroup.put(layout.groups().get(j).plan().id(), arns.get(j));
            }
            machineArn = stateMachine(Asl.definition(layout, g -> arnByGroup.get(g.plan().id())), smRole, account);
            done.add(steps.get(i++));
            if (options.prune()) {
                step = steps.get(i);
                prune();
                done.add(steps.get(i));
            } else {
                for (String stale : staleFunctions()) {
                    out.accept("note: function " + stale + " is no longer in the plan (deploy --prune deletes it)");
                }
            }
        } catch (SdkException | IllegalStateException e) {
            List<String> notDone = steps.subList(done.size(), steps.size());
            throw new DeployException("dagfuse deploy stopped at the " + step + ": " + e.getMessage()
                    + System.lineSeparator() + "Deployed (or already current): " + (done.isEmpty() ? "nothing" : String.join(", ", done))
                    + System.lineSeparator() + "Not deployed: " + String.join(", ", notDone)
                    + System.lineSeparator() + "Deploy is idempotent: run it again to complete it.", done, notDone, e);
        }
        return new DeployResult(changes, unchanged, machineArn, options.dryRun());
    }

    private void change(String what) {
        String line = (options.dryRun() ? "would " : "") + what;
        changes.add(line);
        out.accept(line);
    }

    private void same(String what) {
        unchanged.add(what);
        out.accept("unchanged " + what);
    }

    // ---- bucket ----

    private void ensureBucket() {
        try {
            aws.s3.headBucket(HeadBucketRequest.builder().bucket(bucket).build());
            same("bucket " + bucket);
            return;
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        change("create bucket " + bucket + " (values over the inline limit, under " + layout.keyPrefix() + "/)");
        if (options.dryRun()) {
            return;
        }
        CreateBucketRequest.Builder create = CreateBucketRequest.builder().bucket(bucket);
        if (!"us-east-1".equals(layout.region())) {
            create.createBucketConfiguration(CreateBucketConfiguration.builder().locationConstraint(layout.region()).build());
        }
        aws.s3.createBucket(create.build());
        List<software.amazon.awssdk.services.s3.model.Tag> tagSet = new ArrayList<>();
        tags.forEach((k, v) -> tagSet.add(software.amazon.awssdk.services.s3.model.Tag.builder().key(k).value(v).build()));
        aws.s3.putBucketTagging(PutBucketTaggingRequest.builder().bucket(bucket)
                .tagging(Tagging.builder().tagSet(tagSet).build()).build());
    }

    // ---- roles ----

    String functionRoleName() {
        return truncate(layout.options().prefix() + layout.workflow().name() + "-dagfuse-functions", 64);
    }

    String statesRoleName() {
        return truncate(layout.options().prefix() + layout.workflow().name() + "-dagfuse-states", 64);
    }

    /** Its own logs and its key prefix, for every group function of this workflow. */
    private ObjectNode functionPolicy() {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode st = doc.putArray("Statement");
        st.add(statement(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"),
                List.of("arn:aws:logs:" + layout.region() + ":*:log-group:/aws/lambda/" + layout.options().prefix()
                        + layout.workflow().name() + "-*")));
        st.add(statement(List.of("s3:GetObject", "s3:PutObject"), List.of("arn:aws:s3:::" + bucket + "/" + layout.keyPrefix() + "/*")));
        return doc;
    }

    /** Invoke the group functions only; with a Distributed Map, start and watch its own child executions. */
    private ObjectNode statesPolicy(List<String> functionArns, String account) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("Version", "2012-10-17");
        ArrayNode st = doc.putArray("Statement");
        st.add(statement(List.of("lambda:InvokeFunction"), functionArns));
        if (Asl.hasDistributedMap(layout)) {
            String base = "arn:aws:states:" + layout.region() + ":" + account + ":";
            st.add(statement(List.of("states:StartExecution"), List.of(base + "stateMachine:" + layout.stateMachineName())));
            st.add(statement(List.of("states:DescribeExecution", "states:StopExecution"),
                    List.of(base + "execution:" + layout.stateMachineName() + "/*")));
        }
        return doc;
    }

    private static ObjectNode statement(List<String> actions, List<String> resources) {
        ObjectNode s = JSON.createObjectNode();
        s.put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        actions.forEach(a::add);
        ArrayNode r = s.putArray("Resource");
        resources.forEach(r::add);
        return s;
    }

    private String role(String name, String service, ObjectNode policy) {
        String arn;
        try {
            arn = aws.iam.getRole(GetRoleRequest.builder().roleName(name).build()).role().arn();
        } catch (NoSuchEntityException e) {
            change("create role " + name + " (trusted by " + service + ")");
            if (options.dryRun()) {
                return "arn:aws:iam::000000000000:role/" + name;
            }
            ObjectNode trust = JSON.createObjectNode();
            trust.put("Version", "2012-10-17");
            ObjectNode s = trust.putArray("Statement").addObject();
            s.put("Effect", "Allow");
            s.putObject("Principal").put("Service", service);
            s.put("Action", "sts:AssumeRole");
            List<software.amazon.awssdk.services.iam.model.Tag> iamTags = new ArrayList<>();
            tags.forEach((k, v) -> iamTags.add(software.amazon.awssdk.services.iam.model.Tag.builder().key(k).value(v).build()));
            arn = aws.iam.createRole(CreateRoleRequest.builder().roleName(name).assumeRolePolicyDocument(trust.toString())
                    .description("dagfuse: " + layout.workflow().name()).tags(iamTags).build()).role().arn();
        }
        JsonNode current = null;
        if (!arn.contains(":000000000000:")) {
            try {
                String doc = aws.iam.getRolePolicy(GetRolePolicyRequest.builder().roleName(name).policyName("dagfuse").build())
                        .policyDocument();
                current = JSON.readTree(URLDecoder.decode(doc, StandardCharsets.UTF_8));
            } catch (NoSuchEntityException e) {
                current = null;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                current = null;
            }
        }
        if (policy.equals(current)) {
            same("role " + name);
        } else {
            change("put policy of role " + name);
            if (!options.dryRun()) {
                aws.iam.putRolePolicy(PutRolePolicyRequest.builder().roleName(name).policyName("dagfuse")
                        .policyDocument(policy.toString()).build());
            }
        }
        return arn;
    }

    // ---- functions ----

    private String function(Layout.Group g, String role, String account) {
        String name = g.functionName();
        Map<String, String> env = layout.environment(g, bucket);
        String arch = g.architecture().yamlName();
        String what = name + " (" + g.plan().memoryMB() + " MB " + arch + ", group " + g.plan().id() + ")";
        GetFunctionResponse current;
        try {
            current = aws.lambda.getFunction(GetFunctionRequest.builder().functionName(name).build());
        } catch (ResourceNotFoundException e) {
            change("create function " + what + (g.plan().snapStart() ? " with SnapStart" : ""));
            if (options.dryRun()) {
                alias(g, false, true);
                return "arn:aws:lambda:" + layout.region() + ":" + account + ":function:" + name;
            }
            CreateFunctionRequest.Builder create = CreateFunctionRequest.builder()
                    .functionName(name).role(role).runtime(Layout.JAVA_RUNTIME).handler(dev.dagfuse.aws.runtime.RuntimeEnv.HANDLER)
                    .code(FunctionCode.builder().zipFile(SdkBytes.fromByteArray(code.zip())).build())
                    .memorySize(g.plan().memoryMB()).timeout(g.timeoutSeconds()).architecturesWithStrings(arch)
                    .environment(Environment.builder().variables(env).build()).tags(tags)
                    .description("dagfuse group " + g.plan().id() + " of " + layout.workflow().name());
            if (g.plan().snapStart()) {
                create.snapStart(SnapStart.builder().applyOn(Templates.SNAP_START_APPLY_ON).build());
            }
            String created = withRoleRetry(() -> aws.lambda.createFunction(create.build()).functionArn());
            waitUntilReady(name);
            alias(g, false, true);
            return created;
        }
        FunctionConfiguration c = current.configuration();
        boolean touched = false;
        boolean changedLatest = false;
        boolean codeChanged = !code.sha256Base64().equals(c.codeSha256());
        boolean archChanged = !List.of(arch).equals(c.architecturesAsStrings());
        if (codeChanged || archChanged) {
            touched = true;
            changedLatest = true;
            change("update code of function " + name + (codeChanged ? " (new package " + code.sha256Base64().substring(0, 12) + "…)" : "")
                    + (archChanged ? " (architecture " + c.architecturesAsStrings() + " → " + arch + ")" : ""));
            if (!options.dryRun()) {
                waitUntilReady(name);
                aws.lambda.updateFunctionCode(UpdateFunctionCodeRequest.builder().functionName(name)
                        .zipFile(SdkBytes.fromByteArray(code.zip())).architecturesWithStrings(arch).build());
                waitUntilReady(name);
            }
        }
        Map<String, String> currentEnv = c.environment() == null || c.environment().variables() == null ? Map.of()
                : c.environment().variables();
        List<String> diffs = new ArrayList<>();
        if (!Objects.equals(c.memorySize(), g.plan().memoryMB())) {
            diffs.add("memory " + c.memorySize() + " → " + g.plan().memoryMB() + " MB");
        }
        if (!Objects.equals(c.timeout(), g.timeoutSeconds())) {
            diffs.add("timeout " + c.timeout() + " → " + g.timeoutSeconds() + " s");
        }
        if (!dev.dagfuse.aws.runtime.RuntimeEnv.HANDLER.equals(c.handler()) || !Layout.JAVA_RUNTIME.equals(c.runtimeAsString())) {
            diffs.add("handler/runtime");
        }
        if (!role.equals(c.role())) {
            diffs.add("role");
        }
        if (!env.equals(currentEnv)) {
            diffs.add("environment");
        }
        String snapStart = g.plan().snapStart() ? Templates.SNAP_START_APPLY_ON : "None";
        String currentSnapStart = applyOn(c.snapStart());
        if (!snapStart.equals(currentSnapStart)) {
            diffs.add("SnapStart " + currentSnapStart + " → " + snapStart);
        }
        if (!diffs.isEmpty()) {
            touched = true;
            changedLatest = true;
            change("update configuration of function " + name + " (" + String.join(", ", diffs) + ")");
            if (!options.dryRun()) {
                waitUntilReady(name);
                UpdateFunctionConfigurationRequest.Builder update = UpdateFunctionConfigurationRequest.builder()
                        .functionName(name).memorySize(g.plan().memoryMB()).timeout(g.timeoutSeconds()).role(role)
                        .handler(dev.dagfuse.aws.runtime.RuntimeEnv.HANDLER).runtime(Layout.JAVA_RUNTIME)
                        .environment(Environment.builder().variables(env).build());
                if (!snapStart.equals(currentSnapStart)) {
                    update.snapStart(SnapStart.builder().applyOn(snapStart).build());
                }
                withRoleRetry(() -> aws.lambda.updateFunctionConfiguration(update.build()));
                waitUntilReady(name);
            }
        }
        Map<String, String> currentTags = current.tags() == null ? Map.of() : current.tags();
        if (!currentTags.entrySet().containsAll(tags.entrySet())) {
            touched = true;
            change("tag function " + name + " " + tags);
            if (!options.dryRun()) {
                aws.lambda.tagResource(TagResourceRequest.builder().resource(c.functionArn()).tags(tags).build());
            }
        }
        if (!touched) {
            same("function " + what);
        }
        // tags are not part of a version: only a new code or configuration needs one published
        alias(g, true, changedLatest);
        return c.functionArn();
    }

    private static String applyOn(software.amazon.awssdk.services.lambda.model.SnapStartResponse s) {
        return s == null || s.applyOn() == null ? "None" : s.applyOnAsString();
    }

    /**
     * The published version and alias of a group with provisioned concurrency or SnapStart (both apply to versions
     * only), and the provisioned concurrency on that alias; for a group without either, a provisioned concurrency left
     * on its alias by an earlier plan is deleted (it is billed while it exists). A version is published only when the
     * alias is missing or its version differs from the function's current code and configuration, so the same plan
     * deployed again publishes nothing.
     *
     * @param existed the function was there before this deploy
     * @param latestChanged this deploy changed (or, dry, would change) its code or configuration
     */
    private void alias(Layout.Group g, boolean existed, boolean latestChanged) {
        String name = g.functionName();
        AliasConfiguration current = existed ? currentAlias(name) : null;
        Integer pc = current != null ? provisionedOf(name, current.name()) : null;
        if (g.alias() == null) {
            if (pc != null) {
                change("delete provisioned concurrency of function " + name + ":" + Layout.ALIAS + " (" + pc
                        + " environments; the plan has none for group " + g.plan().id() + ")");
                if (!options.dryRun()) {
                    aws.lambda.deleteProvisionedConcurrencyConfig(DeleteProvisionedConcurrencyConfigRequest.builder()
                            .functionName(name).qualifier(Layout.ALIAS).build());
                }
            }
            return;
        }
        String why = g.plan().provisioned() != null ? "for " + g.plan().provisioned() + " provisioned environments" : "SnapStart";
        boolean stale = latestChanged || current == null || !versionIsCurrent(name, current.functionVersion());
        String version = current == null ? null : current.functionVersion();
        if (stale) {
            if (options.dryRun()) {
                change("publish a version of function " + name + " and point its alias " + g.alias() + " at it (" + why + ")");
            } else {
                String sha = aws.lambda.getFunctionConfiguration(GetFunctionConfigurationRequest.builder().functionName(name)
                        .build()).codeSha256();
                version = aws.lambda.publishVersion(PublishVersionRequest.builder().functionName(name).codeSha256(sha)
                        .description("dagfuse plan " + tags.get("dagfuse:plan")).build()).version();
                // a SnapStart version is Pending while Lambda initialises it and takes the snapshot
                waitUntilReady(name, version);
                if (current == null) {
                    aws.lambda.createAlias(CreateAliasRequest.builder().functionName(name).name(g.alias())
                            .functionVersion(version).description("dagfuse: the version the state machine invokes").build());
                } else {
                    aws.lambda.updateAlias(UpdateAliasRequest.builder().functionName(name).name(g.alias())
                            .functionVersion(version).build());
                }
                change("publish version " + version + " of function " + name + " and point its alias " + g.alias()
                        + " at it (" + why + ")");
            }
        } else {
            same("alias " + name + ":" + g.alias() + " (version " + version + ")");
        }
        Integer wanted = g.plan().provisioned();
        if (Objects.equals(wanted, pc)) {
            if (wanted != null) {
                same("provisioned concurrency of function " + name + ":" + g.alias() + " (" + wanted + " environments)");
            }
            return;
        }
        if (wanted == null) {
            change("delete provisioned concurrency of function " + name + ":" + g.alias() + " (" + pc
                    + " environments; the plan has none for group " + g.plan().id() + ")");
            if (!options.dryRun()) {
                aws.lambda.deleteProvisionedConcurrencyConfig(DeleteProvisionedConcurrencyConfigRequest.builder()
                        .functionName(name).qualifier(g.alias()).build());
            }
            return;
        }
        change("put provisioned concurrency of function " + name + ":" + g.alias() + ": " + wanted + " environments"
                + (pc == null ? "" : " (was " + pc + ")"));
        if (!options.dryRun()) {
            aws.lambda.putProvisionedConcurrencyConfig(PutProvisionedConcurrencyConfigRequest.builder().functionName(name)
                    .qualifier(g.alias()).provisionedConcurrentExecutions(wanted).build());
        }
    }

    private AliasConfiguration currentAlias(String function) {
        try {
            var a = aws.lambda.getAlias(GetAliasRequest.builder().functionName(function).name(Layout.ALIAS).build());
            return AliasConfiguration.builder().name(a.name()).functionVersion(a.functionVersion()).aliasArn(a.aliasArn()).build();
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }

    /** The provisioned concurrency requested on {@code qualifier}, or null when it has none. */
    private Integer provisionedOf(String function, String qualifier) {
        try {
            return aws.lambda.getProvisionedConcurrencyConfig(GetProvisionedConcurrencyConfigRequest.builder()
                    .functionName(function).qualifier(qualifier).build()).requestedProvisionedConcurrentExecutions();
        } catch (ProvisionedConcurrencyConfigNotFoundException | ResourceNotFoundException e) {
            return null;
        }
    }

    /** Whether the published {@code version} has the function's current code and configuration. */
    private boolean versionIsCurrent(String function, String version) {
        GetFunctionConfigurationResponse latest = aws.lambda.getFunctionConfiguration(
                GetFunctionConfigurationRequest.builder().functionName(function).build());
        GetFunctionConfigurationResponse published;
        try {
            published = aws.lambda.getFunctionConfiguration(
                    GetFunctionConfigurationRequest.builder().functionName(function).qualifier(version).build());
        } catch (ResourceNotFoundException e) {
            return false;
        }
        return Objects.equals(latest.codeSha256(), published.codeSha256())
                && Objects.equals(latest.memorySize(), published.memorySize())
                && Objects.equals(latest.timeout(), published.timeout())
                && Objects.equals(latest.role(), published.role())
                && Objects.equals(latest.handler(), published.handler())
                && Objects.equals(latest.runtimeAsString(), published.runtimeAsString())
                && Objects.equals(latest.environment(), published.environment())
                && Objects.equals(latest.architecturesAsStrings(), published.architecturesAsStrings())
                && applyOn(latest.snapStart()).equals(applyOn(published.snapStart()));
    }

    /** A role just created takes a few seconds to be usable by Lambda; AWS says so with this message. */
    private static <T> T withRoleRetry(java.util.function.Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (InvalidParameterValueException e) {
                if (attempt >= 10 || e.getMessage() == null || !e.getMessage().toLowerCase(Locale.ROOT).contains("assume")) {
                    throw e;
                }
                sleep(2000);
            }
        }
    }

    private void waitUntilReady(String name) {
        waitUntilReady(name, null);
    }

    /** Until the function (or its published {@code version}) is Active and its last update done. */
    private void waitUntilReady(String name, String version) {
        long deadline = System.currentTimeMillis() + WAIT_LIMIT_MS;
        while (true) {
            var c = aws.lambda.getFunctionConfiguration(GetFunctionConfigurationRequest.builder().functionName(name)
                    .qualifier(version).build());
            String state = c.stateAsString();
            String update = c.lastUpdateStatusAsString();
            if ("Failed".equals(state) || "Failed".equals(update)) {
                throw new IllegalStateException("the function " + name + " failed to become ready: "
                        + (c.stateReason() != null ? c.stateReason() : c.lastUpdateStatusReason()));
            }
            if (!"Pending".equals(state) && !"InProgress".equals(update)) {
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the function " + name + " was not ready after 5 minutes (" + state + ", " + update + ")");
            }
            sleep(POLL_MS);
        }
    }

    // ---- state machine ----

    private String stateMachine(String definition, String role, String account) {
        String name = layout.stateMachineName();
        String type = Asl.type(layout);
        StateMachineListItem existing = null;
        for (StateMachineListItem item : aws.sfn.listStateMachinesPaginator(ListStateMachinesRequest.builder().build())
                .stateMachines()) {
            if (item.name().equals(name)) {
                existing = item;
                break;
            }
        }
        List<software.amazon.awssdk.services.sfn.model.Tag> sfnTags = new ArrayList<>();
        tags.forEach((k, v) -> sfnTags.add(software.amazon.awssdk.services.sfn.model.Tag.builder().key(k).value(v).build()));
        if (existing != null) {
            DescribeStateMachineResponse d = aws.sfn.describeStateMachine(DescribeStateMachineRequest.builder()
                    .stateMachineArn(existing.stateMachineArn()).build());
            if (!type.equals(d.typeAsString())) {
                // Step Functions cannot change a state machine's type in place
                change("replace state machine " + name + " (" + d.typeAsString() + " → " + type + ")");
                if (!options.dryRun()) {
                    aws.sfn.deleteStateMachine(DeleteStateMachineRequest.builder().stateMachineArn(existing.stateMachineArn()).build());
                }
                existing = null;
            } else {
                boolean touched = false;
                if (!sameJson(definition, d.definition()) || !role.equals(d.roleArn())) {
                    touched = true;
                    change("update state machine " + name);
                    if (!options.dryRun()) {
                        aws.sfn.updateStateMachine(UpdateStateMachineRequest.builder().stateMachineArn(existing.stateMachineArn())
                                .definition(definition).roleArn(role).build());
                    }
                }
                Map<String, String> current = new TreeMap<>();
                aws.sfn.listTagsForResource(ListTagsForResourceRequest.builder().resourceArn(existing.stateMachineArn()).build())
                        .tags().forEach(t -> current.put(t.key(), t.value()));
                if (!current.entrySet().containsAll(tags.entrySet())) {
                    touched = true;
                    change("tag state machine " + name + " " + tags);
                    if (!options.dryRun()) {
                        aws.sfn.tagResource(software.amazon.awssdk.services.sfn.model.TagResourceRequest.builder()
                                .resourceArn(existing.stateMachineArn()).tags(sfnTags).build());
                    }
                }
                if (!touched) {
                    same("state machine " + name + " (" + type + ")");
                }
                return existing.stateMachineArn();
            }
        }
        change("create state machine " + name + " (" + type + ", " + layout.groups().size() + " groups)");
        if (options.dryRun()) {
            return null;
        }
        return aws.sfn.createStateMachine(CreateStateMachineRequest.builder().name(name).definition(definition)
                .roleArn(role).type(type).tags(sfnTags).build()).stateMachineArn();
    }

    private static boolean sameJson(String a, String b) {
        try {
            return JSON.readTree(a).equals(JSON.readTree(b));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return false;
        }
    }

    // ---- prune ----

    /** This workflow's functions (by name prefix and tag) that no group of the plan deploys. */
    private List<String> staleFunctions() {
        String stem = layout.options().prefix() + layout.workflow().name() + "-";
        List<String> ours = layout.groups().stream().map(Layout.Group::functionName).toList();
        List<String> stale = new ArrayList<>();
        for (FunctionConfiguration f : aws.lambda.listFunctionsPaginator(ListFunctionsRequest.builder().build()).functions()) {
            if (!f.functionName().startsWith(stem) || ours.contains(f.functionName())) {
                continue;
            }
            Map<String, String> t = aws.lambda.getFunction(GetFunctionRequest.builder().functionName(f.functionName()).build()).tags();
            if (t != null && layout.workflow().name().equals(t.get("dagfuse:workflow"))) {
                stale.add(f.functionName());
            }
        }
        return stale;
    }

    private void prune() {
        List<String> stale = staleFunctions();
        for (String name : stale) {
            change("delete function " + name + " (no longer in the plan)");
            if (!options.dryRun()) {
                aws.lambda.deleteFunction(DeleteFunctionRequest.builder().functionName(name).build());
            }
        }
        if (stale.isEmpty()) {
            same("no function to prune");
        }
    }

    static String accountOf(String roleArn) {
        String[] p = roleArn.split(":");
        return p.length > 4 && !p[4].isEmpty() ? p[4] : "000000000000";
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 9) + "-" + Layout.sha256(s).substring(0, 8);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
