// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.app.render.Format;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.Fixtures.G;
import dev.dagfuse.check.RegressionCheck;
import dev.dagfuse.check.Snapshot;
import dev.dagfuse.check.Tolerances;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.dagfuse.check.Fixtures.fused;
import static dev.dagfuse.check.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

class CheckRenderersTest {

    private static CheckResult regression() {
        Snapshot after = snapshot(G.of("split", 1024, 400, 0.00002), G.of("extract", 2048, 500, 0.00025).fanOut(30, 1),
                G.of("classify", 2048, 550, 0.00025).fanOut(30, 1), G.of("merge", 512, 150, 0.000003));
        return RegressionCheck.compare(snapshot(fused()), after, Tolerances.DEFAULT);
    }

    private static CheckResult pass() {
        Snapshot s = snapshot(fused());
        return RegressionCheck.compare(s, s, Tolerances.DEFAULT);
    }

    @Test
    void textHasTheVerdictTheTableAndTheCause() {
        String text = CheckRenderers.render(Format.TEXT, regression());
        assertThat(text.lines().findFirst().orElseThrow())
                .isEqualTo("REGRESSION  video-analytics: cost per 1M requests +23.1% (limit +5%), P50 +10.3% (limit +5%), "
                        + "P95 +10.3% (limit +5%)");
        assertThat(text).contains("Group extract+classify → extract, classify caused it.")
                .containsPattern("cost per 1M requests +\\$433\\.00 +\\$533\\.00 +\\+23\\.1% +\\+5% +REGRESSED")
                .contains("* extract+classify → extract, classify: fusion removed: extract+classify split into extract, "
                        + "classify; memory 2048 → 2048 + 2048 MB; cost per 1M requests $400.00 → $500.00 (+25.0%); "
                        + "P50 ≈900ms → ≈1.05s (+16.7%)");
        assertThat(CheckRenderers.render(Format.TEXT, pass())).startsWith("PASS  video-analytics: no change ($433.00 per 1M requests)")
                .contains("No group changed (3 groups).");
    }

    @Test
    void markdownIsAPullRequestComment() {
        String md = CheckRenderers.render(Format.MARKDOWN, regression());
        assertThat(md).startsWith("### ❌ dagfuse check failed: `video-analytics`\n\n**Regression:** cost per 1M requests")
                .contains("| | baseline | current | change | limit | |\n|---|---:|---:|---:|---:|:---:|\n")
                .contains("| cost per 1M requests | $433.00 | $533.00 | **+23.1%** | +5% | ❌ |")
                .contains("| ❌ `extract+classify → extract, classify` | fusion removed: extract+classify split into "
                        + "extract, classify; memory 2048 → 2048 + 2048 MB | $400.00 → $500.00 (**+25.0%**) | ")
                .contains("| group | plan change | cost per 1M | P95 (group) |");
        assertThat(CheckRenderers.render(Format.MARKDOWN, pass())).startsWith("### ✅ dagfuse check passed: `video-analytics`")
                .contains("| P95 | 2.18s | 2.18s | 0% | +5% | ✅ |");
    }

    @Test
    void jsonHasEveryNumber() throws Exception {
        JsonNode root = new ObjectMapper().readTree(CheckRenderers.render(Format.JSON, regression()));
        assertThat(root.get("verdict").asText()).isEqualTo("REGRESSION");
        assertThat(root.get("totals").get(0).get("change").asDouble()).isCloseTo(0.2309, org.assertj.core.data.Offset.offset(1e-3));
        JsonNode group = root.get("groups").get(1);
        assertThat(group.get("kind").asText()).isEqualTo("REGROUPED");
        assertThat(group.get("blamed").asBoolean()).isTrue();
        assertThat(group.get("currentGroups")).hasSize(2);
        assertThat(root.get("current").get("seed").asLong()).isEqualTo(42);
    }

    @Test
    void junitMakesEachCheckATestCase() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(CheckRenderers.render(Format.JUNIT, regression()).getBytes(StandardCharsets.UTF_8)));
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("dagfuse.check.video-analytics");
        assertThat(suite.getAttribute("tests")).isEqualTo("6"); // cost, P50, P95, 3 groups
        assertThat(suite.getAttribute("failures")).isEqualTo("4");
        NodeList cases = doc.getElementsByTagName("testcase");
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            if (c.getElementsByTagName("failure").getLength() > 0) {
                failed.add(c.getAttribute("name"));
            }
        }
        assertThat(failed).containsExactly("cost per 1M requests", "P50", "P95", "group extract+classify → extract, classify");
        Document passed = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(CheckRenderers.render(Format.JUNIT, pass()).getBytes(StandardCharsets.UTF_8)));
        assertThat(passed.getElementsByTagName("failure").getLength()).isZero();
        assertThat(passed.getElementsByTagName("testcase").getLength()).isEqualTo(6);
    }

    @Test
    void aFailureAloneLeadsTheVerdict() {
        Snapshot s = snapshot(fused());
        CheckResult r = RegressionCheck.compare(s, s, Tolerances.DEFAULT,
                List.of("The objective P95 ≤ 3.00s can no longer be met."), List.of("Re-planned with cp-sat."));
        assertThat(CheckRenderers.render(Format.TEXT, r))
                .startsWith("REGRESSION  video-analytics: The objective P95 ≤ 3.00s can no longer be met.\n")
                .contains("Current: Re-planned with cp-sat. Model 1, seed 42, 10,000 samples.");
        assertThat(CheckRenderers.render(Format.JUNIT, r)).contains("<testcase classname=\"dagfuse.check.video-analytics\" "
                + "name=\"objective\" time=\"0\">");
    }
}
