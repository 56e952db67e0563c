// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.dagfuse.aws.runtime.GroupHandler;
import dev.dagfuse.aws.runtime.GroupRuntime;
import dev.dagfuse.aws.runtime.RuntimeEnv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The control planes dagfuse deploys through, faked: Lambda (create, get, update code and configuration, list,
 * delete, tags, invoke; published versions, aliases and provisioned concurrency configs, SnapStart in the
 * configuration), Step Functions (create, describe, update, list, delete state machines, tags; start and
 * describe executions and their histories), S3 (head and create bucket, tagging, get and put object) and IAM (get,
 * create and tag roles; get and put role policies). Wire formats are the services' own (REST JSON, JSON 1.0, REST XML,
 * Query/XML), so the real AWS SDK talks to it through {@code endpointOverride}.
 *
 * <p>A deployed function runs {@link GroupHandler} with its environment and the workflow from its uploaded zip (the
 * handler classes from the test class path). An execution runs its definition with aws-local-stepfunctions (node), its
 * Lambda Tasks coming back here; its history is made from the invocations it served (Task entered, Lambda scheduled,
 * started, succeeded or failed, Task exited), as Step Functions records them.
 */
final class FakeCloud extends FakeAws {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-east-1";

    /** Calls by operation, e.g. {@code lambda:CreateFunction}. */
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** Operations to throttle (answer 429/400 Throttling) this many more times. */
    final Map<String, AtomicInteger> throttle = new ConcurrentHashMap<>();
    /** Operations that fail (500) while this is true for them. */
    volatile Predicate<String> failing = op -> false;
    /** Polls a new or updated function stays Pending / InProgress. */
    volatile int pendingPolls = 1;

    final Map<String, Fn> functions = new ConcurrentHashMap<>();
    final Map<String, Machine> machines = new ConcurrentHashMap<>();
    final Map<String, Execution> executions = new ConcurrentHashMap<>();
    final Map<String, Map<String, byte[]>> buckets = new ConcurrentHashMap<>();
    final Map<String, Map<String, String>> bucketTags = new ConcurrentHashMap<>();
    final Map<String, Role> roles = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    static final class Fn {
        String name;
        String arn;
        ObjectNode config;
        byte[] zip;
        String sha;
        Map<String, String> tags = new LinkedHashMap<>();
        int polls;
        volatile GroupRuntime runtime;
        /** Published versions ("1", "2", …): their configuration and code as published. */
        final Map<String, ObjectNode> versions = new LinkedHashMap<>();
        final Map<String, byte[]> versionZips = new HashMap<>();
        final Map<String, Integer> versionPolls = new HashMap<>();
        final Map<String, GroupRuntime> versionRuntimes = new ConcurrentHashMap<>();
        int lastVersion;
        /** Aliases by name: AliasArn, Name, FunctionVersion, Description, RevisionId. */
        final Map<String, ObjectNode> aliases = new LinkedHashMap<>();
        /** Provisioned concurrency requested per qualifier (an alias or a version). */
        final Map<String, Integer> provisioned = new LinkedHashMap<>();

        /** The version {@code qualifier} names (itself, or an alias's), or null when neither exists. */
        String version(String qualifier) {
            ObjectNode alias = aliases.get(qualifier);
            String v = alias != null ? alias.get("FunctionVersion").asText() : qualifier;
            return versions.containsKey(v) ? v : null;
        }
    }

    static final class Machine {
        String name;
        String arn;
        String definition;
        String roleArn;
        String type;
        Map<String, String> tags = new LinkedHashMap<>();
    }

    static final class Execution {
        String arn;
        String name;
        String machineArn;
        String input;
        volatile String status = "RUNNING";
        volatile String output;
        volatile String error;
        volatile String cause;
        Instant start = Instant.now();
        volatile Instant stop;
        final List<ObjectNode> events = Collections.synchronizedList(new ArrayList<>());
    }

    static final class Role {
        String name;
        String arn;
        String assume;
        Map<String, String> policies = new LinkedHashMap<>();
        Map<String, String> tags = new LinkedHashMap<>();
    }

