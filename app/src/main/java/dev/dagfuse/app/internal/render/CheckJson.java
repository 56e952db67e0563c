// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.GroupChange;
import dev.dagfuse.check.MetricCheck;
import dev.dagfuse.check.Snapshot;
import dev.dagfuse.model.io.ModelFiles;

import java.util.List;

/** The check for scripts. Undefined numbers (a change from or to nothing) are {@code null}. */
final class CheckJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private CheckJson() {
    }

    static String render(CheckResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("workflow", r.workflow());
        root.put("verdict", r.verdict().name());
        root.put("summary", CheckSentences.verdictDetail(r));
        ObjectNode tol = root.putObject("tolerances");
        tol.put("maxCostIncrease", r.tolerances().maxCostIncrease());
        tol.put("maxLatencyIncrease", r.tolerances().maxLatencyIncrease());
        strings(root.putArray("failures"), r.failures());
        metrics(root.putArray("totals"), r.totals());
        ArrayNode groups = root.putArray("groups");
        for (GroupChange g : r.groups()) {
            ObjectNode node = groups.addObject();
            node.put("label", g.label());
            node.put("kind", g.kind().name());
            node.put("changed", g.changed());
            node.put("blamed", g.blamed());
            strings(node.putArray("baselineGroups"), g.baselineGroups());
            strings(node.putArray("currentGroups"), g.currentGroups());
            strings(node.putArray("planChanges"), g.configChanges());
            metrics(node.putArray("metrics"), g.metrics());
        }
        strings(root.putArray("reasons"), r.reasons());
        strings(root.putArray("notes"), r.notes());
        root.set("baseline", snapshot(r.baseline()));
        root.set("current", snapshot(r.current()));
        return ModelFiles.toJson(root);
    }

    private static ObjectNode snapshot(Snapshot s) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", s.isPlanOnly() ? "Plan" : "Baseline");
        node.put("workflowHash", s.workflowHash());
        node.put("profileHash", s.profileHash());
        node.put("profileSource", s.profileSource());
        node.put("modelVersion", s.modelVersion());
        if (s.model() != null) {
            node.put("samples", s.model().samples());
            node.put("seed", s.model().seed());
        }
        strings(node.putArray("groups"), s.plan().groups().stream().map(g -> g.id()).toList());
        return node;
    }

    private static void metrics(ArrayNode array, List<MetricCheck> metrics) {
        for (MetricCheck m : metrics) {
            ObjectNode node = array.addObject();
            node.put("name", m.name());
            node.put("key", m.key());
            node.put("unit", m.unit().name());
            number(node, "baseline", m.baseline());
            number(node, "current", m.current());
            number(node, "change", m.change());
            number(node, "limit", m.limit());
            node.put("status", m.status().name());
            if (m.approximate()) {
                node.put("approximate", true);
            }
        }
    }

    private static void number(ObjectNode node, String key, double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
