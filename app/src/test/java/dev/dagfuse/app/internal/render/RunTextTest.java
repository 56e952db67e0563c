// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.executor.RunReport;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunTextTest {

    private static RunReport report(List<RunReport.GroupStats> groups, List<RunReport.RequestResult> requests) {
        RunReport.Latency measured = new RunReport.Latency(110, 190, 330, 120.0, 400.0);
        return new RunReport("w", "closed loop, concurrency 1", 2, 1, 0, 1, 0, 0, false, 1.5, measured, null, null, null,
                null, groups, new RunReport.StoreStats(3, 2, 12_345, 678), "(deleted)", requests)
                .withPredicted(RunReport.Latency.of(100, 200, 300), "model");
    }

    @Test
    void measuredNextToPredictedWithTheRelativeError() {
        String text = RunText.render(report(List.of(), List.of()));
        String nl = System.lineSeparator();
        assertThat(text).contains(nl + "latency (ms)         P50        P95        P99       mean" + nl
                + "measured           110.0      190.0      330.0      120.0" + nl
                + "predicted          100.0      200.0      300.0" + nl
                + "error             +10.0%      -5.0%     +10.0%" + nl + "(predicted: model)" + nl);
        assertThat(text).contains("store: 3 writes (12.3 KB), 2 reads (678 B), in (deleted)");
    }

    @Test
    void groupsAreColumnsOfFixedWidth() {
        RunReport.GroupStats g = new RunReport.GroupStats("a-group-with-a-rather-long-name-indeed", List.of("f"), 4, 1,
                2, 2, 1, 4, 12.25, 13.5, 14.75, 1, 0, 0);
        RunReport.RequestResult failed = new RunReport.RequestResult(1, false, RunReport.RequestStatus.FAILED, null, null,
                new RunReport.Failure("b", 2, 2, false, "IllegalArgumentException: bad frame"));
        String text = RunText.render(report(List.of(g), List.of(failed)));
        assertThat(text).contains("group                        bundle inv/req threads cores    P50 ms    P95 ms    P99 ms "
                + "attempts retries timeouts")
                .contains("a-group-with-a-rather-long-…      4       1       2     2      12.3      13.5      14.8        1       0        0")
                .contains("request 1: function b, branch 2, 2 attempts: IllegalArgumentException: bad frame");
    }
}
