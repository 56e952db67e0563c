// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250", "3s, 3000", "1.5s, 1500", "2m, 120000", "40, 40", "1h, 3600000"})
    void durations(String text, double ms) {
        assertThat(Quantities.parseDurationMs(text)).isEqualTo(ms);
    }

    @ParameterizedTest
    @CsvSource({"2048, 2048", "512KB, 512000", "6MB, 6000000", "1GB, 1000000000", "64KiB, 65536", "1MiB, 1048576"})
    void sizes(String text, long bytes) {
        assertThat(Quantities.parseBytes(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3 sec", "-1s", "fast", ""})
    void badDurations(String text) {
        assertThatThrownBy(() -> Quantities.parseDurationMs(text)).hasMessageContaining("(" + text + ")")
                .hasMessageContaining("Maybe 250ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"6 M", "-5KB", "big"})
    void badSizes(String text) {
        assertThatThrownBy(() -> Quantities.parseBytes(text)).hasMessageContaining("(" + text + ")")
                .hasMessageContaining("512KB");
    }

    @ParameterizedTest
    @CsvSource({"95, p95", "99.9, p99.9", "50, p50"})
    void percentileKeys(double p, String key) {
        assertThat(Objective.percentileKey(p)).isEqualTo(key);
    }
}
