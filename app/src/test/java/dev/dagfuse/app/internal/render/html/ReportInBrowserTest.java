// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import dev.dagfuse.app.ReportData;
import dev.dagfuse.app.ReportService;
import dev.dagfuse.app.Search;
import dev.dagfuse.app.Services;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The report in a real browser: headless Chromium (Debian's {@code chromium}; CI installs it, the test is skipped
 * where it is missing). The page records errors, console errors and blocked requests into its root element.
 * The screenshot stays in target/report-screenshots/ as an artifact.
 */
class ReportInBrowserTest {

    static Chromium chromium;
    static Path out = Path.of("target", "report-screenshots");

    @BeforeAll
    static void findChromium() throws Exception {
        chromium = Chromium.find().orElse(null);
        Files.createDirectories(out);
    }

    @Test
    void theReportRendersWithoutErrors() throws Exception {
        assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium); .ci/run installs it");
        Path html = out.resolve("fixture-report.html");
        Files.writeString(html, HtmlReport.render(ReportFixtures.data()));

        Chromium.Run run = chromium.dumpDom(html);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        String root = rootElement(run.dom());
        assertThat(root).contains("data-errors=\"0\"", "data-loaded=\"true\"", "data-svg-count=\"3\"");
        assertThat(run.consoleMessages()).isEmpty();
        assertThat(run.dom()).contains("<svg id=\"dag\"", "<svg id=\"cdf\"", "<svg id=\"frontier\"")
                .contains("<pre id=\"report-errors\" hidden=\"\"></pre>");
        assertThat(ReportFixtures.count(run.dom(), "<g class=\"cluster")).isEqualTo(4);
        assertThat(ReportFixtures.count(run.dom(), "<g class=\"edge\"")).isEqualTo(5);

        Path png = out.resolve("fixture-report.png");
        Files.deleteIfExists(png);
        Chromium.Run shot = chromium.screenshot(html, png, 1360, 1900);
        assertThat(shot.exitCode()).as(shot.stderr()).isZero();
        assertThat(shot.consoleMessages()).isEmpty();
        assertThat(png).exists();
        byte[] bytes = Files.readAllBytes(png);
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        assertThat(bytes.length).isGreaterThan(20_000); // a blank page compresses to a few KB
    }

    /** A report built by the real model from the hand-written fixture (src/test/resources/video). */
    @Test
    void aReportOfTheModelsNumbersRendersWithoutErrors() throws Exception {
        assumeTrue(chromium != null, "chromium is not installed (apt-get install chromium); .ci/run installs it");
        Path dir = Path.of("src/test/resources/video");
        ReportData data = (ReportData) Services.report().report(new ReportService.Request(dir.resolve("workflow.yaml"),
                null, dir.resolve("plan-fused.json"), Search.of("cp-sat", Duration.ofSeconds(30)), 4, "dagfuse test"));
        Path html = out.resolve("video-report.html");
        Files.writeString(html, HtmlReport.render(data));
        Chromium.Run run = chromium.dumpDom(html);
        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(rootElement(run.dom())).contains("data-errors=\"0\"", "data-loaded=\"true\"", "data-svg-count=\"3\"");
        assertThat(run.consoleMessages()).isEmpty();
        assertThat(ReportFixtures.count(run.dom(), "<g class=\"cluster")).isEqualTo(3);
        assertThat(data.frontier()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ReportFixtures.count(run.dom(), "class=\"frontier-point\"")).isEqualTo(data.frontier().size());
        assertThat(run.dom()).contains("data-group=\"extract+classify\"").contains("class=\"chosen-point\"")
                .contains("class=\"target\"");
        Path png = out.resolve("video-report.png");
        Files.deleteIfExists(png);
        Chromium.Run shot = chromium.screenshot(html, png, 1360, 1900);
        assertThat(shot.exitCode()).as(shot.stderr()).isZero();
        assertThat(png).exists();
    }

    /** The harness itself: an error, a console error and a blocked network request are all seen. */
    @Test
    void theErrorRecorderCatchesErrorsAndNetworkRequests() throws Exception {
        assumeTrue(chromium != null, "chromium is not installed");
        Path html = out.resolve("broken.html");
        Files.writeString(html, HtmlReport.render(ReportFixtures.data()).replace("</main>",
                "<img src=\"https://example.invalid/x.png\"><script>console.error('boom'); noSuchFunction();</script></main>"));
        Chromium.Run run = chromium.dumpDom(html);
        Matcher errors = Pattern.compile("data-errors=\"(\\d+)\"").matcher(rootElement(run.dom()));
        assertThat(errors.find()).isTrue();
        // the blocked image counts twice: the policy violation and the image's load error
        assertThat(Integer.parseInt(errors.group(1))).isGreaterThanOrEqualTo(3);
        assertThat(run.dom()).contains("blocked: https://example.invalid/x.png").contains("boom")
                .contains("noSuchFunction is not defined");
        assertThat(run.consoleMessages()).isNotEmpty();
    }

    private static String rootElement(String dom) {
        Matcher m = Pattern.compile("<html[^>]*>").matcher(dom);
        assertThat(m.find()).as("an <html> element in the DOM dump:%n%s", dom).isTrue();
        return m.group();
    }
}
