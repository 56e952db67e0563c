// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.executor.GroupInvocation;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One deployed plan group: turns a state's payload into the group's items, runs them with the local executor's
 * {@link GroupInvocation} (the chain back to back in memory, a bundle's items on a pool of {@code threads}) and
 * answers with the outputs as references ({@link Payloads}).
 *
 * <p>It accepts the three shapes a Task of the exported state machine sends: a group without fan-out
 * {@code {"execution", "request", "inputs"}}; an inline Map iteration, the same with {@code "branches": [i, …]}; and
 * a Distributed Map child's batch, {@code {"Items": [i, …], "BatchInput": {"execution", "request", "inputs"}}}.
 * {@code inputs} maps each predecessor of the chain's first function to that predecessor's group result.
 */
public final class GroupRuntime {

    private final Workflow workflow;
    private final PlanGroup group;
    private final GroupInvocation chain;
    private final ObjectStore store;
    private final String prefix;
    private final long inlineLimitBytes;
    private final int threads;
    private final ClassLoader loader;

    /**
     * @param handlers the handler of each of the group's functions
     * @param store where outputs over the inline limit go, and inputs that are there are read from
     * @param prefix the key prefix in the store
     * @param inlineLimitBytes the largest inline (base64) output
     * @param threads the pool a bundle's items run on (the vCPUs of the group's memory)
     * @param loader where the classes of serialized values are resolved
     */
    public GroupRuntime(Workflow workflow, PlanGroup group, Map<String, ? extends Handler> handlers, ObjectStore store,
                        String prefix, long inlineLimitBytes, int threads, ClassLoader loader) {
        this.workflow = workflow;
        this.group = group;
        this.chain = GroupInvocation.of(workflow, group, handlers);
        this.store = store;
        this.prefix = prefix == null ? "" : prefix;
        this.inlineLimitBytes = inlineLimitBytes;
        this.threads = Math.max(1, threads);
        this.loader = loader;
    }

    public PlanGroup group() {
        return group;
    }

    /**
     * Runs one invocation.
     *
     * @param event the Task's payload (JSON)
     * @param fallbackExecution the execution id when the payload names none (the Lambda request id)
     * @return the group's answer (JSON)
     * @throws InvocationFailedException when the payload cannot be read, an item fails on its last attempt, or an
     *     output cannot be written; the message names the group, and the function, branch and cause
     */
    public byte[] handle(byte[] event, String fallbackExecution) {
        JsonNode root;
        try {
            root = Payloads.parse(new String(event, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw failed("its payload cannot be read: " + e.getMessage(), e);
        }
        JsonNode common = root.has("BatchInput") ? root.get("BatchInput") : root;
        JsonNode branchList = root.has("Items") ? root.get("Items") : root.get("branches");
        List<Integer> branches = new ArrayList<>();
        if (branchList == null || branchList.isNull()) {
            branches.add(0);
        } else {
            for (JsonNode b : branchList) {
                JsonNode v = b.isObject() ? b.path("branch") : b;
                if (!v.canConvertToInt() || v.asInt() < 0 || v.asInt() >= group.fanOut()) {
                    throw failed("its payload names the item (" + Payloads.abbreviate(b.toString())
                            + "), not a branch index within 0.." + (group.fanOut() - 1), null);
                }
                branches.add(v.asInt());
            }
        }
        String execution = common.hasNonNull("execution") ? common.get("execution").asText() : fallbackExecution;
        List<GroupInvocation.Item> items;
        Object request;
        try {
            request = Payloads.value(common.get("request"), store, loader);
            items = items(branches, common.path("inputs"));
        } catch (IOException | RuntimeException e) {
            throw failed("reading its input failed: " + e.getMessage(), e);
        }
        List<Object> outputs;
        try {
            outputs = chain.run(items, request, threads);
        } catch (GroupInvocation.FailedException e) {
            throw failed(e.getMessage(), e.getCause());
        }
        ObjectNode answer = Payloads.JSON.createObjectNode();
        answer.put("group", group.id());
        ObjectNode refs = answer.putObject("outputs");
        String last = group.functions().get(group.functions().size() - 1);
        for (int i = 0; i < branches.size(); i++) {
            String b = Integer.toString(branches.get(i));
            try {
                refs.set(b, Payloads.ref(outputs.get(i), Payloads.key(prefix, execution, last, b), store, inlineLimitBytes));
            } catch (IOException | RuntimeException e) {
                throw failed("function (" + last + ") branch " + b + ": writing its output failed: " + e.getMessage(), e);
            }
        }
        return answer.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Each branch's inputs, read through {@link GroupInvocation#sources}; a value two items read is read once. */
    private List<GroupInvocation.Item> items(List<Integer> branches, JsonNode inputs) throws IOException {
        String first = group.functions().get(0);
        Map<String, Map<Integer, JsonNode>> results = new HashMap<>();
        Map<String, Object> read = new HashMap<>();
        List<GroupInvocation.Item> items = new ArrayList<>();
        for (int b : branches) {
            Map<String, List<Object>> perPred = new LinkedHashMap<>();
            for (Map.Entry<String, List<GroupInvocation.Source>> e : GroupInvocation.sources(workflow, first, b).entrySet()) {
                String pred = e.getKey();
                Map<Integer, JsonNode> byBranch = results.get(pred);
                if (byBranch == null) {
                    JsonNode result = inputs.get(pred);
                    if (result == null || result.isNull()) {
                        throw new IOException("the payload has no input from (" + pred + ")");
                    }
                    byBranch = Payloads.branches(result);
                    results.put(pred, byBranch);
                }
                List<Object> values = new ArrayList<>();
                for (GroupInvocation.Source s : e.getValue()) {
                    JsonNode ref = byBranch.get(s.branch());
                    if (ref == null) {
                        throw new IOException("the input from (" + pred + ") lacks branch " + s.branch());
                    }
                    String id = s.function() + "/" + s.branch();
                    Object v = read.containsKey(id) ? read.get(id) : Payloads.value(ref, store, loader);
                    read.put(id, v);
                    values.add(v);
                }
                perPred.put(pred, Collections.unmodifiableList(values));
            }
            items.add(new GroupInvocation.Item(b, perPred));
        }
        return items;
    }

    private InvocationFailedException failed(String what, Throwable cause) {
        return new InvocationFailedException("The group (" + group.id() + ") failed: " + what, cause);
    }
}