    FakeCloud() throws IOException {
        super();
        // the SDK inside deployed functions (S3) finds these; the test JVM has no other AWS configuration
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.region", REGION);
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    int count(String op) {
        AtomicInteger n = calls.get(op);
        return n == null ? 0 : n.get();
    }

    int writes() {
        return calls.entrySet().stream().filter(e -> !e.getKey().matches(".*:(Get|List|Describe|Head).*"))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** True when the call must be throttled or failed; answers it. */
    private boolean intercept(HttpExchange ex, String op, boolean query) throws IOException {
        calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
        AtomicInteger t = throttle.get(op);
        if (t != null && t.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            if (query) {
                xmlError(ex, 400, "Throttling", "Rate exceeded");
            } else if (op.startsWith("states:")) {
                error(ex, 400, "ThrottlingException", "Rate exceeded");
            } else {
                error(ex, 429, "TooManyRequestsException", "Rate exceeded");
            }
            return true;
        }
        if (failing.test(op)) {
            if (query) {
                xmlError(ex, 500, "ServiceFailure", "The fake fails " + op);
            } else {
                error(ex, 400, op.startsWith("states:") ? "InvalidDefinition" : "InvalidParameterValueException",
                        "The fake fails " + op + " (set by the test)");
            }
            return true;
        }
        return false;
    }

    @Override
    void route(HttpExchange ex, String path, byte[] body) throws IOException {
        String method = ex.getRequestMethod();
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        if (path.startsWith("/2019-09-30/functions/")) {
            provisionedConcurrency(ex, method, path, ex.getRequestURI().getRawQuery(), body);
        } else if (path.startsWith("/2015-03-31/functions") || path.startsWith("/2017-03-31/tags/")) {
            lambda(ex, method, path, body);
        } else if (target != null && target.startsWith("AWSStepFunctions.")) {
            String op = target.substring("AWSStepFunctions.".length());
            if (!intercept(ex, "states:" + op, false)) {
                states(ex, op, JSON.readTree(body.length == 0 ? "{}".getBytes() : body));
            }
        } else if (method.equals("POST") && path.equals("/") && new String(body, StandardCharsets.UTF_8).contains("Action=")) {
            Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
            if (!intercept(ex, "iam:" + form.get("Action"), true)) {
                iam(ex, form);
            }
        } else {
            s3(ex, method, path, ex.getRequestURI().getRawQuery(), body);
        }
    }

    @Override
    GroupRuntime runtimeOf(String function) {
        GroupRuntime direct = super.runtimeOf(function);
        if (direct != null) {
            return direct;
        }
        Fn fn = functions.get(function);
        if (fn == null) {
            return null;
        }
        synchronized (fn) {
            if (fn.runtime == null) {
                fn.runtime = deployedRuntime(fn);
            }
            return fn.runtime;
        }
    }

    /** A published version or an alias runs the code and configuration that version was published with. */
    @Override
    GroupRuntime runtimeOf(String function, String qualifier) {
        if (qualifier == null || qualifier.equals("$LATEST")) {
            return runtimeOf(function);
        }
        Fn fn = functions.get(function);
        if (fn == null) {
            return null;
        }
        synchronized (fn) {
            String v = fn.version(qualifier);
            if (v == null) {
                return null;
            }
            return fn.versionRuntimes.computeIfAbsent(v, k -> deployedRuntime(fn.name, fn.versionZips.get(k), fn.versions.get(k)));
        }
    }

    @Override
    String executedVersion(String function, String qualifier) {
        Fn fn = functions.get(function);
        if (qualifier == null || fn == null) {
            return super.executedVersion(function, qualifier);
        }
        synchronized (fn) {
            String v = fn.version(qualifier);
            return v == null ? qualifier : v;
        }
    }

    /** The runtime a deployed function has: its environment, its zip's workflow, S3 at this fake. */
    private GroupRuntime deployedRuntime(Fn fn) {
        return deployedRuntime(fn.name, fn.zip, fn.config);
    }

    private GroupRuntime deployedRuntime(String name, byte[] code, ObjectNode config) {
        try {
            Path root = Files.createTempDirectory("fake-lambda-" + name);
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(code))) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    if (e.getName().startsWith("dagfuse/")) {
                        Path out = root.resolve(e.getName());
                        Files.createDirectories(out.getParent());
                        Files.write(out, zip.readAllBytes());
                    }
                }
            }
            Map<String, String> env = new HashMap<>();
            config.at("/Environment/Variables").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            env.put("LAMBDA_TASK_ROOT", root.toString());
            env.put(RuntimeEnv.S3_ENDPOINT, endpoint().toString());
            return GroupHandler.fromEnvironment(env);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- Lambda ----

