// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.optimizer.Evaluation;

import java.util.List;

/**
 * The columns of a plan's groups with provisioned concurrency or SnapStart (shown only when some group has one, so
 * that other plans' tables stay as they were): how its invocations start (on demand, SnapStart, or the provisioned
 * environments), Erlang B's share of invocations spilled to on demand, and what keeping the environments costs (part
 * of the group's cost).
 */
final class Provisioning {

    static final List<String> HEADER = List.of("start", "spill", "keep/1M req");
    static final List<String> EMPTY = List.of("", "", "");

    private Provisioning() {
    }

    /**
     * The hourly pattern's outcome, one line: the binding hours and their rate, each distinct rate's latency at the
     * judged percentile, the day's requests and cost; null without a pattern.
     */
    static String hoursLine(Evaluation evaluation, CostUnit unit) {
        Evaluation.Hours h = evaluation.hours();
        if (h == null) {
            return null;
        }
        List<Integer> binding = h.bindingHours();
        StringBuilder out = new StringBuilder("binding ").append(binding.size() == 1 ? "hour " : "hours ")
                .append(ranges(binding)).append(" at ").append(Units.rate(h.bindingRate())).append(" (")
                .append(Units.percentile(h.percentile())).append(' ');
        StringBuilder others = new StringBuilder();
        h.byRate().forEach((rate, ms) -> {
            if (rate == h.bindingRate()) {
                out.append(Units.ms(ms));
            } else {
                others.append(others.length() == 0 ? "; " : ", ").append(Units.rate(rate)).append(": ").append(Units.ms(ms));
            }
        });
        double requests = h.hourly().stream().mapToDouble(Double::doubleValue).sum() * 3600;
        out.append(others).append("); the day: ").append(Units.count(Math.round(requests))).append(" requests, ")
                .append(unit == CostUnit.USD ? Units.usd(h.dayCostUsd()) : Units.costPerRequest(unit, h.dayCostUsd()) + " core-seconds");
        return out.toString();
    }

    /** Hours as ranges, e.g. {@code 9–23} or {@code 0–7, 9}. */
    private static String ranges(List<Integer> hours) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < hours.size(); i++) {
            int from = hours.get(i);
            int to = from;
            while (i + 1 < hours.size() && hours.get(i + 1) == to + 1) {
                to = hours.get(++i);
            }
            out.append(out.length() == 0 ? "" : ", ").append(from).append(to > from ? "–" + to : "");
        }
        return out.toString();
    }

    /** The JSON/YAML form of {@link #hoursLine}; null without a pattern. */
    static java.util.Map<String, Object> hoursTree(Evaluation evaluation) {
        Evaluation.Hours h = evaluation.hours();
        if (h == null) {
            return null;
        }
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("hourlyRatesPerSecond", h.hourly());
        out.put("percentile", h.percentile());
        out.put("bindingRatePerSecond", h.bindingRate());
        out.put("bindingHours", h.bindingHours());
        java.util.Map<String, Double> byRate = new java.util.LinkedHashMap<>();
        h.byRate().forEach((rate, ms) -> byRate.put(String.valueOf(rate), Math.round(ms * 1000) / 1000.0));
        out.put("latencyMsByRate", byRate);
        out.put("dayCostUsd", h.dayCostUsd());
        return out;
    }

    static boolean any(Evaluation evaluation) {
        return evaluation.groups().stream().anyMatch(g -> g.provisioned() != null || g.snapStart());
    }

    static List<String> cells(Evaluation.GroupEvaluation group, CostUnit unit) {
        Evaluation.Provisioned p = group.provisioned();
        if (p == null) {
            return List.of(group.snapStart() ? "SnapStart" : "on demand", "", "");
        }
        return List.of(p.environments() + " provisioned", Units.probability(p.spill()),
                Units.costColumn(unit, p.keepCostUsd()));
    }
}
