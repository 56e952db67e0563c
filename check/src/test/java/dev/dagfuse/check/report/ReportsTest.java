package dev.dagfuse.check.report;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.optimizer.ModelOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportsTest {

    @Test
    void onlyNonDominatedPlansStayOnTheFrontier() {
        List<ReportData.FrontierPoint> points = List.of(new ReportData.FrontierPoint(1000, 500, "fast"),
                new ReportData.FrontierPoint(2000, 300, "middle"), new ReportData.FrontierPoint(2500, 320, "dominated"),
                new ReportData.FrontierPoint(1500, 600, "dominated too"), new ReportData.FrontierPoint(4000, 200, "cheap"));
        assertThat(Reports.nonDominated(points)).extracting(ReportData.FrontierPoint::label)
                .containsExactly("fast", "middle", "cheap");
    }

    @Test
    void theAssumptionsNameTheNumbersInUse() {
        List<String> lambda = Reports.assumptions(AwsLambdaPlatform.of("arm64"), ModelOptions.defaults());
        assertThat(String.join("\n", lambda)).contains("Monte Carlo over 10,000 requests, seed 42")
                .contains("median 150 ms, σ 0.35").contains("inline up to 256 KiB").contains("625 Mbit/s")
                .contains("$0.0000133334 per GB-s");
        List<String> local = Reports.assumptions(LocalPlatform.of(4), ModelOptions.defaults());
        assertThat(String.join("\n", local)).contains("Local platform with 4 cores").contains("core-seconds");
    }

    @Test
    void sizesAreShort() {
        assertThat(Reports.bytes(658)).isEqualTo("658 B");
        assertThat(Reports.bytes(65_867)).isEqualTo("65.9 KB");
        assertThat(Reports.bytes(1_000_000)).isEqualTo("1 MB");
    }
}