    private void lambda(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        String[] parts = path.split("/");
        // /2015-03-31/functions[/NAME[/configuration|/code]]  or /2017-03-31/tags/ARN
        if (path.startsWith("/2017-03-31/tags/")) {
            String arn = URLDecoder.decode(path.substring("/2017-03-31/tags/".length()), StandardCharsets.UTF_8);
            Fn fn = functions.get(functionName(arn));
            String op = method.equals("GET") ? "lambda:ListTags" : "lambda:TagResource";
            if (intercept(ex, op, false)) {
                return;
            }
            if (fn == null) {
                error(ex, 404, "ResourceNotFoundException", "Function not found: " + arn);
                return;
            }
            if (method.equals("GET")) {
                ObjectNode o = JSON.createObjectNode();
                ObjectNode tags = o.putObject("Tags");
                fn.tags.forEach(tags::put);
                send(ex, 200, o.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                JSON.readTree(body).path("Tags").properties().forEach(e -> fn.tags.put(e.getKey(), e.getValue().asText()));
                send(ex, 204, new byte[0]);
            }
            return;
        }
        if (parts.length == 3 || (parts.length == 4 && parts[3].isEmpty())) {
            if (method.equals("POST")) {
                if (!intercept(ex, "lambda:CreateFunction", false)) {
                    createFunction(ex, JSON.readTree(body));
                }
            } else if (!intercept(ex, "lambda:ListFunctions", false)) {
                ObjectNode o = JSON.createObjectNode();
                ArrayNode list = o.putArray("Functions");
                functions.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).forEach(f -> list.add(f.config));
                send(ex, 200, o.toString().getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        String name = functionName(URLDecoder.decode(parts[3], StandardCharsets.UTF_8));
        String sub = parts.length > 4 ? parts[4] : "";
        String aliasName = parts.length > 5 ? URLDecoder.decode(parts[5], StandardCharsets.UTF_8) : null;
        String op = switch (method + " " + sub + (aliasName != null ? "/" : "")) {
            case "GET " -> "lambda:GetFunction";
            case "DELETE " -> "lambda:DeleteFunction";
            case "GET configuration" -> "lambda:GetFunctionConfiguration";
            case "PUT configuration" -> "lambda:UpdateFunctionConfiguration";
            case "PUT code" -> "lambda:UpdateFunctionCode";
            case "POST versions" -> "lambda:PublishVersion";
            case "POST aliases" -> "lambda:CreateAlias";
            case "GET aliases/" -> "lambda:GetAlias";
            case "PUT aliases/" -> "lambda:UpdateAlias";
            default -> "lambda:" + method + " " + sub;
        };
        String qualifier = query(ex.getRequestURI().getRawQuery(), "Qualifier");
        if (intercept(ex, op, false)) {
            return;
        }
        Fn fn = functions.get(name);
        if (fn == null) {
            error(ex, 404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:" + REGION + ":" + ACCOUNT
                    + ":function:" + name);
            return;
        }
        synchronized (fn) {
            switch (op) {
                case "lambda:GetFunction" -> {
                    ObjectNode o = JSON.createObjectNode();
                    o.set("Configuration", poll(fn));
                    o.putObject("Code").put("RepositoryType", "S3").put("Location", "https://example.invalid/code");
                    ObjectNode tags = o.putObject("Tags");
                    fn.tags.forEach(tags::put);
                    send(ex, 200, o.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "lambda:GetFunctionConfiguration" -> {
                    if (qualifier == null || qualifier.equals("$LATEST")) {
                        send(ex, 200, poll(fn).toString().getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    String v = fn.version(qualifier);
                    if (v == null) {
                        error(ex, 404, "ResourceNotFoundException", "Function not found: " + fn.arn + ":" + qualifier);
                        return;
                    }
                    ObjectNode c = fn.versions.get(v);
                    int polls = fn.versionPolls.getOrDefault(v, 0);
                    if (polls > 0) {
                        fn.versionPolls.put(v, polls - 1);
                    } else {
                        c.put("State", "Active");
                    }
                    send(ex, 200, c.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "lambda:PublishVersion" -> publishVersion(ex, fn, JSON.readTree(body.length == 0 ? "{}".getBytes() : body));
                case "lambda:CreateAlias" -> {
                    JsonNode req = JSON.readTree(body);
                    String alias = req.get("Name").asText();
                    if (fn.aliases.containsKey(alias)) {
                        error(ex, 409, "ResourceConflictException", "Alias already exists: " + fn.arn + ":" + alias);
                        return;
                    }
                    if (!fn.versions.containsKey(req.path("FunctionVersion").asText())) {
                        error(ex, 404, "ResourceNotFoundException", "Function not found: " + fn.arn + ":"
                                + req.path("FunctionVersion").asText());
                        return;
                    }
                    ObjectNode a = JSON.createObjectNode();
                    a.put("AliasArn", fn.arn + ":" + alias);
                    a.put("Name", alias);
                    a.put("FunctionVersion", req.get("FunctionVersion").asText());
                    a.put("Description", req.path("Description").asText(""));
                    a.put("RevisionId", java.util.UUID.randomUUID().toString());
                    fn.aliases.put(alias, a);
                    send(ex, 201, a.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "lambda:GetAlias", "lambda:UpdateAlias" -> {
                    ObjectNode a = fn.aliases.get(aliasName);
                    if (a == null) {
                        error(ex, 404, "ResourceNotFoundException", "Alias not found: " + fn.arn + ":" + aliasName);
                        return;
                    }
                    if (op.equals("lambda:UpdateAlias")) {
                        JsonNode req = JSON.readTree(body);
                        if (req.has("FunctionVersion")) {
                            if (!fn.versions.containsKey(req.get("FunctionVersion").asText())) {
                                error(ex, 404, "ResourceNotFoundException", "Function not found: " + fn.arn + ":"
                                        + req.get("FunctionVersion").asText());
                                return;
                            }
                            a.put("FunctionVersion", req.get("FunctionVersion").asText());
                        }
                        if (req.has("Description")) {
                            a.put("Description", req.get("Description").asText());
                        }
                        a.put("RevisionId", java.util.UUID.randomUUID().toString());
                    }
                    send(ex, 200, a.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "lambda:DeleteFunction" -> {
                    functions.remove(name);
                    send(ex, 204, new byte[0]);
                }
                case "lambda:UpdateFunctionCode" -> {
                    if (busy(ex, fn)) {
                        return;
                    }
                    JsonNode req = JSON.readTree(body);
                    setCode(fn, Base64.getDecoder().decode(req.get("ZipFile").asText()));
                    if (req.has("Architectures")) {
                        fn.config.set("Architectures", req.get("Architectures"));
                    }
                    updating(fn);
                    send(ex, 200, fn.config.toString().getBytes(StandardCharsets.UTF_8));
                }
                case "lambda:UpdateFunctionConfiguration" -> {
                    if (busy(ex, fn)) {
                        return;
                    }
                    JsonNode req = JSON.readTree(body);
                    for (String k : List.of("MemorySize", "Timeout", "Handler", "Runtime", "Role", "Environment", "Description")) {
                        if (req.has(k)) {
                            fn.config.set(k, req.get(k));
                        }
                    }
                    if (req.has("SnapStart")) {
                        fn.config.set("SnapStart", snapStart(req.at("/SnapStart/ApplyOn").asText("None"), false));
                    }
                    updating(fn);
                    send(ex, 200, fn.config.toString().getBytes(StandardCharsets.UTF_8));
                }
                default -> error(ex, 405, "InvalidRequestContentException", "Unsupported " + op);
            }
        }
    }

    private boolean busy(HttpExchange ex, Fn fn) throws IOException {
        if ("InProgress".equals(fn.config.path("LastUpdateStatus").asText()) || "Pending".equals(fn.config.path("State").asText())) {
            error(ex, 409, "ResourceConflictException", "The operation cannot be performed at this time. An update is in "
                    + "progress for resource: " + fn.arn);
            return true;
        }
        return false;
    }

    private void updating(Fn fn) {
        fn.config.put("LastUpdateStatus", "InProgress");
        fn.polls = pendingPolls;
        fn.runtime = null;
    }

    private ObjectNode poll(Fn fn) {
        if (fn.polls > 0) {
            fn.polls--;
        } else {
            fn.config.put("State", "Active");
            fn.config.put("LastUpdateStatus", "Successful");
        }
        return fn.config.deepCopy();
    }

    private void setCode(Fn fn, byte[] zip) {
        fn.zip = zip;
        try {
            fn.sha = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(zip));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        fn.config.put("CodeSha256", fn.sha);
        fn.config.put("CodeSize", zip.length);
    }

    /** Lambda's SnapStartResponse: the setting, and whether it is in effect (published versions only). */
    private static ObjectNode snapStart(String applyOn, boolean published) {
        ObjectNode s = JSON.createObjectNode();
        s.put("ApplyOn", applyOn);
        s.put("OptimizationStatus", published && applyOn.equals("PublishedVersions") ? "On" : "Off");
        return s;
    }

    private static String query(String rawQuery, String key) {
        if (rawQuery == null) {
            return null;
        }
        for (String kv : rawQuery.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(key)) {
                return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** What a version freezes: everything but its name, state and SnapStart's status. */
    private static ObjectNode published(ObjectNode config) {
        ObjectNode c = config.deepCopy();
        c.remove(List.of("Version", "FunctionArn", "State", "LastUpdateStatus", "Description"));
        if (c.has("SnapStart")) {
            ((ObjectNode) c.get("SnapStart")).remove("OptimizationStatus");
        }
        return c;
    }

    /**
     * PublishVersion: Lambda publishes nothing when the code and configuration are those of the last version (it
     * answers with that version); a CodeSha256 that is not the current code's fails (412); a SnapStart version is
     * Pending while its snapshot is made.
     */
    private void publishVersion(HttpExchange ex, Fn fn, JsonNode req) throws IOException {
        if (busy(ex, fn)) {
            return;
        }
        if (req.hasNonNull("CodeSha256") && !req.get("CodeSha256").asText().equals(fn.sha)) {
            error(ex, 412, "PreconditionFailedException", "CodeSha256 (" + req.get("CodeSha256").asText()
                    + ") is different from current CodeSha256 in $LATEST (" + fn.sha + "). Please try again with the "
                    + "CodeSha256 in $LATEST.");
            return;
        }
        if (fn.lastVersion > 0) {
            ObjectNode last = fn.versions.get(Integer.toString(fn.lastVersion));
            if (published(last).equals(published(fn.config))) {
                send(ex, 201, last.toString().getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        String v = Integer.toString(++fn.lastVersion);
        ObjectNode c = fn.config.deepCopy();
        c.put("Version", v);
        c.put("FunctionArn", fn.arn + ":" + v);
        if (req.hasNonNull("Description")) {
            c.put("Description", req.get("Description").asText());
        }
        String applyOn = c.at("/SnapStart/ApplyOn").asText("None");
        c.set("SnapStart", snapStart(applyOn, true));
        c.put("State", applyOn.equals("PublishedVersions") ? "Pending" : "Active");
        c.put("LastUpdateStatus", "Successful");
        fn.versions.put(v, c);
        fn.versionZips.put(v, fn.zip);
        fn.versionPolls.put(v, applyOn.equals("PublishedVersions") ? pendingPolls : 0);
        send(ex, 201, c.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * /2019-09-30/functions/NAME/provisioned-concurrency?Qualifier=Q: Put (202, IN_PROGRESS), Get (READY, or 404
     * ProvisionedConcurrencyConfigNotFoundException), Delete (204). Not on $LATEST, nor on a SnapStart version.
     */
    private void provisionedConcurrency(HttpExchange ex, String method, String path, String rawQuery, byte[] body)
            throws IOException {
        String[] parts = path.split("/");
        String op = switch (method) {
            case "PUT" -> "lambda:PutProvisionedConcurrencyConfig";
            case "GET" -> "lambda:GetProvisionedConcurrencyConfig";
            case "DELETE" -> "lambda:DeleteProvisionedConcurrencyConfig";
            default -> "lambda:" + method + " provisioned-concurrency";
        };
        if (intercept(ex, op, false)) {
            return;
        }
        if (parts.length != 5 || !parts[4].equals("provisioned-concurrency")) {
            error(ex, 404, "UnknownOperationException", "Unknown path " + path);
            return;
        }
        Fn fn = functions.get(functionName(URLDecoder.decode(parts[3], StandardCharsets.UTF_8)));
        String qualifier = query(rawQuery, "Qualifier");
        if (fn == null) {
            error(ex, 404, "ResourceNotFoundException", "Function not found: " + parts[3]);
            return;
        }
        synchronized (fn) {
            if (qualifier == null || qualifier.equals("$LATEST")) {
                error(ex, 400, "InvalidParameterValueException", "Provisioned Concurrency Configs cannot be applied "
                        + "to unpublished function versions.");
                return;
            }
            String v = fn.version(qualifier);
            if (v == null) {
                error(ex, 404, "ResourceNotFoundException", "Function not found: " + fn.arn + ":" + qualifier);
                return;
            }
            switch (op) {
                case "lambda:PutProvisionedConcurrencyConfig" -> {
                    if (fn.versions.get(v).at("/SnapStart/ApplyOn").asText().equals("PublishedVersions")) {
                        error(ex, 400, "InvalidParameterValueException", "Provisioned concurrency cannot be "
                                + "configured on a function version that has SnapStart enabled.");
                        return;
                    }
                    int n = JSON.readTree(body).path("ProvisionedConcurrentExecutions").asInt(0);
                    if (n < 1) {
                        error(ex, 400, "InvalidParameterValueException", "ProvisionedConcurrentExecutions must be >= 1");
                        return;
                    }
                    fn.provisioned.put(qualifier, n);
                    send(ex, 202, pcConfig(n, "IN_PROGRESS").toString().getBytes(StandardCharsets.UTF_8));
                }
                case "lambda:GetProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig" -> {
                    Integer n = fn.provisioned.get(qualifier);
                    if (n == null) {
                        error(ex, 404, "ProvisionedConcurrencyConfigNotFoundException", "No Provisioned Concurrency "
                                + "Config found for this function");
                        return;
                    }
                    if (op.equals("lambda:DeleteProvisionedConcurrencyConfig")) {
                        fn.provisioned.remove(qualifier);
                        send(ex, 204, new byte[0]);
                    } else {
                        send(ex, 200, pcConfig(n, "READY").toString().getBytes(StandardCharsets.UTF_8));
                    }
                }
                default -> error(ex, 405, "InvalidRequestContentException", "Unsupported " + op);
            }
        }
    }

    private static ObjectNode pcConfig(int requested, String status) {
        ObjectNode o = JSON.createObjectNode();
        o.put("RequestedProvisionedConcurrentExecutions", requested);
        o.put("AllocatedProvisionedConcurrentExecutions", status.equals("READY") ? requested : 0);
        o.put("AvailableProvisionedConcurrentExecutions", 1000);
        o.put("Status", status);
        o.put("LastModified", Instant.now().toString());
        return o;
    }

    private void createFunction(HttpExchange ex, JsonNode req) throws IOException {
        String name = req.get("FunctionName").asText();
        if (functions.containsKey(name)) {
            error(ex, 409, "ResourceConflictException", "Function already exist: " + name);
            return;
        }
        Fn fn = new Fn();
        fn.name = name;
        fn.arn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
        ObjectNode c = JSON.createObjectNode();
        c.put("FunctionName", name);
        c.put("FunctionArn", fn.arn);
        for (String k : List.of("Runtime", "Role", "Handler", "Description", "Timeout", "MemorySize", "Environment", "Architectures")) {
            if (req.has(k)) {
                c.set(k, k.equals("Environment") ? JSON.createObjectNode().set("Variables", req.at("/Environment/Variables")) : req.get(k));
            }
        }
        c.put("Version", "$LATEST");
        c.set("SnapStart", snapStart(req.at("/SnapStart/ApplyOn").asText("None"), false));
        c.put("State", "Pending");
        c.put("LastUpdateStatus", "Successful");
        fn.config = c;
        setCode(fn, Base64.getDecoder().decode(req.at("/Code/ZipFile").asText()));
        req.path("Tags").properties().forEach(e -> fn.tags.put(e.getKey(), e.getValue().asText()));
        fn.polls = pendingPolls;
        functions.put(name, fn);
        send(ex, 201, c.toString().getBytes(StandardCharsets.UTF_8));
    }

    // ---- Step Functions ----

    private void states(HttpExchange ex, String op, JsonNode req) throws IOException {
        ObjectNode o = JSON.createObjectNode();
        switch (op) {
            case "CreateStateMachine" -> {
                String name = req.get("name").asText();
                String arn = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + name;
                if (machines.containsKey(arn)) {
                    sfnError(ex, "StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
                    return;
                }
                Machine m = new Machine();
                m.name = name;
                m.arn = arn;
                m.definition = req.get("definition").asText();
                m.roleArn = req.get("roleArn").asText();
                m.type = req.path("type").asText("STANDARD");
                req.path("tags").forEach(t -> m.tags.put(t.get("key").asText(), t.get("value").asText()));
                machines.put(arn, m);
                o.put("stateMachineArn", arn);
                o.put("creationDate", Instant.now().getEpochSecond());
            }
            case "DescribeStateMachine" -> {
                Machine m = machines.get(req.get("stateMachineArn").asText());
                if (m == null) {
                    sfnError(ex, "StateMachineDoesNotExist", "State Machine Does Not Exist: '" + req.get("stateMachineArn").asText() + "'");
                    return;
                }
                o.put("stateMachineArn", m.arn);
                o.put("name", m.name);
                o.put("status", "ACTIVE");
                o.put("definition", m.definition);
                o.put("roleArn", m.roleArn);
                o.put("type", m.type);
                o.put("creationDate", Instant.now().getEpochSecond());
            }
            case "UpdateStateMachine" -> {
                Machine m = machines.get(req.get("stateMachineArn").asText());
                if (m == null) {
                    sfnError(ex, "StateMachineDoesNotExist", "State Machine Does Not Exist");
                    return;
                }
                if (req.has("definition")) {
                    m.definition = req.get("definition").asText();
                }
                if (req.has("roleArn")) {
                    m.roleArn = req.get("roleArn").asText();
                }
                o.put("updateDate", Instant.now().getEpochSecond());
            }
            case "DeleteStateMachine" -> machines.remove(req.get("stateMachineArn").asText());
            case "ListStateMachines" -> {
                ArrayNode list = o.putArray("stateMachines");
                machines.values().forEach(m -> list.addObject().put("stateMachineArn", m.arn).put("name", m.name)
                        .put("type", m.type).put("creationDate", Instant.now().getEpochSecond()));
            }
            case "TagResource" -> {
                Machine m = machines.get(req.get("resourceArn").asText());
                req.path("tags").forEach(t -> m.tags.put(t.get("key").asText(), t.get("value").asText()));
            }
            case "ListTagsForResource" -> {
                Machine m = machines.get(req.get("resourceArn").asText());
                ArrayNode tags = o.putArray("tags");
                m.tags.forEach((k, v) -> tags.addObject().put("key", k).put("value", v));
            }
            case "StartExecution" -> {
                Machine m = machines.get(req.get("stateMachineArn").asText());
                Execution e = new Execution();
                e.name = req.path("name").asText("exec-" + ids.incrementAndGet());
                e.arn = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + m.name + ":" + e.name;
                e.machineArn = m.arn;
                e.input = req.path("input").asText("{}");
                executions.put(e.name, e);
                event(e, "ExecutionStarted", null, e.start);
                Thread t = new Thread(() -> run(m, e), "fake-execution-" + e.name);
                t.setDaemon(true);
                t.start();
                o.put("executionArn", e.arn);
                o.put("startDate", e.start.toEpochMilli() / 1000.0);
            }
            case "DescribeExecution" -> {
                Execution e = executions.values().stream().filter(x -> x.arn.equals(req.get("executionArn").asText()))
                        .findFirst().orElse(null);
                if (e == null) {
                    sfnError(ex, "ExecutionDoesNotExist", "Execution Does Not Exist");
                    return;
                }
                o.put("executionArn", e.arn);
                o.put("stateMachineArn", e.machineArn);
                o.put("name", e.name);
                o.put("status", e.status);
                o.put("startDate", e.start.toEpochMilli() / 1000.0);
                if (e.stop != null) {
                    o.put("stopDate", e.stop.toEpochMilli() / 1000.0);
                }
                o.put("input", e.input);
                if (e.output != null) {
                    o.put("output", e.output);
                }
                if (e.error != null) {
                    o.put("error", e.error);
                    o.put("cause", e.cause);
                }
            }
            case "GetExecutionHistory" -> {
                Execution e = executions.values().stream().filter(x -> x.arn.equals(req.get("executionArn").asText()))
                        .findFirst().orElseThrow();
                ArrayNode events = o.putArray("events");
                synchronized (e.events) {
                    e.events.forEach(events::add);
                }
            }
            default -> {
                sfnError(ex, "UnknownOperationException", op);
                return;
            }
        }
        send(ex, 200, o.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void sfnError(HttpExchange ex, String type, String message) throws IOException {
        error(ex, 400, type, message);
    }

    /** Runs an execution with aws-local-stepfunctions; its Lambda calls come back to this fake. */
    private void run(Machine m, Execution e) {
        try {
            Path dir = Files.createTempDirectory("fake-sfn");
            Path def = dir.resolve("definition.json");
            Path in = dir.resolve("input.json");
            Files.writeString(def, m.definition);
            Files.writeString(in, e.input);
            NodeTools.Result r = NodeTools.node(List.of("run-state-machine.mjs", def.toString(), in.toString(), e.name),
                    Map.of("AWS_ENDPOINT_URL_LAMBDA", endpoint().toString(), "AWS_REGION", REGION,
                            "NODE_OPTIONS", "--require " + NodeTools.DIR.resolve("polyfill.cjs")), 300);
            JsonNode result = JSON.readTree(r.out());
            e.stop = Instant.now();
            if ("SUCCEEDED".equals(result.path("status").asText())) {
                e.output = result.get("output").toString();
                event(e, "ExecutionSucceeded", null, e.stop);
                e.status = "SUCCEEDED";
            } else {
                e.error = result.path("error").asText();
                e.cause = result.path("cause").asText();
                event(e, "ExecutionFailed", null, e.stop);
                e.status = "FAILED";
            }
        } catch (Exception ex) {
            e.stop = Instant.now();
            e.error = "Fake.Error";
            e.cause = ex.toString();
            e.status = "FAILED";
        }
    }

    /** The events Step Functions records around one Lambda Task attempt, attributed by the payload's execution. */
    @Override
    void invoked(String function, byte[] payload, long startMs, long endMs, boolean ok) {
        String execution;
        try {
            JsonNode p = JSON.readTree(payload);
            execution = p.has("BatchInput") ? p.at("/BatchInput/execution").asText() : p.path("execution").asText();
        } catch (IOException ex) {
            return;
        }
        Execution e = executions.get(execution);
        Fn fn = functions.get(function);
        if (e == null || fn == null) {
            return;
        }
        String group = fn.config.at("/Environment/Variables/" + RuntimeEnv.GROUP).asText();
        String state = group;
        synchronized (e.events) {
            long entered = event(e, "TaskStateEntered", state, Instant.ofEpochMilli(startMs));
            long scheduled = event(e, "LambdaFunctionScheduled", null, Instant.ofEpochMilli(startMs), entered);
            long started = event(e, "LambdaFunctionStarted", null, Instant.ofEpochMilli(startMs), scheduled);
            long done = event(e, ok ? "LambdaFunctionSucceeded" : "LambdaFunctionFailed", null, Instant.ofEpochMilli(endMs), started);
            event(e, "TaskStateExited", state, Instant.ofEpochMilli(endMs), done);
        }
    }

    private long event(Execution e, String type, String state, Instant at) {
        return event(e, type, state, at, e.events.size());
    }

    private long event(Execution e, String type, String state, Instant at, long previous) {
        synchronized (e.events) {
            long id = e.events.size() + 1;
            ObjectNode ev = JSON.createObjectNode();
            ev.put("id", id);
            ev.put("previousEventId", previous);
            ev.put("type", type);
            ev.put("timestamp", at.toEpochMilli() / 1000.0);
            if (type.endsWith("StateEntered")) {
                ev.putObject("stateEnteredEventDetails").put("name", state);
            } else if (type.endsWith("StateExited")) {
                ev.putObject("stateExitedEventDetails").put("name", state);
            }
            e.events.add(ev);
            return id;
        }
    }

    // ---- S3 (path style) ----

    private void s3(HttpExchange ex, String method, String path, String query, byte[] body) throws IOException {
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        boolean tagging = query != null && query.contains("tagging");
        String op = "s3:" + (key.isEmpty() ? switch (method) {
            case "HEAD" -> "HeadBucket";
            case "PUT" -> tagging ? "PutBucketTagging" : "CreateBucket";
            case "GET" -> tagging ? "GetBucketTagging" : "ListObjects";
            default -> method;
        } : method.equals("PUT") ? "PutObject" : method.equals("GET") ? "GetObject" : method + "Object");
        calls.computeIfAbsent(op, k -> new AtomicInteger()).incrementAndGet();
        ex.getResponseHeaders().add("Content-Type", "application/xml");
        Map<String, byte[]> objects = buckets.get(bucket);
        switch (op) {
            case "s3:HeadBucket" -> send(ex, objects == null ? 404 : 200, new byte[0]);
            case "s3:CreateBucket" -> {
                buckets.putIfAbsent(bucket, new ConcurrentHashMap<>());
                send(ex, 200, new byte[0]);
            }
            case "s3:PutBucketTagging" -> {
                Map<String, String> tags = new LinkedHashMap<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("<Key>(.*?)</Key>\\s*<Value>(.*?)</Value>")
                        .matcher(new String(body, StandardCharsets.UTF_8));
                while (m.find()) {
                    tags.put(m.group(1), m.group(2));
                }
                bucketTags.put(bucket, tags);
                send(ex, 204, new byte[0]);
            }
            case "s3:PutObject" -> {
                if (objects == null) {
                    s3Error(ex, 404, "NoSuchBucket", bucket);
                    return;
                }
                String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
                objects.put(key, encoding != null && encoding.contains("aws-chunked") ? unchunk(body) : body);
                ex.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"");
                send(ex, 200, new byte[0]);
            }
            case "s3:GetObject" -> {
                byte[] b = objects == null ? null : objects.get(key);
                if (b == null) {
                    s3Error(ex, 404, "NoSuchKey", key);
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
                send(ex, 200, b);
            }
            default -> s3Error(ex, 405, "MethodNotAllowed", op);
        }
    }

    /** S3's aws-chunked body (what the SDK sends over plain HTTP): "HEX;chunk-signature=…\r\nDATA\r\n"…, then 0. */
    static byte[] unchunk(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int eol = i;
            while (eol + 1 < body.length && !(body[eol] == '\r' && body[eol + 1] == '\n')) {
                eol++;
            }
            String header = new String(body, i, eol - i, StandardCharsets.US_ASCII);
            int semi = header.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? header : header.substring(0, semi)).strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, eol + 2, size);
            i = eol + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private void s3Error(HttpExchange ex, int status, String code, String what) throws IOException {
        send(ex, status, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + what
                + "</Message><RequestId>fake</RequestId></Error>").getBytes(StandardCharsets.UTF_8));
    }

    // ---- IAM (Query protocol) ----

    private void iam(HttpExchange ex, Map<String, String> form) throws IOException {
        String action = form.get("Action");
        String name = form.get("RoleName");
        Role role = name == null ? null : roles.get(name);
        StringBuilder result = new StringBuilder();
        switch (action) {
            case "GetRole" -> {
                if (role == null) {
                    xmlError(ex, 404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
                    return;
                }
                result.append(roleXml(role));
            }
            case "CreateRole" -> {
                if (role != null) {
                    xmlError(ex, 409, "EntityAlreadyExists", "Role with name " + name + " already exists.");
                    return;
                }
                Role r = new Role();
                r.name = name;
                r.arn = "arn:aws:iam::" + ACCOUNT + ":role/" + name;
                r.assume = form.get("AssumeRolePolicyDocument");
                for (int i = 1; form.containsKey("Tags.member." + i + ".Key"); i++) {
                    r.tags.put(form.get("Tags.member." + i + ".Key"), form.get("Tags.member." + i + ".Value"));
                }
                roles.put(name, r);
                result.append(roleXml(r));
            }
            case "PutRolePolicy" -> {
                if (role == null) {
                    xmlError(ex, 404, "NoSuchEntity", "The role with name " + name + " cannot be found.");
                    return;
                }
                role.policies.put(form.get("PolicyName"), form.get("PolicyDocument"));
            }
            case "GetRolePolicy" -> {
                String doc = role == null ? null : role.policies.get(form.get("PolicyName"));
                if (doc == null) {
                    xmlError(ex, 404, "NoSuchEntity", "The role policy with name " + form.get("PolicyName") + " cannot be found.");
                    return;
                }
                result.append("<RoleName>").append(name).append("</RoleName><PolicyName>").append(form.get("PolicyName"))
                        .append("</PolicyName><PolicyDocument>")
                        .append(java.net.URLEncoder.encode(doc, StandardCharsets.UTF_8).replace("+", "%20"))
                        .append("</PolicyDocument>");
            }
            case "TagRole" -> {
                for (int i = 1; form.containsKey("Tags.member." + i + ".Key"); i++) {
                    role.tags.put(form.get("Tags.member." + i + ".Key"), form.get("Tags.member." + i + ".Value"));
                }
            }
            default -> {
                xmlError(ex, 400, "InvalidAction", action);
                return;
            }
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + action + "Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + (result.length() == 0 ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                + "<ResponseMetadata><RequestId>fake-" + ids.incrementAndGet() + "</RequestId></ResponseMetadata></"
                + action + "Response>";
        ex.getResponseHeaders().add("Content-Type", "text/xml");
        send(ex, 200, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String roleXml(Role r) {
        StringBuilder tags = new StringBuilder();
        r.tags.forEach((k, v) -> tags.append("<member><Key>").append(k).append("</Key><Value>").append(v).append("</Value></member>"));
        return "<Role><Path>/</Path><RoleName>" + r.name + "</RoleName><RoleId>AROAFAKE" + Math.abs(r.name.hashCode())
                + "</RoleId><Arn>" + r.arn + "</Arn><CreateDate>2026-01-01T00:00:00Z</CreateDate>"
                + "<AssumeRolePolicyDocument>" + java.net.URLEncoder.encode(r.assume, StandardCharsets.UTF_8).replace("+", "%20")
                + "</AssumeRolePolicyDocument><Tags>" + tags + "</Tags></Role>";
    }

    private void xmlError(HttpExchange ex, int status, String code, String message) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>fake</RequestId></ErrorResponse>";
        ex.getResponseHeaders().add("Content-Type", "text/xml");
        send(ex, status, xml.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }
}
