// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

class HtmlReportTest {

    @Test
    void theReportIsOneSelfContainedFileWithTheThreeCharts() {
        String html = HtmlReport.render(ReportFixtures.data());
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("<svg id=\"dag\"", "<svg id=\"cdf\"", "<svg id=\"frontier\"", "<table id=\"group-table\"")
                .contains("default-src 'none'")
                .doesNotContain("http://", "https://", "<link", " src=");
        assertThat(ReportFixtures.count(html, "<g class=\"cluster")).isEqualTo(4);
        assertThat(html).contains("<g class=\"cluster fused bundled\" data-group=\"extract+classify\">")
                .contains("6 invocations × bundle of 5")
                .contains("class=\"target\"").contains("target P95 ≤ 3.00s")
                .contains("class=\"chosen-point\"").contains("class=\"as-deployed-point\"")
                .contains("<path class=\"cdf-line plan\"").contains("<path class=\"cdf-line as-deployed\"");
        assertThat(ReportFixtures.count(html, "class=\"frontier-point\"")).isEqualTo(8);
        // text is escaped
        assertThat(html).contains("through S3 &lt;&amp;&gt; &quot;quoted&quot;.");
        assertThat(html).contains("<dt>source</dt><dd>local-jvm</dd>");
    }

    @Test
    void theWaterfallShowsEachMoveAgainstTheRowAboveIt() {
        String html = HtmlReport.render(ReportFixtures.data());
        String table = html.substring(html.indexOf("<table id=\"waterfall-table\">"));
        table = table.substring(0, table.indexOf("</table>"));
        assertThat(ReportFixtures.count(table, "<tr><td>")).isEqualTo(2);
        // as deployed $810 per 1M, then fusion $520: −35.8%
        assertThat(table).contains("<td>as deployed</td>").contains("<td>fusion</td>").contains("−35.8%")
                .contains("extract+classify@3008 ×5/30");
        // no second baseline in the fixture, so no sentence about it
        assertThat(html).doesNotContain("second baseline");
    }

    @Test
    void withoutAPlanEveryFunctionIsItsOwnCluster() {
        String svg = DagSvg.render(ReportFixtures.workflow(), null);
        assertThat(ReportFixtures.count(svg, "<g class=\"cluster")).isEqualTo(5);
        assertThat(ReportFixtures.count(svg, "<g class=\"edge\"")).isEqualTo(5);
        assertThat(svg).contains(">scatter<").contains(">gather<");
    }

    @Test
    void ticksAreRound() {
        assertThat(Svg.ticks(0, 3300, 6)).containsExactly(0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0, 3500.0);
        assertThat(Svg.ticks(0, 1, 5)).containsExactly(0.0, 0.2, 0.4, 0.6, 0.8, 1.0);
        assertThat(Svg.ticks(0, 3000, 6)).containsExactly(0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0);
        assertThat(Svg.ticks(0.00042, 0.00097, 5)).first().isEqualTo(0.0004);
    }
}
