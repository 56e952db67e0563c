// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.ReportData;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.optimizer.ModelOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportingTest {

    @Test
    void onlyNonDominatedPlansStayOnTheFrontier() {
        List<ReportData.FrontierPoint> points = List.of(new ReportData.FrontierPoint(1000, 500, "fast"),
                new ReportData.FrontierPoint(2000, 300, "middle"), new ReportData.FrontierPoint(2500, 320, "dominated"),
                new ReportData.FrontierPoint(1500, 600, "dominated too"), new ReportData.FrontierPoint(4000, 200, "cheap"));
        assertThat(Reporting.nonDominated(points)).extracting(ReportData.FrontierPoint::label)
                .containsExactly("fast", "middle", "cheap");
    }

    @Test
    void theAssumptionsNameTheNumbersInUse() {
        List<String> lambda = Reporting.assumptions(AwsLambdaPlatform.of("arm64"), ModelOptions.defaults());
        assertThat(String.join("\n", lambda)).contains("Monte Carlo over 10,000 requests, seed 42")
                .contains("median 150 ms, σ 0.35").contains("half the 256 KiB Step Functions state").contains("625 Mbit/s")
                .contains("$0.0000133334 per GB-s");
        List<String> local = Reporting.assumptions(LocalPlatform.of(4), ModelOptions.defaults());
        assertThat(String.join("\n", local)).contains("Local platform with 4 cores").contains("core-seconds");
    }
}
