// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportLineTest {

    // As Lambda writes them: tab-separated, with a trailing tab.
    static final String WARM = "REPORT RequestId: 5f2a3c1e-8d4b-4f6a-9c2e-1b7d3e9f0a12\tDuration: 12.34 ms\t"
            + "Billed Duration: 13 ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB\t";
    static final String COLD = "REPORT RequestId: 0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5\tDuration: 1203.51 ms\t"
            + "Billed Duration: 1204 ms\tMemory Size: 512 MB\tMax Memory Used: 143 MB\tInit Duration: 150.12 ms\t";

    @Test
    void parsesAWarmInvocation() {
        ReportLine r = ReportLine.parse(WARM).orElseThrow();
        assertThat(r.requestId()).isEqualTo("5f2a3c1e-8d4b-4f6a-9c2e-1b7d3e9f0a12");
        assertThat(r.durationMs()).isEqualTo(12.34);
        assertThat(r.billedDurationMs()).isEqualTo(13);
        assertThat(r.memorySizeMB()).isEqualTo(1024);
        assertThat(r.maxMemoryUsedMB()).isEqualTo(80);
        assertThat(r.initDurationMs()).isNull();
        assertThat(r.coldStart()).isFalse();
    }

    @Test
    void parsesAColdStartWithInitDuration() {
        ReportLine r = ReportLine.parse(COLD).orElseThrow();
        assertThat(r.durationMs()).isEqualTo(1203.51);
        assertThat(r.billedDurationMs()).isEqualTo(1204);
        assertThat(r.memorySizeMB()).isEqualTo(512);
        assertThat(r.maxMemoryUsedMB()).isEqualTo(143);
        assertThat(r.initDurationMs()).isEqualTo(150.12);
        assertThat(r.coldStart()).isTrue();
    }

    @Test
    void acceptsExportPrefixesSpacesAndTrailingFields() {
        // CloudWatch export: timestamp first, tabs turned into spaces, an X-Ray segment after the REPORT fields
        String line = "2026-11-20T10:15:03.123Z REPORT RequestId: abc-123 Duration: 2.00 ms Billed Duration: 2 ms "
                + "Memory Size: 128 MB Max Memory Used: 39 MB Init Duration: 98.76 ms \n"
                + "XRAY TraceId: 1-5e1b4151-5ac6c58f9a4a8f3b2d1c0e9f SegmentId: 7a3b2c1d0e9f8a7b Sampled: true";
        ReportLine r = ReportLine.parse(line).orElseThrow();
        assertThat(r.requestId()).isEqualTo("abc-123");
        assertThat(r.durationMs()).isEqualTo(2.0);
        assertThat(r.initDurationMs()).isEqualTo(98.76);
        assertThat(r.memorySizeMB()).isEqualTo(128);
    }

    @Test
    void aSnapStartRestoreIsAColdStartNotTheDuration() {
        String line = "REPORT RequestId: r1\tRestore Duration: 300.10 ms\tDuration: 20.50 ms\tBilled Duration: 171 ms\t"
                + "Billed Restore Duration: 150 ms\tMemory Size: 2048 MB\tMax Memory Used: 200 MB\t";
        ReportLine r = ReportLine.parse(line).orElseThrow();
        assertThat(r.durationMs()).isEqualTo(20.5);
        assertThat(r.billedDurationMs()).isEqualTo(171);
        assertThat(r.coldStart()).isTrue();
        assertThat(r.restoreDurationMs()).isEqualTo(300.1);
        assertThat(r.coldStartMs()).isEqualTo(300.1);
        assertThat(r.timedOut()).isFalse();
    }

    @Test
    void otherLogLinesAreNotReports() {
        assertThat(ReportLine.parse("START RequestId: 5f2a3c1e Version: $LATEST")).isEmpty();
        assertThat(ReportLine.parse("END RequestId: 5f2a3c1e")).isEmpty();
        assertThat(ReportLine.parse("2026-11-20T10:15:03Z INFO processing 12 frames")).isEmpty();
        assertThat(ReportLine.isReport(WARM)).isTrue();
        assertThat(ReportLine.isReport("END RequestId: x")).isFalse();
    }

    @Test
    void aReportWithoutAMemorySizeIsRejectedWithTheField() {
        assertThatThrownBy(() -> ReportLine.parse("REPORT RequestId: x\tDuration: 1.00 ms\tBilled Duration: 1 ms\t"
                + "Max Memory Used: 10 MB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no Memory Size field").hasMessageContaining("Memory Size: 1024 MB");
    }
}
