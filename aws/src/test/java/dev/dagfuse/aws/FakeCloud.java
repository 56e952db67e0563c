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
 * delete, tags, invoke), Step Functions (create, describe, update, list, delete state machines, tags; start and
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
        if (path.startsWith("/2015-03-31/functions") || path.startsWith("/2017-03-31/tags/")) {
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

    /** The runtime a deployed function has: its environment, its zip's workflow, S3 at this fake. */
    private GroupRuntime deployedRuntime(Fn fn) {
        try {
            Path root = Files.createTempDirectory("fake-lambda-" + fn.name);
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(fn.zip))) {
                for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    if (e.getName().startsWith("dagfuse/")) {
                        Path out = root.resolve(e.getName());
                        Files.createDirectories(out.getParent());
                        Files.write(out, zip.readAllBytes());
                    }
                }
            }
            Map<String, String> env = new HashMap<>();
            fn.config.at("/Environment/Variables").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
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
        String op = switch (method + " " + sub) {
            case "GET " -> "lambda:GetFunction";
            case "DELETE " -> "lambda:DeleteFunction";
            case "GET configuration" -> "lambda:GetFunctionConfiguration";
            case "PUT configuration" -> "lambda:UpdateFunctionConfiguration";
            case "PUT code" -> "lambda:UpdateFunctionCode";
            default -> "lambda:" + method + " " + sub;
        };
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
                case "lambda:GetFunctionConfiguration" -> send(ex, 200, poll(fn).toString().getBytes(StandardCharsets.UTF_8));
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
