// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.internal.Problems;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON/YAML form of a plan ({@code kind: Plan}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "workflow", "objective", "orchestration", "groups", "predicted", "model",
        "solver"})
public record PlanSpec(String apiVersion, String kind, String workflow, ObjectiveJson objective, String orchestration,
                       List<GroupSpec> groups, Map<String, Double> predicted, ModelSpec model, SolverSpec solver) {

    /**
     * How the predicted numbers were drawn: {@code model: {samples: 10000, seed: 42, version: "3"}}, with
     * {@code ratePerSecond} when they were drawn for an arrival rate.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"samples", "seed", "version", "ratePerSecond"})
    public record ModelSpec(Integer samples, Long seed, String version, Double ratePerSecond) {
    }

    private static final Pattern PERCENTILE_KEY = Pattern.compile("p(\\d+(?:\\.\\d+)?)Ms");

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"percentile", "targetMs", "budgetUsd"})
    public record ObjectiveJson(Double percentile, Double targetMs, Double budgetUsd) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"id", "functions", "memoryMB", "fanOut", "bundleSize", "invocations", "architecture", "map"})
    public record GroupSpec(String id, List<String> functions, Integer memoryMB, Integer fanOut, Integer bundleSize,
                            Integer invocations, String architecture, String map, Integer provisioned,
                            Boolean snapStart) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "status", "wallMs", "iterations", "gap", "stoppedBy", "searchSamples"})
    public record SolverSpec(String name, String status, Long wallMs, Integer iterations, Double gap, String stoppedBy,
                             Integer searchSamples) {
    }

    public Plan toDomain(Problems problems) {
        if (workflow == null || workflow.isBlank()) {
            problems.add("workflow", "The plan does not name its workflow. Add workflow: <the workflow's name>.");
        }
        Objective obj = null;
        if (objective != null) {
            try {
                if (objective.budgetUsd != null && objective.targetMs != null) {
                    problems.add("objective", "The objective has both targetMs and budgetUsd; keep one.");
                } else if (objective.budgetUsd != null) {
                    obj = new Objective.Budget(objective.budgetUsd, objective.percentile == null ? 95 : objective.percentile);
                } else if (objective.targetMs != null) {
                    obj = new Objective.Latency(objective.percentile == null ? 95 : objective.percentile, objective.targetMs);
                }
            } catch (IllegalArgumentException e) {
                problems.add("objective", e.getMessage());
            }
        }
        List<PlanGroup> out = new ArrayList<>();
        if (groups == null || groups.isEmpty()) {
            problems.add("groups", "The plan has no groups. Each function must be in exactly one group.");
        } else if (groups.size() > Ranges.MAX_FUNCTIONS) {
            problems.add("groups", "The plan has " + groups.size() + " groups; at most " + Ranges.MAX_FUNCTIONS + ".");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < groups.size(); i++) {
                PlanGroup g = group(groups.get(i), "groups[" + i + "]", problems);
                if (g != null) {
                    if (!ids.add(g.id())) {
                        problems.add("groups[" + i + "].id", "The group id (" + g.id() + ") is used twice; ids must be unique.");
                    }
                    out.add(g);
                }
            }
        }
        Predicted pred = null;
        if (predicted != null) {
            Map<Double, Double> latency = new LinkedHashMap<>();
            double cost = Double.NaN;
            for (Map.Entry<String, Double> e : predicted.entrySet()) {
                Matcher m = PERCENTILE_KEY.matcher(e.getKey());
                if (e.getValue() == null) {
                    problems.add("predicted." + e.getKey(), "The value is empty; give a number.");
                } else if (!(e.getValue() >= 0) || e.getValue().isInfinite()) {
                    // a gate must not compare with numbers it cannot read: Infinity made every row "missing", then PASS
                    problems.add("predicted." + e.getKey(), "The predicted " + e.getKey() + " (" + e.getValue()
                            + ") must be a finite number ≥ 0. Maybe write the plan again with dagfuse plan -o.");
                } else if (m.matches()) {
                    latency.put(Double.parseDouble(m.group(1)), e.getValue());
                } else if (e.getKey().equals("meanCostUsd")) {
                    cost = e.getValue();
                } else if (!e.getKey().equals("costPerMillionUsd")) {
                    problems.add("predicted." + e.getKey(), "The key (" + e.getKey() + ") is not known here. Valid keys: "
                            + "p<N>Ms (e.g. p95Ms), meanCostUsd, costPerMillionUsd.");
                }
            }
            Predicted.Model basis = null;
            if (model != null) {
                if (model.samples == null || model.samples < 1 || model.samples > Ranges.MAX_SAMPLES) {
                    problems.add("model.samples", "The samples (" + model.samples + ") must be within 1.."
                            + Ranges.MAX_SAMPLES + ": the Monte Carlo requests the predicted numbers were drawn from. "
                            + "Maybe 10000.");
                } else if (model.seed == null) {
                    problems.add("model.seed", "The model block has no seed. Maybe 42.");
                } else if (model.ratePerSecond != null && !(model.ratePerSecond > 0
                        && model.ratePerSecond <= Ranges.MAX_RATE_PER_SECOND)) {
                    problems.add("model.ratePerSecond", dev.dagfuse.model.Load.problem(model.ratePerSecond, "model"));
                } else {
                    basis = new Predicted.Model(model.samples, model.seed, model.version == null ? "unknown" : model.version,
                            model.ratePerSecond == null ? 0 : model.ratePerSecond);
                }
            }
            pred = new Predicted(latency, Double.isNaN(cost) ? 0 : cost, basis);
        } else if (model != null) {
            problems.add("model", "The plan has a model block but no predicted numbers; remove it or add predicted:.");
        }
        Orchestration orch = null;
        if (orchestration != null) {
            orch = Orchestration.ofYaml(orchestration);
            if (orch == null) {
                problems.add("orchestration", "The orchestration (" + orchestration + ") is not known. Valid: standard, "
                        + "express (Step Functions workflow types).");
            }
        }
        SolverInfo info = solver == null ? SolverInfo.manual()
                : new SolverInfo(solver.name == null ? "manual" : solver.name, solver.status == null ? "GIVEN" : solver.status,
                solver.wallMs == null ? 0 : solver.wallMs, solver.iterations == null ? 0 : solver.iterations,
                solver.gap == null ? Double.NaN : solver.gap, solver.stoppedBy,
                solver.searchSamples == null ? 0 : solver.searchSamples);
        problems.throwIfAny();
        return new Plan(workflow, obj, out, pred, info, orch);
    }

    private static PlanGroup group(GroupSpec g, String path, Problems problems) {
        int before = problems.count();
        if (g == null) {
            problems.add(path, "The group is empty.");
            return null;
        }
        if (g.functions == null || g.functions.isEmpty()) {
            problems.add(path + ".functions", "The group has no functions. List the chain it fuses, e.g. [extract, classify].");
        }
        int fanOut = g.fanOut == null ? 1 : g.fanOut;
        if (fanOut < 1 || fanOut > Ranges.MAX_FAN_OUT) {
            problems.add(path + ".fanOut", "The fanOut (" + fanOut + ") must be within 1.." + Ranges.MAX_FAN_OUT + ".");
        }
        int bundle = g.bundleSize == null ? 1 : g.bundleSize;
        if (bundle < 1 || bundle > Math.max(fanOut, 1)) {
            problems.add(path + ".bundleSize", "The bundleSize (" + bundle + ") must be within 1.." + fanOut
                    + " (the group's fanOut).");
        }
        if (g.memoryMB == null) {
            problems.add(path + ".memoryMB", "The group has no memoryMB. Maybe 1024.");
        }
        Architecture architecture = null;
        if (g.architecture != null) {
            architecture = Architecture.ofYaml(g.architecture);
            if (architecture == null) {
                problems.add(path + ".architecture", "The architecture (" + g.architecture + ") is not known. Valid: "
                        + "x86_64, arm64.");
            }
        }
        MapForm map = null;
        if (g.map != null) {
            map = MapForm.ofYaml(g.map);
            if (map == null) {
                problems.add(path + ".map", "The map (" + g.map + ") is not known. Valid: inline, distributed-standard, "
                        + "distributed-express.");
            } else if (fanOut <= 1) {
                problems.add(path + ".map", "The group has no fan-out, so it has no Map state; remove map: " + g.map + ".");
            }
        }
        if (g.provisioned != null && (g.provisioned < 1 || g.provisioned > Ranges.MAX_PROVISIONED)) {
            problems.add(path + ".provisioned", "The provisioned concurrency (" + g.provisioned + ") must be within 1.."
                    + Ranges.MAX_PROVISIONED + " environments; leave it out for a group on demand.");
        }
        boolean snapStart = Boolean.TRUE.equals(g.snapStart);
        if (snapStart && g.provisioned != null) {
            problems.add(path + ".snapStart", "The group has SnapStart and provisioned concurrency (" + g.provisioned
                    + "); AWS Lambda allows one or the other. Remove one of them.");
        }
        if (problems.count() > before) {
            return null;
        }
        int invocations = PlanGroup.invocations(fanOut, bundle);
        if (g.invocations != null && g.invocations != invocations) {
            problems.add(path + ".invocations", "The invocations (" + g.invocations + ") must be ceil(fanOut / bundleSize) = "
                    + invocations + ".");
            return null;
        }
        String id = g.id == null ? String.join("+", g.functions) : g.id;
        return new PlanGroup(id, g.functions, g.memoryMB, fanOut, bundle, invocations, architecture, map, g.provisioned,
                snapStart);
    }

    public static PlanSpec of(Plan plan) {
        ObjectiveJson obj = null;
        if (plan.objective() instanceof Objective.Latency l) {
            obj = new ObjectiveJson(l.percentile(), l.targetMs(), null);
        } else if (plan.objective() instanceof Objective.Budget b) {
            obj = new ObjectiveJson(b.percentile(), null, b.budgetUsd());
        }
        List<GroupSpec> gs = plan.groups().stream().map(g -> new GroupSpec(g.id(), g.functions(), g.memoryMB(), g.fanOut(),
                g.bundleSize(), g.invocations(), g.architecture() == null ? null : g.architecture().yamlName(),
                g.map() == null ? null : g.map().yamlName(), g.provisioned(),
                g.snapStart() ? Boolean.TRUE : null)).toList();
        Map<String, Double> pred = null;
        if (plan.predicted() != null) {
            pred = new LinkedHashMap<>();
            for (Map.Entry<Double, Double> e : plan.predicted().latencyMs().entrySet()) {
                pred.put(Objective.percentileKey(e.getKey()) + "Ms", e.getValue());
            }
            pred.put("meanCostUsd", plan.predicted().meanCostUsd());
            pred.put("costPerMillionUsd", plan.predicted().costPerMillionUsd());
        }
        SolverInfo s = plan.solver();
        SolverSpec solverSpec = s == null ? null : new SolverSpec(s.name(), s.status(), s.wallMs(), s.iterations(),
                Double.isNaN(s.gap()) ? null : s.gap(), s.stoppedBy(), s.searchSamples() > 0 ? s.searchSamples() : null);
        Predicted.Model basis = plan.predicted() == null ? null : plan.predicted().model();
        ModelSpec modelSpec = basis == null ? null : new ModelSpec(basis.samples(), basis.seed(), basis.version(),
                basis.ratePerSecond() > 0 ? basis.ratePerSecond() : null);
        return new PlanSpec("dagfuse/v1", "Plan", plan.workflow(), obj,
                plan.orchestration() == null ? null : plan.orchestration().yamlName(), gs, pred, modelSpec, solverSpec);
    }
}
