// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.platform;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Prices;
import dev.dagfuse.model.scaling.ScalingModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * This machine, as the local executor runs a plan on it: every invocation of every request shares its cores, an
 * invocation holds whole cores (its size in vCPUs rounded up, at least 1, at most the machine's) and runs its items
 * on that many threads, and every hand-off between groups crosses the local object store. There is no money: cost is
 * core-seconds, the cores an invocation holds × its duration.
 *
 * @param cores the cores all invocations share
 * @param memoryMinMB the smallest memory size a function may have
 * @param memoryMaxMB the largest memory size a function may have
 * @param invokeOverheadMs starting one invocation (a task hand-off to a thread pool)
 * @param storeLatencyMs the fixed cost of one store operation (one object written, or one read)
 * @param storeBytesPerSecond the store's throughput (serialize + write, or read + deserialize)
 */
public record LocalPlatform(int cores, int memoryMinMB, int memoryMaxMB, double invokeOverheadMs, double storeLatencyMs,
                            double storeBytesPerSecond) implements InProcessPlatform {

    public static final String NAME = "local";
    /** Keys of a profile's {@code machine:} map with this machine's measured hand-off and store costs. */
    public static final String INVOKE_OVERHEAD_KEY = "localInvokeOverheadMs";
    public static final String STORE_LATENCY_KEY = "localStoreLatencyMs";
    public static final String STORE_THROUGHPUT_KEY = "localStoreBytesPerSecond";

    /** Defaults when the profile measured none: 0.05 ms hand-off, 0.2 ms + 200 MB/s per store operation. */
    public static final double DEFAULT_INVOKE_OVERHEAD_MS = 0.05;
    public static final double DEFAULT_STORE_LATENCY_MS = 0.2;
    public static final double DEFAULT_STORE_BYTES_PER_SECOND = 200e6;

    public LocalPlatform {
        if (cores < 1) {
            throw new IllegalArgumentException("The cores (" + cores + ") must be ≥ 1.");
        }
        if (memoryMinMB < 1 || memoryMaxMB < memoryMinMB) {
            throw new IllegalArgumentException("The memory range (" + memoryMinMB + ".." + memoryMaxMB
                    + " MB) is empty or not positive.");
        }
        nonNegative(invokeOverheadMs, "invokeOverheadMs");
        nonNegative(storeLatencyMs, "storeLatencyMs");
        if (!(storeBytesPerSecond > 0) || Double.isInfinite(storeBytesPerSecond)) {
            throw new IllegalArgumentException("The local store throughput (" + storeBytesPerSecond + " B/s) must be > 0.");
        }
    }

    /** This machine with {@code cores} cores, Lambda's memory range and the default hand-off and store costs. */
    public static LocalPlatform of(int cores) {
        return new LocalPlatform(cores, AwsLambdaPlatform.MIN_MB, AwsLambdaPlatform.MAX_MB, DEFAULT_INVOKE_OVERHEAD_MS,
                DEFAULT_STORE_LATENCY_MS, DEFAULT_STORE_BYTES_PER_SECOND);
    }

    /**
     * Where a plan made for {@code platform} runs on this machine with {@code cores} cores: the same platform with those
     * cores when it is this one, else this machine with that platform's memory range.
     */
    public static LocalPlatform forRun(Platform platform, int cores) {
        if (platform instanceof LocalPlatform local) {
            return local.withCores(cores);
        }
        return of(cores);
    }

    public LocalPlatform withCores(int cores) {
        return new LocalPlatform(cores, memoryMinMB, memoryMaxMB, invokeOverheadMs, storeLatencyMs, storeBytesPerSecond);
    }

    public LocalPlatform withStore(double invokeOverheadMs, double storeLatencyMs, double storeBytesPerSecond) {
        return new LocalPlatform(cores, memoryMinMB, memoryMaxMB, invokeOverheadMs, storeLatencyMs, storeBytesPerSecond);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "local (" + cores + " cores)";
    }

    @Override
    public CostUnit costUnit() {
        return CostUnit.CORE_SECONDS;
    }

    /**
     * A size here means only whole cores: 1,769 MB per core, up to the machine's cores (and the profile's 6), within
     * the memory range.
     */
    @Override
    public List<Integer> memoryGridMB() {
        List<Integer> grid = new ArrayList<>();
        for (int c = 1; c <= Math.min(cores, ScalingModel.MAX_VCPUS); c++) {
            int size = c * ScalingModel.MB_PER_VCPU;
            if (size >= memoryMinMB && size <= memoryMaxMB) {
                grid.add(size);
            }
        }
        return List.copyOf(grid);
    }

    /** An invocation works at the whole cores it holds, e.g. a 512 MB group of a Lambda plan on a full core. */
    @Override
    public int workSizeMB(int memoryMB) {
        return coresHeld(memoryMB) * ScalingModel.MB_PER_VCPU;
    }

    /** Its size in vCPUs rounded up, at least 1, at most the machine's cores. */
    @Override
    public int coresHeld(int memoryMB) {
        int held = (int) Math.ceil(ScalingModel.vcpus(memoryMB) - 1e-9);
        return Math.max(1, Math.min(held, cores));
    }

    @Override
    public int sharedCores() {
        return cores;
    }

    @Override
    public long memoryForVcpus(int vcpus) {
        return (long) vcpus * ScalingModel.MB_PER_VCPU;
    }

    /** Every hand-off crosses the store, one object after another; nothing is inline; no cold starts (handlers stay loaded). */
    @Override
    public Overheads overheads() {
        Lognormal store = Lognormal.constant(storeLatencyMs);
        return new Overheads(Lognormal.constant(invokeOverheadMs), store, store, true, storeBytesPerSecond,
                storeBytesPerSecond, -1, 0);
    }

    /**
     * The hand-off and store costs the profiler measured on this machine ({@value #INVOKE_OVERHEAD_KEY},
     * {@value #STORE_LATENCY_KEY}, {@value #STORE_THROUGHPUT_KEY}); an entry that is not a number ≥ 0 (> 0 for the
     * throughput) keeps the default.
     */
    @Override
    public Platform calibratedBy(Map<String, String> machine) {
        return withStore(number(machine.get(INVOKE_OVERHEAD_KEY), DEFAULT_INVOKE_OVERHEAD_MS, false),
                number(machine.get(STORE_LATENCY_KEY), DEFAULT_STORE_LATENCY_MS, false),
                number(machine.get(STORE_THROUGHPUT_KEY), DEFAULT_STORE_BYTES_PER_SECOND, true));
    }

    @Override
    public String orchestrationName(Orchestration orchestration) {
        return "local scheduler";
    }

    /** Nothing is inline: every hand-off crosses the store. */
    @Override
    public long inlineOutputBytes(dev.dagfuse.model.Workflow workflow) {
        return -1;
    }

    /** No platform limit of its own but Lambda's timeout, so that a plan stays deployable. */
    @Override
    public Limits limits() {
        return new Limits(AwsLambdaPlatform.TIMEOUT_MS, Long.MAX_VALUE, Map.of(), AwsLambdaPlatform.DEFAULT_LIMIT_QUANTILE);
    }

    @Override
    public String invocationCostFormula() {
        return "core-seconds of one warm invocation (local platform)";
    }

    @Override
    public List<String> assumptions() {
        return List.of(String.format(Locale.ROOT, "Local platform with %d cores: one request's invocations are list-"
                + "scheduled on the cores; hand-off %.2f ms per invocation; each store operation %.1f ms + bytes at "
                + "%.0f MB/s. Cost is core-seconds, shown in the $ columns.", cores, invokeOverheadMs, storeLatencyMs,
                storeBytesPerSecond / 1e6));
    }

    @Override
    public String constants() {
        return "localInvokeOverheadMs=" + invokeOverheadMs + ", localStoreLatencyMs=" + storeLatencyMs
                + ", localStoreBytesPerSecond=" + storeBytesPerSecond;
    }

    /**
     * Every platform had Lambda's fields in dagfuse 0.1; a local one had these placeholders in them. They are kept so
     * that content hashes of workflows (baselines) written then stay the same.
     */
    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", NAME);
        s.put("architecture", "x86_64");
        s.put("region", "local");
        s.put("orchestration", "standard");
        s.put("cores", cores);
        s.put("memoryMinMB", memoryMinMB);
        s.put("memoryMaxMB", memoryMaxMB);
        s.put("prices", new Prices(0, 0, 0, 0, 0, 0, 0));
        s.put("local", true);
        return s;
    }

    private static double number(String text, double fallback, boolean positive) {
        if (text == null) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isFinite(v) && (positive ? v > 0 : v >= 0) ? v : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static void nonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("The local platform's " + name + " (" + value + ") must be a number ≥ 0.");
        }
    }
}
