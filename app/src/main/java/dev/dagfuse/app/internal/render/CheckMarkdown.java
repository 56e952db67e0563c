// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.GroupChange;
import dev.dagfuse.check.MetricCheck;
import dev.dagfuse.model.Objective;

import java.util.List;

/** The check as a pull-request comment: a verdict line, a table old → new with the change, the groups that changed. */
final class CheckMarkdown {

    private CheckMarkdown() {
    }

    static String render(CheckResult r) {
        StringBuilder out = new StringBuilder();
        out.append(r.passed() ? "### ✅ dagfuse check passed: `" : "### ❌ dagfuse check failed: `").append(r.workflow())
                .append("`\n\n");
        out.append(r.passed() ? "" : "**Regression:** ").append(escape(CheckSentences.verdictDetail(r))).append(".");
        String blame = CheckSentences.blameLine(r);
        if (blame != null) {
            out.append(' ').append(escape(blame));
        }
        out.append("\n\n");
        out.append("| | baseline | current | change | limit | |\n");
        out.append("|---|---:|---:|---:|---:|:---:|\n");
        for (MetricCheck m : r.totals()) {
            out.append("| ").append(m.name()).append(" | ").append(CheckSentences.value(m, m.baseline())).append(" | ")
                    .append(CheckSentences.value(m, m.current())).append(" | ")
                    .append(m.regressed() ? "**" + Units.change(m.change()) + "**" : Units.change(m.change()))
                    .append(" | ").append(Units.limit(m.limit())).append(" | ").append(icon(m)).append(" |\n");
        }
        List<GroupChange> changed = r.changedGroups();
        out.append('\n');
        if (changed.isEmpty()) {
            out.append("No group changed (").append(r.groups().size()).append(" groups).\n");
        } else {
            out.append("**Groups that changed** (").append(changed.size()).append(" of ").append(r.groups().size())
                    .append(")\n\n");
            out.append("| group | plan change | cost per 1M | ").append(latencyHeader(r)).append(" |\n");
            out.append("|---|---|---:|---:|\n");
            for (GroupChange g : changed) {
                out.append("| ").append(g.blamed() ? "❌ " : "").append('`').append(g.label()).append("` | ")
                        .append(g.configChanges().isEmpty() ? "–" : escape(String.join("; ", g.configChanges())))
                        .append(" | ").append(cell(g, "costPerMillionUsd")).append(" | ").append(cell(g, latencyKey(r)))
                        .append(" |\n");
            }
        }
        if (!r.reasons().isEmpty()) {
            out.append('\n');
            r.reasons().forEach(reason -> out.append("> ").append(escape(reason)).append('\n'));
        }
        out.append("\n<sub>Baseline: ").append(escape(CheckSentences.baselineDescription(r.baseline()))).append(". Current: ")
                .append(escape(CheckSentences.currentDescription(r))).append(". Tolerances: ")
                .append(escape(Units.tolerances(r.tolerances()))).append(". Numbers are the model's predictions, not measurements.</sub>\n");
        return out.toString();
    }

    private static String icon(MetricCheck m) {
        return switch (m.status()) {
            case REGRESSED -> "❌";
            case IMPROVED -> "⬇️";
            case OK -> "✅";
            case MISSING -> "–";
        };
    }

    /**
     * The percentile the group table shows: the objective's (P95 without one) if it regressed or nothing did, else
     * the first one that regressed.
     */
    private static String latencyKey(CheckResult r) {
        List<String> regressed = r.totals().stream().filter(m -> m.regressed() && !m.isCost()).map(MetricCheck::key).toList();
        double percentile = r.current().plan().objective() != null ? r.current().plan().objective().percentile()
                : r.baseline().plan().objective() != null ? r.baseline().plan().objective().percentile() : 95;
        String preferred = Objective.percentileKey(percentile) + "Ms";
        if (r.totals().stream().noneMatch(m -> m.key().equals(preferred))) {
            return regressed.isEmpty() ? r.totals().get(r.totals().size() - 1).key() : regressed.get(0);
        }
        return regressed.isEmpty() || regressed.contains(preferred) ? preferred : regressed.get(0);
    }

    private static String latencyHeader(CheckResult r) {
        String key = latencyKey(r);
        return r.totals().stream().filter(m -> m.key().equals(key)).map(MetricCheck::name).findFirst().orElse(key)
                + " (group)";
    }

    private static String cell(GroupChange g, String key) {
        return g.metrics().stream().filter(m -> m.key().equals(key)).findFirst()
                .map(m -> CheckSentences.value(m, m.baseline()) + " → " + CheckSentences.value(m, m.current()) + " ("
                        + (m.regressed() ? "**" + Units.change(m.change()) + "**" : Units.change(m.change())) + ")")
                .orElse("–");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }
}
