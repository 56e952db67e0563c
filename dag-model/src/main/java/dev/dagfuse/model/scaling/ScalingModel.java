// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.scaling;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.stats.Quantiles;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;

/**
 * A function's latency distribution at any memory size, from the sizes its profile measured (docs/model.md):
 * <ul>
 *   <li>at a measured size: the empirical quantile function of its samples (linear between order statistics);</li>
 *   <li>between two measured sizes: the q-quantile is interpolated linearly in memory from the neighbours'
 *       q-quantiles, quantile by quantile, so the distribution's shape is kept (as ORION does);</li>
 *   <li>outside the measured range: t(m) = a + b / cpu(m) is fitted to the measured medians by least squares, and
 *       the nearest measured size's quantiles are scaled by t(m) / t(nearest); with one measured size (or one distinct
 *       cpu(m) among them) the profile's recorded CPU fraction f splits the median t0 into a = (1 - f) t0 and
 *       b / cpu = f t0; without one, a = 0 is assumed, i.e. the work is all CPU.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class ScalingModel {

    /**
     * The CPU scale of profiles: sizes are Lambda's, where one vCPU's worth of CPU time comes with 1,769 MB and
     * proportionally more with more memory, and 10,240 MB has 6 vCPUs (AWS Lambda documentation, "Memory and computing
     * power"). The two statements disagree above 5 vCPUs (10,240 / 1,769 = 5.79), so the scale is linear up to
     * {@link #LAST_LINEAR_MB} (5 vCPUs) and then linear to 6 vCPUs at 10,240 MB. A local profile measured with t threads
     * records its samples at t × 1,769 MB (t ≤ 5), and 6 threads at 10,240 MB ({@link #memoryMBFor}).
     */
    public static final int MB_PER_VCPU = 1769;
    public static final int MAX_VCPUS = 6;
    public static final int LAST_LINEAR_MB = 5 * MB_PER_VCPU;
    public static final int MAX_VCPUS_MB = 10_240;

    /** A size below peakMemoryMB × this is infeasible (headroom for the runtime and garbage collection). */
    public static final double MEMORY_HEADROOM = 1.1;

    /**
     * The fitted t(m) = a + b / cpu(m) in milliseconds; {@code assumedAllCpu} when a = 0 was assumed, not fitted;
     * {@code fromCpuFraction} when one measured size was split by the profile's recorded CPU fraction.
     */
    public record Fit(double aMs, double bMs, boolean assumedAllCpu, int sizesUsed, boolean fromCpuFraction) {

        Fit(double aMs, double bMs, boolean assumedAllCpu, int sizesUsed) {
            this(aMs, bMs, assumedAllCpu, sizesUsed, false);
        }

        /** The fitted median latency at {@code cpu} vCPUs. */
        public double atCpu(double cpu) {
            return aMs + bMs / cpu;
        }
    }

    private final int parallelism;
    private final double peakMemoryMB;
    private final int minFeasibleMemoryMB;
    private final int[] sizes;
    private final double[][] sorted;
    private final Fit fit;
    private final double cpuFraction;

    private ScalingModel(FunctionProfile profile) {
        this.cpuFraction = profile.cpuFraction();
        this.parallelism = Math.max(1, profile.parallelism());
        this.peakMemoryMB = profile.peakMemoryMB();
        this.minFeasibleMemoryMB = peakMemoryMB > 0 ? (int) Math.ceil(peakMemoryMB * MEMORY_HEADROOM - 1e-9) : 0;
        TreeMap<Integer, double[]> bySize = new TreeMap<>();
        for (Map.Entry<Integer, List<Double>> e : profile.latencyMs().entrySet()) {
            if (!e.getValue().isEmpty()) {
                double[] s = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
                Arrays.sort(s);
                bySize.put(e.getKey(), s);
            }
        }
        if (bySize.isEmpty()) {
            throw new IllegalArgumentException("The profile has no latency samples at any memory size; "
                    + "measure the function first (dagfuse profile).");
        }
        this.sizes = bySize.keySet().stream().mapToInt(Integer::intValue).toArray();
        this.sorted = bySize.values().toArray(new double[0][]);
        this.fit = fitMedians();
    }

    /** The model of {@code profile}; throws {@link IllegalArgumentException} if it has no latency samples. */
    public static ScalingModel of(FunctionProfile profile) {
        return new ScalingModel(profile);
    }

    /** vCPUs one invocation can use at {@code memoryMB}: min(m / 1769, parallelism, 6). */
    public static double cpu(int memoryMB, int parallelism) {
        return Math.min(vcpus(memoryMB), Math.max(1, parallelism));
    }

    /**
     * The size with {@code vcpus} whole vCPUs on the profile's scale (1..{@link #MAX_VCPUS}): t × 1,769 MB up to 5,
     * 10,240 MB for 6; where a local profile records its samples with t threads.
     */
    public static int memoryMBFor(int vcpus) {
        if (vcpus < 1 || vcpus > MAX_VCPUS) {
            throw new IllegalArgumentException("The vCPUs (" + vcpus + ") must be within 1.." + MAX_VCPUS + ".");
        }
        return vcpus < MAX_VCPUS ? vcpus * MB_PER_VCPU : MAX_VCPUS_MB;
    }

    /** vCPUs at {@code memoryMB} on the profile's scale, before any per-function cap (see {@link #MB_PER_VCPU}). */
    public static double vcpus(int memoryMB) {
        if (memoryMB <= LAST_LINEAR_MB) {
            return (double) memoryMB / MB_PER_VCPU;
        }
        double above = (double) (memoryMB - LAST_LINEAR_MB) / (MAX_VCPUS_MB - LAST_LINEAR_MB);
        return Math.min(MAX_VCPUS - 1 + above, MAX_VCPUS);
    }

    /** Whether {@code memoryMB} ≥ peakMemoryMB × 1.1 (always true when the peak is unknown, 0). */
    public boolean isFeasible(int memoryMB) {
        return memoryMB >= minFeasibleMemoryMB;
    }

    /** The smallest feasible size, ceil(peakMemoryMB × 1.1); 0 when the peak is unknown. */
    public int minFeasibleMemoryMB() {
        return minFeasibleMemoryMB;
    }

    public int parallelism() {
        return parallelism;
    }

    /** The measured sizes, ascending. */
    public List<Integer> measuredSizes() {
        return Arrays.stream(sizes).boxed().toList();
    }

    public boolean isMeasured(int memoryMB) {
        return Arrays.binarySearch(sizes, memoryMB) >= 0;
    }

    /** How the distribution at {@code memoryMB} is obtained. */
    public String basis(int memoryMB) {
        if (isMeasured(memoryMB)) {
            return "measured";
        }
        if (memoryMB > sizes[0] && memoryMB < sizes[sizes.length - 1]) {
            return "interpolated";
        }
        if (fit.fromCpuFraction()) {
            return "fitted a+b/cpu (one size: split by cpuFraction)";
        }
        return fit.assumedAllCpu() ? "fitted b/cpu (one size: a=0 assumed)" : "fitted a+b/cpu";
    }

    public Fit fit() {
        return fit;
    }

    /** The q-quantile (q in [0, 1]) of one invocation's work at {@code memoryMB}, in milliseconds. */
    public double quantileMs(int memoryMB, double q) {
        return quantileFunction(memoryMB).applyAsDouble(q);
    }

    /**
     * The quantile function at {@code memoryMB}, q in [0, 1] → milliseconds, precomputed for fast repeated use
     * (inverse-transform sampling: the Monte Carlo model feeds it uniform draws).
     */
    public DoubleUnaryOperator quantileFunction(int memoryMB) {
        if (memoryMB < 1) {
            throw new IllegalArgumentException("The memory (" + memoryMB + " MB) must be ≥ 1.");
        }
        int i = Arrays.binarySearch(sizes, memoryMB);
        if (i >= 0) {
            double[] s = sorted[i];
            return q -> Quantiles.ofSorted(s, q);
        }
        int upper = -i - 1;
        if (upper > 0 && upper < sizes.length) {
            double[] lo = sorted[upper - 1];
            double[] hi = sorted[upper];
            double w = (double) (memoryMB - sizes[upper - 1]) / (sizes[upper] - sizes[upper - 1]);
            return q -> (1 - w) * Quantiles.ofSorted(lo, q) + w * Quantiles.ofSorted(hi, q);
        }
        int nearest = upper == 0 ? 0 : sizes.length - 1;
        double[] s = sorted[nearest];
        double ratio = ratio(memoryMB, sizes[nearest]);
        return q -> ratio * Quantiles.ofSorted(s, q);
    }

    /** The fitted scale factor t(m) / t(from); 1 when the fit is degenerate (all medians 0). */
    private double ratio(int memoryMB, int from) {
        double denominator = fit.atCpu(cpu(from, parallelism));
        if (!(denominator > 0)) {
            return 1;
        }
        return fit.atCpu(cpu(memoryMB, parallelism)) / denominator;
    }

    private Fit fitMedians() {
        double[] x = new double[sizes.length];
        double[] t = new double[sizes.length];
        for (int k = 0; k < sizes.length; k++) {
            x[k] = 1 / cpu(sizes[k], parallelism);
            t[k] = Quantiles.ofSorted(sorted[k], 0.5);
        }
        boolean distinct = Arrays.stream(x).distinct().count() > 1;
        if (distinct) {
            SimpleRegression regression = new SimpleRegression(true);
            for (int k = 0; k < x.length; k++) {
                regression.addData(x[k], t[k]);
            }
            double a = regression.getIntercept();
            double b = regression.getSlope();
            if (b >= 0 && a >= 0) {
                return new Fit(a, b, false, sizes.length);
            }
            if (b < 0) {
                // Slower with more CPU is noise, not a trend: the latency does not depend on cpu.
                return new Fit(Arrays.stream(t).average().orElse(0), 0, false, sizes.length);
            }
            // A negative fixed part is not physical: fit through the origin (all CPU).
            return new Fit(0, dot(x, t) / dot(x, x), false, sizes.length);
        }
        // One size (or sizes with the same cpu): only the product is known. A recorded CPU fraction splits it (the rest,
        // I/O and waiting, does not change with the CPU); without one, assume the work is all CPU.
        double mean = Arrays.stream(t).average().orElse(0);
        if (!Double.isNaN(cpuFraction)) {
            return new Fit((1 - cpuFraction) * mean, cpuFraction * mean / x[0], false, sizes.length, true);
        }
        return new Fit(0, mean / x[0], true, sizes.length);
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int k = 0; k < u.length; k++) {
            sum += u[k] * v[k];
        }
        return sum;
    }
}
