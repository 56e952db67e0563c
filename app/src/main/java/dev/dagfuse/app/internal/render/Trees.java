// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.ModelOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON/YAML trees that plan and evaluation outputs share, so that both name their numbers alike. */
final class Trees {

    private Trees() {
    }

    /** How the numbers were drawn: {@code kind}, {@code samples}, {@code seed}, {@code costUnit}. */
    static Map<String, Object> model(ModelOptions options, CostUnit unit, double ratePerSecond) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("kind", "monte-carlo");
        model.put("samples", options.samples());
        model.put("seed", options.seed());
        model.put("costUnit", Units.unitName(unit));
        if (ratePerSecond > 0) {
            model.put("ratePerSecond", ratePerSecond); // only with a rate: the outputs without one stay as they were
        }
        return model;
    }

    /** Percentiles as {@code p95Ms} (rounded to µs) and the cost: USD on Lambda, core-seconds on the local platform. */
    static Map<String, Object> numbers(Map<Double, Double> latency, double cost, CostUnit unit) {
        Map<String, Object> out = new LinkedHashMap<>();
        latency.forEach((p, v) -> out.put(Objective.percentileKey(p) + "Ms", Math.round(v * 1000) / 1000.0));
        if (unit == CostUnit.CORE_SECONDS) {
            out.put("meanCoreSeconds", cost);
        } else {
            out.put("meanCostUsd", cost);
            out.put("costPerMillionUsd", cost * 1e6);
        }
        return out;
    }

    /** One group's shape and its modelled numbers. */
    static Map<String, Object> groupRow(PlanGroup group, Evaluation.GroupEvaluation evaluation, CostUnit unit,
                                        double ratePerSecond) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", group.id());
        row.put("functions", group.functions());
        row.put("memoryMB", group.memoryMB());
        row.put("fanOut", group.fanOut());
        row.put("bundleSize", group.bundleSize());
        row.put("invocations", group.invocations());
        if (evaluation.provisioned() != null) {
            row.put("provisioned", evaluation.provisioned().environments());
            row.put("spillProbability", evaluation.provisioned().spill());
            row.put("provisionedCostUsd", evaluation.provisioned().keepCostUsd());
        }
        if (evaluation.snapStart()) {
            row.put("snapStart", true);
        }
        if (ratePerSecond > 0) {
            row.put("coldStartProbability", evaluation.coldStartProbability());
        }
        row.putAll(numbers(evaluation.latencyMs(), evaluation.meanCostUsd(), unit));
        return row;
    }
}
