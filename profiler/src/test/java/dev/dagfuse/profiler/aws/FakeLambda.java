// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-test fake of the Lambda REST API (2015-03-31): GetFunctionConfiguration, UpdateFunctionConfiguration and
 * Invoke with LogType=Tail, on 127.0.0.1. A function's warm duration follows a + b / cpu(m) with
 * cpu(m) = min(m / 1769, 1); a configuration update makes the next invocation a cold start.
 */
final class FakeLambda implements AutoCloseable {

    static {
        // Without TCP_NODELAY, every small response waits for the client's delayed ACK (~40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/(configuration|invocations)");

    static final class Fn {
        final String name;
        volatile int memoryMB;
        volatile String status = "Successful";
        volatile String statusReason;
        int pollsLeft;
        boolean cold = true;
        final double aMs;
        final double bMs;
        int errorEvery;
        int invocations;
        final List<Integer> memoryHistory = new ArrayList<>();

        Fn(String name, int memoryMB, double aMs, double bMs) {
            this.name = name;
            this.memoryMB = memoryMB;
            this.aMs = aMs;
            this.bMs = bMs;
            memoryHistory.add(memoryMB);
        }

        double warmMs() {
            double cpu = Math.min(memoryMB / 1769.0, 1.0);
            return aMs + bMs / cpu;
        }
    }

    private final HttpServer server;
    private final Map<String, Fn> functions = new LinkedHashMap<>();
    /** GetFunctionConfiguration answers "InProgress" this many times after each update. */
    volatile int inProgressPolls;
    /** The next this-many invokes are throttled with 429 TooManyRequestsException. */
    final AtomicInteger throttleNext = new AtomicInteger();
    /** Updates to these sizes end with LastUpdateStatus Failed. */
    final Set<Integer> failingSizes = new HashSet<>();
    /** Invokes at this size are denied (403 AccessDeniedException), which ends a run. */
    volatile Integer denyInvokesAt;
    /** Each invocation takes this long to answer (to stop a run in the middle). */
    volatile int invokeDelayMs;
    final AtomicInteger throttled = new AtomicInteger();
    final AtomicInteger inProgressAnswers = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();

    FakeLambda() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    Fn add(String name, int memoryMB, double aMs, double bMs) {
        Fn fn = new Fn(name, memoryMB, aMs, bMs);
        synchronized (this) {
            functions.put(name, fn);
        }
        return fn;
    }

    synchronized Fn fn(String name) {
        return functions.get(name);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Matcher m = PATH.matcher(ex.getRequestURI().getPath());
            if (!m.matches()) {
                error(ex, 404, "UnknownOperationException", "Unknown path " + ex.getRequestURI());
                return;
            }
            String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            Fn fn = fn(name);
            if (fn == null) {
                error(ex, 404, "ResourceNotFoundException", "Function not found: arn:aws:lambda:us-east-1:123456789012:function:" + name);
                return;
            }
            synchronized (fn) {
                String method = ex.getRequestMethod();
                if (m.group(2).equals("configuration") && method.equals("GET")) {
                    getConfiguration(ex, fn);
                } else if (m.group(2).equals("configuration") && method.equals("PUT")) {
                    updateConfiguration(ex, fn, body);
                } else if (m.group(2).equals("invocations") && method.equals("POST")) {
                    invoke(ex, fn, body);
                } else {
                    error(ex, 405, "InvalidRequestContentException", "Unsupported " + method);
                }
            }
        }
    }

    private void getConfiguration(HttpExchange ex, Fn fn) throws IOException {
        if (fn.status.equals("InProgress")) {
            if (fn.pollsLeft > 0) {
                fn.pollsLeft--;
                inProgressAnswers.incrementAndGet();
            } else if (failingSizes.contains(fn.memoryMB)) {
                fn.status = "Failed";
                fn.statusReason = "The memory size " + fn.memoryMB + " MB could not be applied (fake).";
            } else {
                fn.status = "Successful";
            }
        }
        send(ex, 200, config(fn), Map.of());
    }

