// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.dagfuse.app.internal.render.TextTable.Align.LEFT;
import static dev.dagfuse.app.internal.render.TextTable.Align.RIGHT;
import static org.assertj.core.api.Assertions.assertThat;

class TextTableTest {

    private static final List<String> HEADER = List.of("group", "memory", "basis");
    private static final List<List<String>> ROWS = List.of(List.of("split", "768 MB", "measured"),
            List.of("extract + classify", "3008 MB", ""));

    @Test
    void namesLeftNumbersRightTrailingSpacesDropped() {
        assertThat(TextTable.namesLeft(1, 3).render(HEADER, ROWS)).isEqualTo("""
                group                memory  basis
                split                768 MB  measured
                extract + classify  3008 MB
                """);
    }

    @Test
    void fixedWidthsAreOverflowedByALongerCellInItsRowOnly() {
        TextTable table = TextTable.of(LEFT, RIGHT).fixed(4, 6).gap(" ");
        assertThat(table.render(List.of(List.of("ab", "1.0"), List.of("abcdef", "22.5"), List.of("x", "1234567.0"))))
                .isEqualTo("ab      1.0\nabcdef   22.5\nx    1234567.0\n");
    }

    @Test
    void theSameRowsAsMarkdownEscapeBars() {
        assertThat(TextTable.namesLeft(1, 3).markdown(HEADER, List.of(List.of("a|b", "1 MB", "x"))))
                .isEqualTo("| group | memory | basis |\n|---|---:|---|\n| a\\|b | 1 MB | x |\n");
    }
}
