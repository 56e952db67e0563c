// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dagfuse.aws.runtime.GroupRuntime;
import dev.dagfuse.aws.runtime.InvocationFailedException;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-test fake of the AWS APIs dagfuse uses, on 127.0.0.1 (JDK HttpServer). This class: Lambda's Invoke
 * ({@code POST /2015-03-31/functions/NAME_OR_ARN/invocations}), answered by a group runtime, with Lambda's
 * function-error convention ({@code X-Amz-Function-Error: Unhandled}); {@link FakeCloud} adds the control planes.
 */
class FakeAws implements AutoCloseable {

    static {
        // Without TCP_NODELAY, every small response waits for the client's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    // a code package's base64 (CreateFunction's ZipFile) is longer than Jackson's default string limit
    static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder().maxStringLength(200_000_000).build())
            .build());
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");

    final HttpServer server;
    /** Runtimes by function name, for functions the test registers directly. */
    final Map<String, GroupRuntime> runtimes = new ConcurrentHashMap<>();
    final AtomicInteger invocations = new AtomicInteger();
    /** What each invoke named: {@code FUNCTION} or {@code FUNCTION:QUALIFIER} (a version or an alias). */
    final java.util.List<String> invokedTargets = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    /** The next this-many invokes are throttled (429 TooManyRequestsException). */
    final AtomicInteger throttleInvokes = new AtomicInteger();

    FakeAws() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // unbounded: a deployed function served here calls back into this fake (S3) while its invoke is open
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-aws");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getRawPath();
            Matcher m = INVOKE.matcher(path);
            if (m.matches() && ex.getRequestMethod().equals("POST")) {
                String target = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
                String qualifier = qualifierOf(target);
                String query = ex.getRequestURI().getRawQuery();
                if (qualifier == null && query != null && query.startsWith("Qualifier=")) {
                    qualifier = URLDecoder.decode(query.substring("Qualifier=".length()), StandardCharsets.UTF_8);
                }
                invoke(ex, functionName(target), qualifier, body);
                return;
            }
            route(ex, path, body);
        } catch (RuntimeException | IOException | Error e) {
            // a fake's own error shows in the test's output, not as a dropped connection
            e.printStackTrace();
            error(ex, 500, "ServiceException", "The fake failed: " + e);
        }
    }

    /** Other APIs; this fake has none. */
    void route(HttpExchange ex, String path, byte[] body) throws IOException {
        error(ex, 404, "UnknownOperationException", "Unknown path " + path);
    }

    /** The function name of a name or an ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME). */
    static String functionName(String nameOrArn) {
        int i = nameOrArn.indexOf(":function:");
        if (i < 0) {
            return nameOrArn;
        }
        String rest = nameOrArn.substring(i + ":function:".length());
        int q = rest.indexOf(':');
        return q < 0 ? rest : rest.substring(0, q);
    }

    /** The qualifier of {@code NAME:QUALIFIER} or {@code arn:…:function:NAME:QUALIFIER}, or null. */
    static String qualifierOf(String nameOrArn) {
        int i = nameOrArn.indexOf(":function:");
        String rest = i < 0 ? nameOrArn : nameOrArn.substring(i + ":function:".length());
        int q = rest.indexOf(':');
        return q < 0 ? null : rest.substring(q + 1);
    }

    GroupRuntime runtimeOf(String function) {
        return runtimes.get(function);
    }

    /** The runtime behind {@code function} at {@code qualifier} (null: $LATEST); this fake has no versions. */
    GroupRuntime runtimeOf(String function, String qualifier) {
        return runtimeOf(function);
    }

    /** Called with each invocation's payload before it runs (the cloud fake records execution histories). */
    void invoked(String function, byte[] payload, long startMs, long endMs, boolean ok) {
    }

    private void invoke(HttpExchange ex, String function, String qualifier, byte[] body) throws IOException {
        if (throttleInvokes.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            error(ex, 429, "TooManyRequestsException", "Rate Exceeded.");
            return;
        }
        invokedTargets.add(qualifier == null ? function : function + ":" + qualifier);
        GroupRuntime rt = runtimeOf(function, qualifier);
        if (rt == null) {
            error(ex, 404, "ResourceNotFoundException", "Function not found: " + function
                    + (qualifier == null ? "" : ":" + qualifier));
            return;
        }
        invocations.incrementAndGet();
        byte[] answer;
        long start = System.currentTimeMillis();
        try {
            answer = rt.handle(body, "fake-request-" + invocations.get());
            invoked(function, body, start, System.currentTimeMillis(), true);
        } catch (InvocationFailedException e) {
            invoked(function, body, start, System.currentTimeMillis(), false);
            ObjectNode err = JSON.createObjectNode();
            err.put("errorMessage", e.getMessage());
            err.put("errorType", e.getClass().getName());
            ex.getResponseHeaders().add("X-Amz-Function-Error", "Unhandled");
            send(ex, 200, err.toString().getBytes(StandardCharsets.UTF_8));
            return;
        }
        ex.getResponseHeaders().add("X-Amz-Executed-Version", executedVersion(function, qualifier));
        send(ex, 200, answer);
    }

    /** The version an invoke ran: $LATEST unless a version or alias was named. */
    String executedVersion(String function, String qualifier) {
        return qualifier == null ? "$LATEST" : qualifier;
    }

    static void error(HttpExchange ex, int status, String type, String message) throws IOException {
        ObjectNode e = JSON.createObjectNode();
        e.put("__type", type);
        e.put("Type", "User");
        e.put("message", message);
        ex.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(ex, status, e.toString().getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        if (!ex.getResponseHeaders().containsKey("Content-Type")) {
            ex.getResponseHeaders().add("Content-Type", "application/json");
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
