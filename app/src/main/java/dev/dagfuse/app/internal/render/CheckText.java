// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.GroupChange;
import dev.dagfuse.check.MetricCheck;

import java.util.ArrayList;
import java.util.List;

/** The check for a terminal: verdict, the totals table, the changed groups, the reasons. */
final class CheckText {

    private CheckText() {
    }

    static String render(CheckResult r) {
        StringBuilder out = new StringBuilder();
        out.append(CheckSentences.headline(r)).append('\n');
        String blame = CheckSentences.blameLine(r);
        if (blame != null) {
            out.append(blame).append('\n');
        }
        out.append('\n');
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("", "baseline", "current", "change", "limit", ""));
        for (MetricCheck m : r.totals()) {
            rows.add(List.of(m.name(), CheckSentences.value(m, m.baseline()), CheckSentences.value(m, m.current()),
                    Units.change(m.change()), Units.limit(m.limit()), status(m.status())));
        }
        // names left-aligned, numbers right-aligned
        out.append(TextTable.namesLeft(1, 6).render(rows));
        List<GroupChange> changed = r.changedGroups();
        out.append('\n');
        if (changed.isEmpty()) {
            out.append("No group changed (").append(r.groups().size()).append(" groups).\n");
        } else {
            out.append("Groups that changed (").append(changed.size()).append(" of ").append(r.groups().size())
                    .append("; * = named as a cause):\n");
            for (GroupChange g : changed) {
                out.append(g.blamed() ? "* " : "  ").append(CheckSentences.groupLine(g)).append('\n');
            }
        }
        if (!r.reasons().isEmpty()) {
            out.append('\n').append("Reasons:\n");
            r.reasons().forEach(reason -> out.append("  ").append(reason).append('\n'));
        }
        out.append('\n').append("Baseline: ").append(CheckSentences.baselineDescription(r.baseline())).append(". Current: ")
                .append(CheckSentences.currentDescription(r)).append(". Tolerances: ").append(Units.tolerances(r.tolerances()))
                .append(".\n");
        return out.toString();
    }

    private static String status(MetricCheck.Status status) {
        return switch (status) {
            case OK -> "ok";
            case IMPROVED -> "improved";
            case REGRESSED -> "REGRESSED";
            case MISSING -> "missing";
        };
    }
}