    private void updateConfiguration(HttpExchange ex, Fn fn, byte[] body) throws IOException {
        if (fn.status.equals("InProgress")) {
            conflicts.incrementAndGet();
            error(ex, 409, "ResourceConflictException", "The operation cannot be performed at this time. "
                    + "An update is in progress for resource: " + fn.name);
            return;
        }
        JsonNode req = JSON.readTree(body);
        if (req.has("MemorySize")) {
            fn.memoryMB = req.get("MemorySize").asInt();
            fn.memoryHistory.add(fn.memoryMB);
        }
        updates.incrementAndGet();
        fn.status = "InProgress";
        fn.statusReason = null;
        fn.pollsLeft = inProgressPolls;
        fn.cold = true;
        send(ex, 200, config(fn), Map.of());
    }

    private void invoke(HttpExchange ex, Fn fn, byte[] body) throws IOException {
        if (throttleNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throttled.incrementAndGet();
            ex.getResponseHeaders().add("Retry-After", "0");
            error(ex, 429, "TooManyRequestsException", "Rate Exceeded.");
            return;
        }
        if (denyInvokesAt != null && denyInvokesAt == fn.memoryMB) {
            error(ex, 403, "AccessDeniedException", "User is not authorized to perform: lambda:InvokeFunction");
            return;
        }
        fn.invocations++;
        if (invokeDelayMs > 0) {
            try {
                Thread.sleep(invokeDelayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String requestId = UUID.randomUUID().toString();
        double duration = fn.warmMs();
        String init = "";
        if (fn.cold) {
            init = String.format(Locale.ROOT, "Init Duration: %.2f ms\t", 150.0 + 100_000.0 / fn.memoryMB);
            duration += 40; // the first call of a fresh instance is slower
            fn.cold = false;
        }
        String log = "START RequestId: " + requestId + " Version: $LATEST\n"
                + "END RequestId: " + requestId + "\n"
                + String.format(Locale.ROOT, "REPORT RequestId: %s\tDuration: %.2f ms\tBilled Duration: %d ms\t"
                        + "Memory Size: %d MB\tMax Memory Used: %d MB\t%s\n", requestId, duration,
                (long) Math.ceil(duration), fn.memoryMB, 60 + fn.memoryMB / 64, init);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Amz-Log-Result", Base64.getEncoder().encodeToString(log.getBytes(StandardCharsets.UTF_8)));
        headers.put("X-Amz-Executed-Version", "$LATEST");
        byte[] payload;
        if (fn.errorEvery > 0 && fn.invocations % fn.errorEvery == 0) {
            headers.put("X-Amz-Function-Error", "Unhandled");
            payload = "{\"errorMessage\":\"boom at invocation\",\"errorType\":\"java.lang.IllegalStateException\"}"
                    .getBytes(StandardCharsets.UTF_8);
        } else {
            payload = ("{\"echo\":" + body.length + ",\"frames\":[1,2,3]}").getBytes(StandardCharsets.UTF_8);
        }
        sendBytes(ex, 200, payload, headers);
    }

    private ObjectNode config(Fn fn) {
        ObjectNode c = JSON.createObjectNode();
        c.put("FunctionName", fn.name);
        c.put("FunctionArn", "arn:aws:lambda:us-east-1:123456789012:function:" + fn.name);
        c.put("Runtime", "java17");
        c.put("MemorySize", fn.memoryMB);
        c.put("Timeout", 60);
        c.put("State", "Active");
        c.put("LastUpdateStatus", fn.status);
        if (fn.statusReason != null) {
            c.put("LastUpdateStatusReason", fn.statusReason);
        }
        c.putArray("Architectures").add("x86_64");
        return c;
    }

    private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("Type", "User");
        body.put("message", message);
        send(ex, status, body, Map.of("X-Amzn-ErrorType", type));
    }

    private static void send(HttpExchange ex, int status, JsonNode body, Map<String, String> headers) throws IOException {
        sendBytes(ex, status, JSON.writeValueAsBytes(body), headers);
    }

    private static void sendBytes(HttpExchange ex, int status, byte[] body, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
