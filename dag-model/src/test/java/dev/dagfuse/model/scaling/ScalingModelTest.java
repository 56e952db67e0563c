// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.scaling;

import dev.dagfuse.model.FunctionProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ScalingModelTest {

    private static FunctionProfile profile(double peakMB, int parallelism, Map<Integer, List<Double>> latency) {
        return new FunctionProfile(1000, peakMB, parallelism, List.of(), latency);
    }

    private static List<Double> lognormal(Random random, int n, double median, double sigma) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(median * Math.exp(sigma * random.nextGaussian()));
        }
        return out;
    }

    @Test
    void cpuIsProportionalBelowOneVcpuAndCappedByParallelismAndSix() {
        assertThat(ScalingModel.cpu(1769, 4)).isEqualTo(1.0);
        assertThat(ScalingModel.cpu(884, 4)).isCloseTo(884.0 / 1769, within(1e-12));
        assertThat(ScalingModel.cpu(10_240, 1)).isEqualTo(1.0);
        // AWS documents both 1,769 MB = 1 vCPU and 6 vCPUs at 10,240 MB: linear to 5 vCPUs, then on to 6
        assertThat(ScalingModel.cpu(10_240, 16)).isEqualTo(6.0);
        assertThat(ScalingModel.cpu(8845, 16)).isEqualTo(5.0);
        assertThat(ScalingModel.cpu(8845 + (10_240 - 8845) / 2, 16)).isCloseTo(5.5, within(1e-3));
        assertThat(ScalingModel.cpu(3538, 2)).isEqualTo(2.0);
        assertThat(ScalingModel.cpu(5000, 2)).isEqualTo(2.0);
    }

    @Test
    void measuredSizeUsesTheSamplesQuantiles() {
        ScalingModel m = ScalingModel.of(profile(0, 1, Map.of(1024, List.of(40.0, 10.0, 30.0, 20.0, 50.0))));
        assertThat(m.isMeasured(1024)).isTrue();
        assertThat(m.basis(1024)).isEqualTo("measured");
        assertThat(m.quantileMs(1024, 0)).isEqualTo(10.0);
        assertThat(m.quantileMs(1024, 0.5)).isEqualTo(30.0);
        assertThat(m.quantileMs(1024, 1)).isEqualTo(50.0);
        // type 7: h = (5 - 1) * 0.95 = 3.8 → 40 + 0.8 * 10
        assertThat(m.quantileMs(1024, 0.95)).isCloseTo(48.0, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void interpolationKeepsQuantileOrderAndLiesBetweenTheNeighbours(long seed) {
        Random random = new Random(seed);
        Map<Integer, List<Double>> latency = new LinkedHashMap<>();
        latency.put(512, lognormal(random, 5 + random.nextInt(40), 400, 0.1 + random.nextDouble()));
        latency.put(2048, lognormal(random, 5 + random.nextInt(40), 120, 0.1 + random.nextDouble()));
        ScalingModel m = ScalingModel.of(profile(100, 1, latency));
        for (int size = 513; size < 2048; size += 97) {
            assertThat(m.basis(size)).isEqualTo("interpolated");
            double previous = -1;
            for (int k = 0; k <= 100; k++) {
                double q = k / 100.0;
                double value = m.quantileMs(size, q);
                assertThat(value).isGreaterThanOrEqualTo(previous);
                double lo = Math.min(m.quantileMs(512, q), m.quantileMs(2048, q));
                double hi = Math.max(m.quantileMs(512, q), m.quantileMs(2048, q));
                assertThat(value).isBetween(lo - 1e-9, hi + 1e-9);
                previous = value;
            }
        }
    }

    @Test
    void interpolationIsLinearInMemoryQuantileByQuantile() {
        ScalingModel m = ScalingModel.of(profile(0, 1, Map.of(1000, List.of(100.0, 200.0), 2000, List.of(50.0, 60.0))));
        assertThat(m.quantileMs(1500, 0)).isCloseTo(75.0, within(1e-9));
        assertThat(m.quantileMs(1500, 1)).isCloseTo(130.0, within(1e-9));
        assertThat(m.quantileMs(1250, 1)).isCloseTo(165.0, within(1e-9));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 6})
    void fitReproducesSyntheticDataWithinOnePercent(int parallelism) {
        double a = 35;
        double b = 900;
        Map<Integer, List<Double>> latency = new LinkedHashMap<>();
        for (int size : new int[] {256, 512, 1024, 1769}) {
            double t = a + b / ScalingModel.cpu(size, parallelism);
            latency.put(size, List.of(t * 0.9, t, t * 1.2));
        }
        ScalingModel m = ScalingModel.of(profile(0, parallelism, latency));
        ScalingModel.Fit fit = m.fit();
        assertThat(fit.assumedAllCpu()).isFalse();
        assertThat(fit.sizesUsed()).isEqualTo(4);
        assertThat(fit.aMs()).isCloseTo(a, within(a * 0.01));
        assertThat(fit.bMs()).isCloseTo(b, within(b * 0.01));
        for (int size : new int[] {128, 3008, 5000, 10_240}) {
            double expected = a + b / ScalingModel.cpu(size, parallelism);
            assertThat(m.basis(size)).isEqualTo("fitted a+b/cpu");
            assertThat(m.quantileMs(size, 0.5)).isCloseTo(expected, within(expected * 0.01));
            // every sample is scaled by the same ratio: the shape (p100 / p50) is kept
            assertThat(m.quantileMs(size, 1) / m.quantileMs(size, 0.5)).isCloseTo(1.2, within(1e-9));
        }
    }

    @Test
    void fitRecoversNoisyDataWithinOnePercent() {
        Random random = new Random(11);
        double a = 50;
        double b = 2000;
        Map<Integer, List<Double>> latency = new LinkedHashMap<>();
        for (int size : new int[] {512, 1024, 2048, 3008}) {
            double median = a + b / ScalingModel.cpu(size, 2);
            latency.put(size, lognormal(random, 2001, median, 0.01));
        }
        ScalingModel.Fit fit = ScalingModel.of(profile(0, 2, latency)).fit();
        double t = a + b / ScalingModel.cpu(6000, 2);
        assertThat(fit.atCpu(ScalingModel.cpu(6000, 2))).isCloseTo(t, within(t * 0.01));
    }

    @Test
    void oneMeasuredSizeWithARecordedCpuFractionScalesOnlyThatShare() {
        // a trace's task at 20% CPU: 110 ms median at 1 vCPU, of which 22 ms CPU and 88 ms I/O or waiting
        FunctionProfile p = profile(0, 1, Map.of(1769, List.of(100.0, 110.0, 120.0))).withCpuFraction(0.2);
        ScalingModel m = ScalingModel.of(p);
        assertThat(m.fit().fromCpuFraction()).isTrue();
        assertThat(m.fit().assumedAllCpu()).isFalse();
        assertThat(m.fit().aMs()).isCloseTo(88.0, within(1e-9));
        assertThat(m.fit().bMs()).isCloseTo(22.0, within(1e-9));
        assertThat(m.basis(128)).isEqualTo("fitted a+b/cpu (one size: split by cpuFraction)");
        // at 128 MB (0.072 vCPU) only the CPU share grows: 88 + 22 x 1769/128 = 392 ms, not 110 x 1769/128 = 1,520 ms
        double expected = 88.0 + 22.0 * 1769 / 128;
        assertThat(m.quantileMs(128, 0.5)).isCloseTo(expected, within(1e-6));
        assertThat(ScalingModel.of(profile(0, 1, Map.of(1769, List.of(100.0, 110.0, 120.0)))).quantileMs(128, 0.5))
                .isCloseTo(110.0 * 1769 / 128, within(1e-6));
        // cpuFraction 1 is the all-CPU case, now stated rather than assumed
        ScalingModel all = ScalingModel.of(p.withCpuFraction(1));
        assertThat(all.quantileMs(884, 0.5)).isCloseTo(110.0 * 1769 / 884, within(1e-6));
    }

    @Test
    void aCpuFractionDoesNotOverrideAFitOverSeveralSizes() {
        Map<Integer, List<Double>> two = Map.of(1769, List.of(100.0), 3538, List.of(60.0));
        ScalingModel m = ScalingModel.of(new FunctionProfile(1000, 0, 2, List.of(), two).withCpuFraction(0.2));
        assertThat(m.fit().fromCpuFraction()).isFalse();
        assertThat(m.fit().aMs()).isCloseTo(20.0, within(1e-9));
        assertThat(m.fit().bMs()).isCloseTo(80.0, within(1e-9));
    }

    @Test
    void oneMeasuredSizeAssumesAllCpuAndSaysSo() {
        ScalingModel m = ScalingModel.of(profile(0, 1, Map.of(1769, List.of(100.0, 110.0, 120.0))));
        assertThat(m.fit().assumedAllCpu()).isTrue();
        assertThat(m.fit().aMs()).isZero();
        assertThat(m.fit().bMs()).isCloseTo(110.0, within(1e-9));
        assertThat(m.basis(884)).isEqualTo("fitted b/cpu (one size: a=0 assumed)");
        // half the CPU: twice the time, every quantile
        assertThat(m.quantileMs(884, 0.5)).isCloseTo(110.0 * 1769 / 884, within(1e-6));
        // parallelism 1: more memory than 1 vCPU does not help
        assertThat(m.quantileMs(4096, 1)).isCloseTo(120.0, within(1e-9));
    }

    @Test
    void feasibilityNeedsTenPercentHeadroomOverThePeak() {
        ScalingModel m = ScalingModel.of(profile(1000, 1, Map.of(2048, List.of(10.0))));
        assertThat(m.minFeasibleMemoryMB()).isEqualTo(1100);
        assertThat(m.isFeasible(1100)).isTrue();
        assertThat(m.isFeasible(1099)).isFalse();
        ScalingModel unknown = ScalingModel.of(profile(0, 1, Map.of(2048, List.of(10.0))));
        assertThat(unknown.isFeasible(128)).isTrue();
        assertThat(unknown.minFeasibleMemoryMB()).isZero();
    }

    @Test
    void noSamplesIsRejected() {
        assertThatThrownBy(() -> ScalingModel.of(profile(0, 1, Map.of())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no latency samples");
    }

    @Test
    void slowerWithMoreCpuIsTreatedAsFlat() {
        ScalingModel m = ScalingModel.of(profile(0, 2, Map.of(1024, List.of(100.0), 2048, List.of(110.0))));
        assertThat(m.fit().bMs()).isZero();
        assertThat(m.quantileMs(4096, 0.5)).isCloseTo(110.0, within(1e-9));
    }
}
