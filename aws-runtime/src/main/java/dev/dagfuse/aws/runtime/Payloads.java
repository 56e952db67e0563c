// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.model.handler.OutputSerialization;

import java.io.IOException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The values that travel through the state machine, in one place for the runtime, export and invoke.
 *
 * <p>A value is the Java serialization the local executor uses ({@link OutputSerialization}), carried as a
 * <em>reference</em>: {@code {"inline": BASE64}} when its base64 is at most the inline limit, else
 * {@code {"s3": KEY}} with the bytes in the bucket under {@code PREFIX/EXECUTION/FUNCTION/BRANCH}. A request input
 * may also be plain JSON text ({@code "request": "some text"}), which a handler receives as a String.
 *
 * <p>A group invocation answers {@code {"group": ID, "outputs": {"BRANCH": REF, …}}}; a Map state's result is the list
 * of its invocations' answers. The state machine keeps every group's result under {@code $.results.KEY}.
 */
public final class Payloads {

    static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    /** The object key of one output: {@code PREFIX/EXECUTION/FUNCTION/BRANCH} (no leading slash when the prefix is empty). */
    public static String key(String prefix, String execution, String function, String branch) {
        String tail = execution + "/" + function + "/" + branch;
        return prefix == null || prefix.isEmpty() ? tail : prefix + "/" + tail;
    }

    /**
     * The input of one execution: {@code {"execution": ID, "request": REF}}, the request input inline or, over the
     * limit, written to the store under {@code PREFIX/ID/request/0}.
     */
    public static String executionInput(String execution, Object requestInput, ObjectStore store, String prefix,
                                         long inlineLimitBytes) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("execution", execution);
        root.set("request", ref(requestInput, key(prefix, execution, "request", "0"), store, inlineLimitBytes));
        return root.toString();
    }

    /**
     * The outputs of the group kept under {@code $.results.resultKey} of an execution's output (or of any state
     * JSON), by branch.
     */
    public static Map<Integer, Object> outputs(String stateJson, String resultKey, ObjectStore store, ClassLoader loader)
            throws IOException {
        JsonNode state = parse(stateJson);
        JsonNode result = state.path("results").path(resultKey);
        if (result.isMissingNode()) {
            throw new IOException("The state has no result (" + resultKey + "); it has " + names(state.path("results")) + ".");
        }
        Map<Integer, Object> out = new TreeMap<>();
        for (Map.Entry<Integer, JsonNode> e : branches(result).entrySet()) {
            out.put(e.getKey(), value(e.getValue(), store, loader));
        }
        return out;
    }

    /** A value as a reference: inline when its base64 is at most {@code inlineLimitBytes}, else stored under {@code key}. */
    static ObjectNode ref(Object value, String key, ObjectStore store, long inlineLimitBytes) throws IOException {
        byte[] bytes = OutputSerialization.serialize(value);
        ObjectNode ref = JSON.createObjectNode();
        long inlineSize = 4L * ((bytes.length + 2) / 3);
        if (inlineSize <= inlineLimitBytes) {
            ref.put("inline", Base64.getEncoder().encodeToString(bytes));
        } else {
            store.put(key, bytes);
            ref.put("s3", key);
        }
        return ref;
    }

    /** The value a reference stands for (a JSON string or null is the value itself). */
    static Object value(JsonNode ref, ObjectStore store, ClassLoader loader) throws IOException {
        if (ref == null || ref.isNull() || ref.isMissingNode()) {
            return null;
        }
        if (ref.isTextual()) {
            return ref.asText();
        }
        byte[] bytes;
        if (ref.hasNonNull("inline")) {
            bytes = Base64.getDecoder().decode(ref.get("inline").asText());
        } else if (ref.hasNonNull("s3")) {
            bytes = store.get(ref.get("s3").asText());
        } else {
            throw new IOException("A value reference has neither \"inline\" nor \"s3\": " + abbreviate(ref.toString()));
        }
        try {
            return OutputSerialization.deserialize(bytes, loader);
        } catch (ClassNotFoundException e) {
            throw new IOException("A value's class is not in the code package: " + e.getMessage(), e);
        }
    }

    /** A group's result (one answer, or a Map state's list of them) by branch. */
    static Map<Integer, JsonNode> branches(JsonNode result) throws IOException {
        Map<Integer, JsonNode> out = new TreeMap<>();
        if (result.isArray()) {
            for (JsonNode answer : result) {
                out.putAll(branches(answer));
            }
            return out;
        }
        JsonNode outputs = result.path("outputs");
        if (!outputs.isObject()) {
            throw new IOException("A group result has no \"outputs\" object: " + abbreviate(result.toString()));
        }
        for (Map.Entry<String, JsonNode> e : outputs.properties()) {
            try {
                out.put(Integer.parseInt(e.getKey()), e.getValue());
            } catch (NumberFormatException ex) {
                throw new IOException("A group result names the branch (" + e.getKey() + "), not a number.", ex);
            }
        }
        return out;
    }

    static JsonNode parse(String json) throws IOException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null) {
                throw new IOException("The payload is empty.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IOException("The payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String names(JsonNode node) {
        StringBuilder sb = new StringBuilder("[");
        node.fieldNames().forEachRemaining(n -> sb.append(sb.length() > 1 ? ", " : "").append(n));
        return sb.append(']').toString();
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }
}
