// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.ModelOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes baselines. A baseline file is either a plan file ({@code kind: Plan}, with its {@code predicted}
 * numbers) or a snapshot written by {@code dagfuse check --write-baseline} ({@code kind: Baseline}):
 *
 * <pre>
 * apiVersion: dagfuse/v1
 * kind: Baseline
 * workflow: video-analytics
 * workflowHash: sha256:…
 * profileHash: sha256:…
 * profileSource: local-jvm
 * modelVersion: …
 * model: { samples: 10000, seed: 42, percentiles: [50, 90, 95, 99] }
 * plan: { …a plan file's content, with predicted… }
 * groups: [ { id: split, meanCostUsd: …, p50Ms: …, p95Ms: … }, … ]
 * </pre>
 */
public final class BaselineFiles {

    private static final Set<String> KEYS = Set.of("apiVersion", "kind", "workflow", "workflowHash", "profileHash",
            "profileSource", "modelVersion", "model", "plan", "groups");
    private static final Pattern PERCENTILE_KEY = Pattern.compile("p(\\d+(?:\\.\\d+)?)Ms");

    private BaselineFiles() {
    }

    /** Reads a baseline: a snapshot, or a plan file with predicted numbers. */
    public static Snapshot read(Path file) {
        ModelFiles.Kind kind = ModelFiles.kindOf(file);
        if (kind == ModelFiles.Kind.Plan) {
            Plan plan = ModelFiles.readPlan(file, null);
            if (plan.predicted() == null || plan.predicted().latencyMs().isEmpty()) {
                throw new InputException(file.toString(), "predicted", "The plan has no predicted numbers to compare "
                        + "with. Use a plan written by dagfuse plan, or write a baseline with dagfuse check --write-baseline.");
            }
            return Snapshot.ofPlan(plan);
        }
        if (kind != ModelFiles.Kind.Baseline) {
            throw new InputException(file.toString(), "kind", "The kind (" + kind + ") is not a baseline. Expected: "
                    + "Baseline (written by dagfuse check --write-baseline) or Plan (written by dagfuse plan).");
        }
        return fromTree(tree(file), file.toString());
    }

    /** Writes a snapshot as a baseline file (JSON, or YAML for .yaml/.yml), atomically. */
    public static void write(Snapshot snapshot, Path file) {
        ObjectNode tree = toTree(snapshot);
        ModelFiles.writeAtomically(file, ModelFiles.isYaml(file) ? ModelFiles.toYaml(tree) : ModelFiles.toJson(tree));
    }

    public static String toJson(Snapshot snapshot) {
        return ModelFiles.toJson(toTree(snapshot));
    }

    static ObjectNode toTree(Snapshot s) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("apiVersion", ModelFiles.API_VERSION);
        root.put("kind", "Baseline");
        root.put("workflow", s.workflow());
        putIfPresent(root, "workflowHash", s.workflowHash());
        putIfPresent(root, "profileHash", s.profileHash());
        putIfPresent(root, "profileSource", s.profileSource());
        putIfPresent(root, "modelVersion", s.modelVersion());
        if (s.model() != null) {
            ObjectNode model = root.putObject("model");
            model.put("samples", s.model().samples());
            model.put("seed", s.model().seed());
            ArrayNode ps = model.putArray("percentiles");
            s.model().percentiles().forEach(ps::add);
            if (s.model().ratePerSecond() > 0) {
                model.put("ratePerSecond", s.model().ratePerSecond()); // only with --rate: older baselines stay valid
            }
        }
        try {
            JsonNode plan = JsonTrees.MAPPER.readTree(ModelFiles.planToJson(s.plan()));
            root.set("plan", plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A plan did not serialize to valid JSON", e);
        }
        ArrayNode groups = root.putArray("groups");
        for (GroupNumbers g : s.groups()) {
            ObjectNode node = groups.addObject();
            node.put("id", g.groupId());
            node.put("meanCostUsd", g.meanCostUsd());
            g.latencyMs().forEach((p, v) -> node.put(Objective.percentileKey(p) + "Ms", v));
        }
        return root;
    }

    private static void putIfPresent(ObjectNode node, String key, String value) {
        if (value != null) {
            node.put(key, value);
        }
    }

    private static JsonNode tree(Path file) {
        String text = ModelFiles.readText(file);
        try {
            return ModelFiles.mapperFor(file).readTree(text);
        } catch (JsonProcessingException e) {
            // kindOf already parsed the file, so this does not happen for a file that stays put
            throw new InputException(file.toString(), "", "The file is not valid YAML/JSON: " + e.getOriginalMessage());
        }
    }

    static Snapshot fromTree(JsonNode root, String file) {
        List<InputError> errors = new ArrayList<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                errors.add(new InputError(file, key, "The key (" + key + ") is not known here. Valid keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + "."));
            }
        }
        String workflow = text(root, "workflow", file, errors, true);
        String workflowHash = text(root, "workflowHash", file, errors, true);
        String profileHash = text(root, "profileHash", file, errors, false);
        String profileSource = text(root, "profileSource", file, errors, false);
        String modelVersion = text(root, "modelVersion", file, errors, false);
        ModelOptions model = model(root.get("model"), file, errors);
        JsonNode planNode = root.get("plan");
        Plan plan = null;
        if (planNode == null || !planNode.isObject()) {
            errors.add(new InputError(file, "plan", "The baseline has no plan. Write baselines with dagfuse check "
                    + "--write-baseline."));
        } else {
            try {
                plan = ModelFiles.planFromTree(planNode, file);
            } catch (InputException e) {
                e.errors().forEach(err -> errors.add(new InputError(file, "plan" + (err.path().isEmpty() ? "" : "."
                        + err.path()), err.message())));
            }
            if (plan != null && (plan.predicted() == null || plan.predicted().latencyMs().isEmpty())) {
                errors.add(new InputError(file, "plan.predicted", "The baseline's plan has no predicted numbers."));
            }
        }
        List<GroupNumbers> groups = groups(root.get("groups"), file, errors);
        if (plan != null && workflow != null && !workflow.equals(plan.workflow())) {
            errors.add(new InputError(file, "plan.workflow", "The plan is for workflow (" + plan.workflow()
                    + "), the baseline for (" + workflow + "); they must be the same."));
        }
        if (plan != null) {
            Set<String> ids = new java.util.HashSet<>();
            plan.groups().forEach(g -> ids.add(g.id()));
            for (int i = 0; i < groups.size(); i++) {
                if (!ids.contains(groups.get(i).groupId())) {
                    errors.add(new InputError(file, "groups[" + i + "].id", "The group (" + groups.get(i).groupId()
                            + ") is not in the plan. Its groups: " + String.join(", ", ids.stream().sorted().toList()) + "."));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
        return new Snapshot(workflow, workflowHash, profileHash, profileSource, modelVersion, model, plan, groups);
    }

    private static String text(JsonNode root, String key, String file, List<InputError> errors, boolean required) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                errors.add(new InputError(file, key, "The baseline has no " + key + ". Write baselines with dagfuse check "
                        + "--write-baseline."));
            }
            return null;
        }
        if (!node.isValueNode()) {
            errors.add(new InputError(file, key, "The value is not a text value."));
            return null;
        }
        return node.asText();
    }

    private static ModelOptions model(JsonNode node, String file, List<InputError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new InputError(file, "model", "The value is not a mapping of samples, seed and percentiles."));
            return null;
        }
        JsonNode samples = node.get("samples");
        JsonNode seed = node.get("seed");
        JsonNode ps = node.get("percentiles");
        int before = errors.size();
        if (samples == null || !samples.canConvertToInt() || !samples.isIntegralNumber() || samples.asInt() < 1
                || samples.asInt() > Ranges.MAX_SAMPLES) {
            errors.add(new InputError(file, "model.samples", "The samples must be a whole number within 1.."
                    + Ranges.MAX_SAMPLES + ", e.g. 10000."));
        }
        if (seed == null || !seed.isIntegralNumber()) {
            errors.add(new InputError(file, "model.seed", "The seed must be a whole number, e.g. 42."));
        }
        List<Double> percentiles = new ArrayList<>();
        if (ps == null || !ps.isArray() || ps.isEmpty()) {
            errors.add(new InputError(file, "model.percentiles", "The percentiles must be a list of numbers, e.g. [50, 95]."));
        } else {
            for (int i = 0; i < ps.size(); i++) {
                JsonNode p = ps.get(i);
                if (!p.isNumber() || !(p.asDouble() > 0 && p.asDouble() < 100)) {
                    errors.add(new InputError(file, "model.percentiles[" + i + "]", "The percentile (" + p
                            + ") must be a number > 0 and < 100."));
                } else {
                    percentiles.add(p.asDouble());
                }
            }
        }
        JsonNode rate = node.get("ratePerSecond");
        if (rate != null && !(rate.isNumber() && rate.asDouble() > 0 && rate.asDouble() <= Ranges.MAX_RATE_PER_SECOND)) {
            errors.add(new InputError(file, "model.ratePerSecond", dev.dagfuse.model.Load.problem(rate.asDouble(),
                    "model")));
        }
        if (errors.size() > before) {
            return null;
        }
        return new ModelOptions(samples.asInt(), seed.asLong(), percentiles, rate == null ? 0 : rate.asDouble());
    }

    private static List<GroupNumbers> groups(JsonNode node, String file, List<InputError> errors) {
        List<GroupNumbers> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            errors.add(new InputError(file, "groups", "The value is not a list of groups."));
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String path = "groups[" + i + "]";
            JsonNode g = node.get(i);
            if (!g.isObject()) {
                errors.add(new InputError(file, path, "The value is not a mapping with id, meanCostUsd and p<N>Ms."));
                continue;
            }
            String id = null;
            double cost = Double.NaN;
            Map<Double, Double> latency = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : g.properties()) {
                Matcher m = PERCENTILE_KEY.matcher(e.getKey());
                if (e.getKey().equals("id") && e.getValue().isTextual()) {
                    id = e.getValue().asText();
                } else if ((e.getKey().equals("meanCostUsd") || m.matches()) && e.getValue().isNumber()
                        && !(e.getValue().asDouble() >= 0 && Double.isFinite(e.getValue().asDouble()))) {
                    errors.add(new InputError(file, path + "." + e.getKey(), "The " + e.getKey() + " ("
                            + e.getValue().asDouble() + ") must be a finite number ≥ 0. Maybe write the baseline again "
                            + "with dagfuse check --write-baseline."));
                } else if (e.getKey().equals("meanCostUsd") && e.getValue().isNumber()) {
                    cost = e.getValue().asDouble();
                } else if (m.matches() && e.getValue().isNumber()) {
                    latency.put(Double.parseDouble(m.group(1)), e.getValue().asDouble());
                } else {
                    errors.add(new InputError(file, path + "." + e.getKey(), "The key (" + e.getKey() + ") with value ("
                            + e.getValue() + ") is not valid here. Valid: id (text), meanCostUsd and p<N>Ms (numbers)."));
                }
            }
            if (id == null || Double.isNaN(cost)) {
                if (errors.stream().noneMatch(err -> err.path().startsWith(path + "."))) {
                    errors.add(new InputError(file, path, "The group needs an id and a meanCostUsd."));
                }
                continue;
            }
            out.add(new GroupNumbers(id, latency, cost));
        }
        return out;
    }
}
