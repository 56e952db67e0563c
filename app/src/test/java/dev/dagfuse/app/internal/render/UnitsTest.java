// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.check.MetricCheck;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.CostUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UnitsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"5.24|5.2ms", "850|850ms", "3200|3.20s", "NaN|–"})
    void durations(double ms, String text) {
        assertThat(Units.msOrNone(ms)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1234.567|$1,234.57|1,234.6 core-s", "0.04213|$0.0421|0.0421 core-s",
            "0|$0.00|0.0 core-s", "NaN|–|–"})
    void costsInTheirUnit(double value, String usd, String coreSeconds) {
        assertThat(Units.cost(CostUnit.USD, value)).isEqualTo(usd);
        assertThat(Units.cost(CostUnit.CORE_SECONDS, value)).isEqualTo(coreSeconds);
        assertThat(Units.cost(MetricCheck.Unit.USD, value)).isEqualTo(usd);
        assertThat(Units.cost(MetricCheck.Unit.CORE_SECONDS, value)).isEqualTo(coreSeconds);
    }

    @Test
    void tableCostsArePerMillionInUsdAndPerRequestInCoreSeconds() {
        assertThat(Units.costColumn(CostUnit.USD, 0.00023109)).isEqualTo("$231.09");
        assertThat(Units.costColumn(CostUnit.CORE_SECONDS, 0.61724)).isEqualTo("0.6172");
        assertThat(Units.costColumnHeader(CostUnit.USD)).isEqualTo("cost/1M req");
        assertThat(Units.costColumnHeader(CostUnit.CORE_SECONDS)).isEqualTo("core-s/req");
        assertThat(Units.costPerRequestWithUnit(CostUnit.USD, 0.0002)).isEqualTo("$0.00020000");
        assertThat(Units.costPerRequestWithUnit(CostUnit.CORE_SECONDS, 0.0002)).isEqualTo("0.0002 core-s");
        assertThat(Units.usdSignificant(0.0000208)).isEqualTo("$2.08e-5");
    }

    @Test
    void percentages() {
        assertThat(Units.change(0.1234)).isEqualTo("+12.3%");
        assertThat(Units.change(-0.04)).isEqualTo("−4.0%");
        assertThat(Units.change(0.0004)).isEqualTo("+0.04%");
        assertThat(Units.change(0)).isEqualTo("0%");
        assertThat(Units.change(Double.POSITIVE_INFINITY)).isEqualTo("+∞");
        assertThat(Units.change(Double.NaN)).isEqualTo("n/a");
        assertThat(Units.wholeChange(100, 508)).isEqualTo("+408%");
        assertThat(Units.wholeChange(0, 0)).isEqualTo("0%");
        assertThat(Units.wholeChange(0, 5)).isEmpty();
        assertThat(Units.signedPercent(-0.081)).isEqualTo("-8.1%");
        assertThat(Units.share(1, 3, "n/a")).isEqualTo("33%");
        assertThat(Units.share(1, 0, "n/a")).isEqualTo("n/a");
        assertThat(Units.percent(0.025)).isEqualTo("2.5%");
        assertThat(Units.tolerances(new Tolerances(0.05, 0.025))).isEqualTo("cost +5%, latency +2.5%");
        assertThat(Units.gap(0.0123)).isEqualTo("1.23%");
    }

    @Test
    void sizes() {
        assertThat(Units.bytes(2048)).isEqualTo("2048 B");
        assertThat(Units.bytes(65_867)).isEqualTo("65.9 KB");
        assertThat(Units.bytes(12_345_678)).isEqualTo("12.3 MB");
        assertThat(Units.bytesShort(658)).isEqualTo("658 B");
        assertThat(Units.bytesShort(65_867)).isEqualTo("65.9 KB");
        assertThat(Units.bytesShort(1_000_000)).isEqualTo("1 MB");
        assertThat(Units.count(10_000)).isEqualTo("10,000");
    }
}
