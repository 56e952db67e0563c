// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one writer of text tables: columns padded to their widest cell (or to a fixed width, which a longer cell
 * overflows in its row only, as printf does), each left- or right-aligned, a gap between columns, trailing spaces
 * dropped. Also the same rows as a Markdown table.
 */
public final class TextTable {

    public enum Align { LEFT, RIGHT }

    private final Align[] align;
    private final int[] fixedWidth;
    private final String gap;
    private final String newline;

    private TextTable(Align[] align, int[] fixedWidth, String gap, String newline) {
        this.align = align;
        this.fixedWidth = fixedWidth;
        this.gap = gap;
        this.newline = newline;
    }

    /** Columns aligned as given, two spaces apart, as wide as their widest cell. */
    public static TextTable of(Align... align) {
        return new TextTable(align.clone(), null, "  ", "\n");
    }

    /** Names left, numbers right: the first {@code leftColumns} columns and the last one left-aligned. */
    public static TextTable namesLeft(int leftColumns, int columns) {
        Align[] align = new Align[columns];
        for (int c = 0; c < columns; c++) {
            align[c] = c < leftColumns || c == columns - 1 ? Align.LEFT : Align.RIGHT;
        }
        return of(align);
    }

    /** These columns at fixed widths. */
    public TextTable fixed(int... widths) {
        if (widths.length != align.length) {
            throw new IllegalArgumentException("The widths (" + widths.length + ") must be one per column ("
                    + align.length + ").");
        }
        return new TextTable(align, widths.clone(), gap, newline);
    }

    /** These columns with {@code gap} between them. */
    public TextTable gap(String gap) {
        return new TextTable(align, fixedWidth, gap, newline);
    }

    /** Lines ended with {@code newline}. */
    public TextTable newline(String newline) {
        return new TextTable(align, fixedWidth, gap, newline);
    }

    /** The rows (a header first, if any), each with one cell per column. */
    public String render(List<List<String>> rows) {
        int[] width = fixedWidth != null ? fixedWidth : new int[align.length];
        if (fixedWidth == null) {
            for (List<String> row : rows) {
                for (int c = 0; c < align.length; c++) {
                    width[c] = Math.max(width[c], row.get(c).length());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < align.length; c++) {
                String cell = row.get(c);
                String pad = " ".repeat(Math.max(0, width[c] - cell.length()));
                line.append(align[c] == Align.LEFT ? cell + pad : pad + cell);
                if (c < align.length - 1) {
                    line.append(gap);
                }
            }
            out.append(line.toString().stripTrailing()).append(newline);
        }
        return out.toString();
    }

    /** A header and rows. */
    public String render(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return render(all);
    }

    /** Rows given as arrays (a header first, if any). */
    public String renderArrays(List<String[]> rows) {
        return render(rows.stream().map(Arrays::asList).toList());
    }

    /** The header and rows as a Markdown table, aligned as this table; a {@code |} in a cell is escaped. */
    public String markdown(List<String> header, List<List<String>> rows) {
        StringBuilder out = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
        for (Align a : align) {
            out.append(a == Align.LEFT ? "---|" : "---:|");
        }
        out.append('\n');
        for (List<String> r : rows) {
            out.append("| ").append(String.join(" | ", r.stream().map(s -> s.replace("|", "\\|")).toList())).append(" |\n");
        }
        return out.toString();
    }
}
