// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.GroupChange;
import dev.dagfuse.check.Hashes;
import dev.dagfuse.check.MetricCheck;
import dev.dagfuse.check.Snapshot;

import java.util.ArrayList;
import java.util.List;

/** Sentences the check's renderers share. */
final class CheckSentences {

    private CheckSentences() {
    }

    /** A check's number in its unit; a latency summed over several groups is marked ≈. */
    static String value(MetricCheck m, double value) {
        return m.isCost() ? Units.cost(m.unit(), value)
                : (m.approximate() && !Double.isNaN(value) ? "≈" : "") + Units.msOrNone(value);
    }

    /** "cost per 1M requests +12.3% (limit +5%), P95 +8.0% (limit +5%)", or what improved, or "within tolerance". */
    static String verdictDetail(CheckResult r) {
        List<String> parts = new ArrayList<>();
        for (MetricCheck m : r.regressions()) {
            parts.add(m.name() + " " + Units.change(m.change()) + " (limit " + Units.limit(m.limit()) + ")");
        }
        if (!r.failures().isEmpty()) {
            String failures = String.join(" ", r.failures());
            return parts.isEmpty() ? failures : failures.substring(0, failures.length() - 1) + "; "
                    + String.join(", ", parts);
        }
        if (!parts.isEmpty()) {
            return String.join(", ", parts);
        }
        MetricCheck cost = r.totals().get(0);
        List<String> moved = new ArrayList<>();
        for (MetricCheck m : r.totals()) {
            if (m.changed()) {
                moved.add(m.name() + " " + Units.change(m.change()));
            }
        }
        return moved.isEmpty() ? "no change (" + value(cost, cost.current()) + " per 1M requests)"
                : "within tolerance: " + String.join(", ", moved);
    }

    static String headline(CheckResult r) {
        return (r.passed() ? "PASS" : "REGRESSION") + "  " + r.workflow() + ": " + verdictDetail(r);
    }

    /** One line about a group: its label, what changed in the plan and its numbers' changes. */
    static String groupLine(GroupChange g) {
        List<String> parts = new ArrayList<>(g.configChanges());
        for (MetricCheck m : g.metrics()) {
            if (m.changed()) {
                parts.add(m.name() + " " + value(m, m.baseline()) + " → " + value(m, m.current()) + " ("
                        + Units.change(m.change()) + ")");
            }
        }
        return g.label() + ": " + (parts.isEmpty() ? "unchanged" : String.join("; ", parts));
    }

    static String blameLine(CheckResult r) {
        List<GroupChange> blamed = r.blamedGroups();
        if (blamed.isEmpty()) {
            return null;
        }
        return (blamed.size() == 1 ? "Group " : "Groups ") + String.join(", ", blamed.stream()
                .map(GroupChange::label).toList()) + " caused it.";
    }

    static String baselineDescription(Snapshot b) {
        if (b.isPlanOnly()) {
            return "plan file (" + b.plan().solver().name() + ")";
        }
        return "snapshot (model " + (b.modelVersion() == null ? "unknown" : b.modelVersion()) + ", profile "
                + (b.profileSource() == null ? "unknown" : b.profileSource()) + " " + Hashes.shortForm(b.profileHash())
                + ")";
    }

    static String modelDescription(Snapshot current) {
        if (current.model() == null) {
            return "model " + current.modelVersion();
        }
        return "model " + current.modelVersion() + ", seed " + current.model().seed() + ", "
                + Units.count(current.model().samples()) + " samples";
    }

    /** "Current: <notes> Model …, seed …, N samples." */
    static String currentDescription(CheckResult r) {
        String notes = String.join(" ", r.notes());
        return (notes.isEmpty() ? "" : notes + " ") + capitalize(modelDescription(r.current()));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
