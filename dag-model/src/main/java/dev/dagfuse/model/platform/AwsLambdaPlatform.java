package dev.dagfuse.model.platform;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Prices;
import dev.dagfuse.model.scaling.ScalingModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AWS Lambda behind Step Functions. Sources of every default: docs/model.md.
 *
 * @param architecture {@code x86_64} or {@code arm64}
 * @param region the AWS region (informational: default prices are us-east-1's)
 * @param orchestration {@code standard} or {@code express} (Step Functions workflow type)
 * @param memoryMinMB the smallest memory size a function may have
 * @param memoryMaxMB the largest memory size a function may have
 * @param prices the unit prices
 * @param overheads invoke overhead, S3 and inline transfers, cold starts
 */
public record AwsLambdaPlatform(String architecture, String region, String orchestration, int memoryMinMB,
                                int memoryMaxMB, Prices prices, Overheads overheads) implements Platform {

    public static final String NAME = "aws-lambda";
    /** Lambda's smallest and largest memory sizes. */
    public static final int MIN_MB = 128;
    public static final int MAX_MB = 10_240;
    /** Lambda's hard timeout of one invocation: 15 minutes. */
    public static final double TIMEOUT_MS = 900_000;
    /** Step Functions' largest state input or output: 256 KiB. */
    public static final long STATE_PAYLOAD_BYTES = 256 * 1024;

    /** Sizes tried when a function declares no memoryOptionsMB: powers of two and Lambda's CPU knees (docs/model.md). */
    private static final List<Integer> GRID = List.of(128, 256, 512, 768, 1024, 1280, 1536, 1769, 2048, 2560,
            3008, 3538, 4096, 5120, 5307, 6144, 7076, 8192, 8845, 10_240);

    /**
     * Invoke overhead lognormal with median 25 ms (warm invoke, Wang et al., ATC'18) and σ 0.3; S3 GET/PUT medians
     * 20/30 ms, σ 0.5; 625 Mbit/s per environment; 256 KiB inline; no cold starts (no arrival-rate model yet).
     */
    public static final Overheads DEFAULT_OVERHEADS = new Overheads(new Lognormal(25, 0.3), new Lognormal(20, 0.5),
            new Lognormal(30, 0.5), false, 625e6 / 8, 625e6 / 8, STATE_PAYLOAD_BYTES, 0);

    public AwsLambdaPlatform {
        if (!List.of("x86_64", "arm64").contains(architecture)) {
            throw new IllegalArgumentException("The architecture (" + architecture + ") is not known. Valid: x86_64, arm64.");
        }
        if (!List.of("standard", "express").contains(orchestration)) {
            throw new IllegalArgumentException("The orchestration (" + orchestration
                    + ") is not known. Valid: standard, express (Step Functions workflow types).");
        }
        if (memoryMinMB < 1 || memoryMaxMB < memoryMinMB) {
            throw new IllegalArgumentException("The memory range (" + memoryMinMB + ".." + memoryMaxMB
                    + " MB) is empty or not positive.");
        }
    }

    /** Lambda with us-east-1 list prices for the architecture, Standard workflows and the default overheads. */
    public static AwsLambdaPlatform of(String architecture) {
        Prices prices = "arm64".equals(architecture) ? Prices.LAMBDA_ARM64 : Prices.LAMBDA_X86_64;
        return new AwsLambdaPlatform(architecture, "us-east-1", "standard", MIN_MB, MAX_MB, prices, DEFAULT_OVERHEADS);
    }

    /** x86_64 Lambda with the defaults of {@link #of}. */
    public static AwsLambdaPlatform defaults() {
        return of("x86_64");
    }

    public AwsLambdaPlatform withOrchestration(String orchestration) {
        return new AwsLambdaPlatform(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads);
    }

    public AwsLambdaPlatform withOverheads(Overheads overheads) {
        return new AwsLambdaPlatform(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return NAME + " " + architecture + ", Step Functions " + orchestration;
    }

    @Override
    public CostUnit costUnit() {
        return CostUnit.USD;
    }

    @Override
    public List<Integer> memoryGridMB() {
        return GRID;
    }

    /** Lambda gives CPU in proportion to memory: the profile's scale is Lambda's own. */
    @Override
    public int workSizeMB(int memoryMB) {
        return memoryMB;
    }

    @Override
    public int coresHeld(int memoryMB) {
        return Math.max(1, (int) Math.ceil(ScalingModel.vcpus(memoryMB) - 1e-9));
    }

    @Override
    public int sharedCores() {
        return 0;
    }

    @Override
    public long memoryForVcpus(int vcpus) {
        return (long) Math.min(vcpus, ScalingModel.MAX_VCPUS + 1) * ScalingModel.MB_PER_VCPU;
    }

    @Override
    public Platform calibratedBy(Map<String, String> machine) {
        return this;
    }

    /** Lambda bills duration in 1 ms increments, at least 1 ms. */
    @Override
    public double billedMs(double durationMs) {
        return Math.max(1, Math.ceil(durationMs));
    }

    @Override
    public double computeCost(int memoryMB, double billedMs, int invocations) {
        return billedMs / 1000 * (memoryMB / 1024.0) * prices.gbSecondUsd() + invocations * prices.requestUsd();
    }

    @Override
    public double storeCost(double puts, double gets) {
        return puts * prices.s3PutUsd() + gets * prices.s3GetUsd();
    }

    /** Standard: a transition per invocation, plus one for the Map state of a fan-out; Express: none. */
    @Override
    public double groupOrchestrationCost(int invocations, int fanOut) {
        return isExpress() ? 0 : (invocations + (fanOut > 1 ? 1 : 0)) * prices.stateTransitionUsd();
    }

    /** Express: its price per request plus its duration in 64 MB × 100 ms units over the request; Standard: 0. */
    @Override
    public double requestOrchestrationCost(double[] requestLatencyMs) {
        if (!isExpress()) {
            return 0;
        }
        double sum = 0;
        for (double l : requestLatencyMs) {
            sum += Math.ceil(l / 100.0) * 0.1 * (64 / 1024.0) * prices.expressGbSecondUsd();
        }
        return prices.expressRequestUsd() + sum / requestLatencyMs.length;
    }

    @Override
    public String orchestrationName() {
        return "Step Functions " + orchestration;
    }

    @Override
    public double invocationCost(int memoryMB, List<Double> durationsMs) {
        double billed = durationsMs.stream().mapToDouble(this::billedMs).average().orElse(0);
        return billed / 1000 * (memoryMB / 1024.0) * prices.gbSecondUsd() + prices.requestUsd();
    }

    @Override
    public Limits limits() {
        return new Limits(TIMEOUT_MS, STATE_PAYLOAD_BYTES);
    }

    @Override
    public String invocationCostFormula() {
        return String.format(Locale.ROOT, "billed duration of one warm invocation x %s/GB-s + %s/request (%s, %s)",
                usd(prices.gbSecondUsd()), usd(prices.requestUsd()), NAME, architecture);
    }

    @Override
    public List<String> assumptions() {
        Overheads o = overheads;
        double cold = o.coldStartProbability();
        return List.of(
                String.format(Locale.ROOT, "Invoke overhead per invocation: lognormal, median %.0f ms, σ %.2f "
                        + "(warm invoke, Wang et al. ATC'18). Cold start probability %.2f%s.", o.invoke().medianMs(),
                        o.invoke().sigma(), cold, cold == 0 ? " (no arrival-rate model yet)" : ""),
                String.format(Locale.ROOT, "Data between groups: inline up to %d KiB (the Step Functions state limit), "
                        + "else through S3: PUT median %.0f ms, GET median %.0f ms (lognormal, σ %.1f), plus bytes at %.0f "
                        + "Mbit/s.", o.inlineLimitBytes() / 1024, o.storeWrite().medianMs(), o.storeRead().medianMs(),
                        o.storeRead().sigma(), o.storeBytesPerSecond() * 8 / 1e6),
                String.format(Locale.ROOT, "Prices (%s %s, %s): $%.10f per GB-s billed per 1 ms, $%.2f per 1M "
                        + "invocations, S3 $%.4f per 1,000 PUTs and $%.4f per 1,000 GETs; Step Functions %s%s.",
                        NAME, architecture, region, prices.gbSecondUsd(), prices.requestUsd() * 1e6,
                        prices.s3PutUsd() * 1e3, prices.s3GetUsd() * 1e3, orchestration,
                        isExpress()
                                ? String.format(Locale.ROOT, " ($%.2f per 1M requests + duration)",
                                prices.expressRequestUsd() * 1e6)
                                : String.format(Locale.ROOT, " ($%.3f per 1,000 state transitions)",
                                prices.stateTransitionUsd() * 1e3)),
                "Branches and functions are independent given the profile; input-size effects, S3 throughput limits and "
                        + "Lambda's burst scaling are not modelled.");
    }

    @Override
    public String constants() {
        Overheads o = overheads;
        return "invokeOverheadMedianMs=" + o.invoke().medianMs() + ", invokeOverheadSigma=" + o.invoke().sigma()
                + ", coldStartProbability=" + o.coldStartProbability() + ", s3GetMedianMs=" + o.storeRead().medianMs()
                + ", s3PutMedianMs=" + o.storeWrite().medianMs() + ", s3Sigma=" + o.storeRead().sigma()
                + ", bandwidthBytesPerSecond=" + o.storeBytesPerSecond() + ", inlineLimitBytes=" + o.inlineLimitBytes();
    }

    /** With {@code cores: 0} and {@code local: false}: the fields of dagfuse 0.1, so that workflow hashes stay its. */
    @Override
    public Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", NAME);
        s.put("architecture", architecture);
        s.put("region", region);
        s.put("orchestration", orchestration);
        s.put("cores", 0);
        s.put("memoryMinMB", memoryMinMB);
        s.put("memoryMaxMB", memoryMaxMB);
        s.put("prices", prices);
        s.put("local", false);
        return s;
    }

    private boolean isExpress() {
        return "express".equals(orchestration);
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, "$%.3g", v).replace("e-0", "e-");
    }
}
