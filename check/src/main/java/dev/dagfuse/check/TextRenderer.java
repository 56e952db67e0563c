package dev.dagfuse.check;

import java.util.ArrayList;
import java.util.List;

/** The check for a terminal: verdict, the totals table, the changed groups, the reasons. */
final class TextRenderer {

    private TextRenderer() {
    }

    static String render(CheckResult r) {
        StringBuilder out = new StringBuilder();
        out.append(Summary.headline(r)).append('\n');
        String blame = Summary.blameLine(r);
        if (blame != null) {
            out.append(blame).append('\n');
        }
        out.append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"", "baseline", "current", "change", "limit", ""});
        for (MetricCheck m : r.totals()) {
            rows.add(new String[] {m.name(), Formats.value(m, m.baseline()), Formats.value(m, m.current()),
                    Formats.change(m.change()), Formats.limit(m), Formats.status(m.status())});
        }
        table(out, rows);
        List<GroupChange> changed = r.changedGroups();
        out.append('\n');
        if (changed.isEmpty()) {
            out.append("No group changed (").append(r.groups().size()).append(" groups).\n");
        } else {
            out.append("Groups that changed (").append(changed.size()).append(" of ").append(r.groups().size())
                    .append("; * = named as a cause):\n");
            for (GroupChange g : changed) {
                out.append(g.blamed() ? "* " : "  ").append(Summary.groupLine(g)).append('\n');
            }
        }
        if (!r.reasons().isEmpty()) {
            out.append('\n').append("Reasons:\n");
            r.reasons().forEach(reason -> out.append("  ").append(reason).append('\n'));
        }
        out.append('\n').append("Baseline: ").append(Summary.baselineDescription(r.baseline())).append(". Current: ")
                .append(Summary.currentDescription(r)).append(". Tolerances: ").append(r.tolerances())
                .append(".\n");
        return out.toString();
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = row[i];
                String pad = " ".repeat(width[i] - cell.length());
                // names left-aligned, numbers right-aligned
                line.append(i == 0 || i == columns - 1 ? cell + pad : pad + cell);
                if (i < columns - 1) {
                    line.append("  ");
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
