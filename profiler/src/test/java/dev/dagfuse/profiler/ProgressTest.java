// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void theBarRedrawsInPlaceAndKeepsNotesOnTheirOwnLines() {
        StringWriter text = new StringWriter();
        try (Progress p = Progress.bar(new PrintWriter(text), "profile demo")) {
            p.addSteps(4);
            p.phase("split (1/2): 1 thread, 4 runs");
            for (int i = 0; i < 4; i++) {
                p.step();
            }
            p.note("split (1/2): 1769 MB p50 12ms");
        }
        String out = text.toString();
        assertThat(out).contains("\r").contains("profile demo").contains("4/4");
        // the note is printed after clearing the bar's line, and ends its own line
        assertThat(out).containsPattern("\r +\rsplit \\(1/2\\): 1769 MB p50 12ms\\R");
    }

    @Test
    void plainProgressPrintsPhasesAndNotesAsLines() {
        StringWriter text = new StringWriter();
        try (Progress p = Progress.plain(new PrintWriter(text))) {
            p.addSteps(2);
            p.phase("a: 1 thread");
            p.step();
            p.note("a: done");
        }
        assertThat(text.toString().lines()).containsExactly("a: 1 thread", "a: done");
    }
}
