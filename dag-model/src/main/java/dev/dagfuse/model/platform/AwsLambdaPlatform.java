// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.platform;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
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
 * @param architecture {@code x86_64} or {@code arm64}: the default of every group (a plan may choose the other one for
 *     a group whose profile has measurements on it)
 * @param region the AWS region (informational: default prices are us-east-1's)
 * @param orchestration {@code auto} (the planner chooses), {@code standard} or {@code express} (Step Functions
 *     workflow type)
 * @param memoryMinMB the smallest memory size a function may have (at least Lambda's 128 MB)
 * @param memoryMaxMB the largest memory size a function may have (at most Lambda's 10,240 MB)
 * @param prices the unit prices for {@code architecture} (the other architecture's duration price is AWS's list price)
 * @param overheads invoke overhead (a Map iteration's start), S3 and inline transfers, cold starts
 * @param states the latency of Step Functions' state hand-offs
 * @param limitQuantile the quantile of the draws at which time limits are judged
 * @param keepAliveMs how long Lambda keeps an idle execution environment (with an arrival rate: the cold starts)
 * @param snapStartRestoreMs how long a SnapStart group's cold invocation takes to restore its snapshot, as the user
 *     measured it ({@code platform.snapStartRestore}; AWS publishes no figure); 0: not given, and then no group is
 *     offered SnapStart
 */
public record AwsLambdaPlatform(String architecture, String region, String orchestration, int memoryMinMB,
                                int memoryMaxMB, Prices prices, Overheads overheads, StateLatencies states,
                                double limitQuantile, double keepAliveMs, double snapStartRestoreMs) implements Platform {

    /** Lambda without a SnapStart restore time (SnapStart not offered). */
    public AwsLambdaPlatform(String architecture, String region, String orchestration, int memoryMinMB,
                             int memoryMaxMB, Prices prices, Overheads overheads, StateLatencies states,
                             double limitQuantile, double keepAliveMs) {
        this(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads, states, limitQuantile,
                keepAliveMs, 0);
    }

    /**
     * An idle environment is recycled after 10 minutes: AWS documents no figure; Shilkov's measurements ("AWS Lambda
     * Cold Starts After 10 Minutes", mikhail.io, August 2019) found every idle instance recycled 10 minutes after its
     * last request (before July 2019: 25–60 minutes). An assumption of the model; {@code platform.keepAlive}.
     */
    public static final double DEFAULT_KEEP_ALIVE_MS = 600_000;

    /** Lambda with the default keep-alive. */
    public AwsLambdaPlatform(String architecture, String region, String orchestration, int memoryMinMB,
                             int memoryMaxMB, Prices prices, Overheads overheads, StateLatencies states,
                             double limitQuantile) {
        this(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads, states, limitQuantile,
                DEFAULT_KEEP_ALIVE_MS);
    }

    /**
     * Step Functions' hand-off latencies.
     *
     * @param standard from one state's end to the next one's start in a Standard workflow
     * @param express the same in an Express workflow
     * @param childExecution from a Distributed Map's start to one child execution's task start
     */
    public record StateLatencies(Lognormal standard, Lognormal express, Lognormal childExecution) {
    }

    /**
     * Provisioned concurrency, us-east-1 list prices (AWS Lambda pricing page): per GB-s an environment is provisioned
     * (billed in 5-minute increments), and per GB-s of duration of the invocations it serves; x86_64, then arm64.
     */
    public static final double PROVISIONED_GB_SECOND_X86_64 = 0.0000041667;
    public static final double PROVISIONED_DURATION_GB_SECOND_X86_64 = 0.0000097222;
    public static final double PROVISIONED_GB_SECOND_ARM64 = 0.0000033334;
    public static final double PROVISIONED_DURATION_GB_SECOND_ARM64 = 0.0000077778;

    public static final String NAME = "aws-lambda";
    /** Lambda's smallest and largest memory sizes. */
    public static final int MIN_MB = 128;
    public static final int MAX_MB = 10_240;
    /** Lambda's hard timeout of one invocation: 15 minutes. */
    public static final double TIMEOUT_MS = 900_000;
    /** An Express execution runs at most 5 minutes. */
    public static final double EXPRESS_DURATION_MS = 300_000;
    /** An inline Map state runs at most 40 iterations at once; a Distributed Map up to 10,000 child executions. */
    public static final int INLINE_MAP_CONCURRENCY = 40;
    public static final int DISTRIBUTED_MAP_CONCURRENCY = 10_000;
    /** Express (and Express child executions) bill duration in 100 ms units of 64 MB. */
    public static final double EXPRESS_UNIT_MS = 100;
    public static final double EXPRESS_UNIT_GB = 64 / 1024.0;
    /** Time limits are judged at this quantile of the draws unless the workflow says otherwise. */
    public static final double DEFAULT_LIMIT_QUANTILE = 99.9;
    /**
     * State hand-offs: lognormal, median 150 ms, σ 0.35, from SeBS-Flow's AWS Step Functions traces (medians
     * 118–184 ms, P95 184–352 ms between a state's end and the next one's start; Schmid et al., EuroSys'25); Express
     * and child executions: the same (assumption: no published figure was found).
     */
    public static final StateLatencies DEFAULT_STATES = new StateLatencies(new Lognormal(150, 0.35),
            new Lognormal(150, 0.35), new Lognormal(150, 0.35));
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
        if (Architecture.ofYaml(architecture) == null) {
            throw new IllegalArgumentException("The architecture (" + architecture + ") is not known. Valid: x86_64, arm64.");
        }
        if (!"auto".equals(orchestration) && Orchestration.ofYaml(orchestration) == null) {
            throw new IllegalArgumentException("The orchestration (" + orchestration
                    + ") is not known. Valid: auto, standard, express (Step Functions workflow types).");
        }
        if (memoryMinMB < MIN_MB || memoryMaxMB > MAX_MB || memoryMaxMB < memoryMinMB) {
            throw new IllegalArgumentException("The memory range (" + memoryMinMB + ".." + memoryMaxMB
                    + " MB) must lie within Lambda's " + MIN_MB + ".." + MAX_MB + " MB.");
        }
        if (!(limitQuantile > 0 && limitQuantile < 100)) {
            throw new IllegalArgumentException("The limit quantile (" + limitQuantile + ") must be > 0 and < 100.");
        }
        if (!(keepAliveMs > 0 && keepAliveMs <= dev.dagfuse.model.Ranges.MAX_KEEP_ALIVE_MS)) {
            throw new IllegalArgumentException("The keep-alive (" + keepAliveMs + " ms) must be > 0 and ≤ 24h. "
                    + "Maybe 10m.");
        }
        if (!(snapStartRestoreMs >= 0 && snapStartRestoreMs <= dev.dagfuse.model.Ranges.MAX_DELAY_MS)) {
            throw new IllegalArgumentException("The SnapStart restore time (" + snapStartRestoreMs + " ms) must be ≥ 0 "
                    + "(0: not given) and ≤ 1h. Maybe 400ms.");
        }
    }

    /**
     * Lambda with us-east-1 list prices for the architecture, the orchestration chosen by the planner ({@code auto})
     * and the default overheads.
     */
    public static AwsLambdaPlatform of(String architecture) {
        return new AwsLambdaPlatform(architecture, "us-east-1", "auto", MIN_MB, MAX_MB, listPrices(architecture),
                DEFAULT_OVERHEADS, DEFAULT_STATES, DEFAULT_LIMIT_QUANTILE);
    }

    private static Prices listPrices(String architecture) {
        return "arm64".equals(architecture) ? Prices.LAMBDA_ARM64 : Prices.LAMBDA_X86_64;
    }

    /**
     * The Lambda settings a workflow's platform gives: the platform itself when it is Lambda, else Lambda's defaults (a
     * plan made for another platform exported to Lambda).
     */
    public static AwsLambdaPlatform settingsOf(Platform platform) {
        return platform instanceof AwsLambdaPlatform lambda ? lambda : defaults();
    }

    /** x86_64 Lambda with the defaults of {@link #of}. */
    public static AwsLambdaPlatform defaults() {
        return of("x86_64");
    }

    public AwsLambdaPlatform withOrchestration(String orchestration) {
        return new AwsLambdaPlatform(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads,
                states, limitQuantile, keepAliveMs, snapStartRestoreMs);
    }

    public AwsLambdaPlatform withOverheads(Overheads overheads) {
        return new AwsLambdaPlatform(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads,
                states, limitQuantile, keepAliveMs, snapStartRestoreMs);
    }

    public AwsLambdaPlatform withStates(StateLatencies states) {
        return new AwsLambdaPlatform(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads,
                states, limitQuantile, keepAliveMs, snapStartRestoreMs);
    }

    public AwsLambdaPlatform withKeepAlive(double keepAliveMs) {
        return new AwsLambdaPlatform(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads,
                states, limitQuantile, keepAliveMs, snapStartRestoreMs);
    }

    /** This platform with SnapStart restoring in {@code restoreMs} (0: SnapStart not offered). */
    public AwsLambdaPlatform withSnapStartRestore(double restoreMs) {
        return new AwsLambdaPlatform(architecture, region, orchestration, memoryMinMB, memoryMaxMB, prices, overheads,
                states, limitQuantile, keepAliveMs, restoreMs);
    }

    /**
     * SnapStart: dagfuse deploys its groups on the {@code java17} managed runtime, which SnapStart supports (Java 11 and
     * later), on both architectures, at no extra charge for Java (AWS Lambda Developer Guide, "Improving startup
     * performance with Lambda SnapStart"); offered only when the workflow gives the restore time.
     */
    @Override
    public java.util.OptionalDouble snapStartRestoreMs(Architecture a) {
        return snapStartRestoreMs > 0 ? java.util.OptionalDouble.of(snapStartRestoreMs) : java.util.OptionalDouble.empty();
    }

    @Override
    public java.util.OptionalDouble idleKeepAliveMs() {
        return java.util.OptionalDouble.of(keepAliveMs);
    }

    /** The prices of a group on {@code a} (null: the platform's): the other architecture differs in its GB-s price. */
    public Prices pricesFor(Architecture a) {
        if (a == null || a.yamlName().equals(architecture)) {
            return prices;
        }
        Prices list = listPrices(a.yamlName());
        return new Prices(list.gbSecondUsd(), prices.requestUsd(), prices.s3PutUsd(), prices.s3GetUsd(),
                prices.stateTransitionUsd(), prices.expressRequestUsd(), prices.expressGbSecondUsd());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return NAME + " " + architecture + ", Step Functions " + orchestration;
    }

    /** The plan's workflow type, and whether the planner chose it ({@code auto}). */
    @Override
    public String description(Orchestration o) {
        Orchestration shown = o == null ? orchestrations().get(0) : o;
        return NAME + " " + architecture + ", Step Functions " + shown.yamlName()
                + ("auto".equals(orchestration) ? " (orchestration: auto)" : "");
    }

    @Override
    public List<Orchestration> orchestrations() {
        return "auto".equals(orchestration) ? List.of(Orchestration.STANDARD, Orchestration.EXPRESS)
                : List.of(Orchestration.ofYaml(orchestration));
    }

    /**
     * An inline Map in either workflow type; a Distributed Map, with Standard or Express children, only under a
     * Standard parent (dagfuse's conservative choice: a Map Run's children can outlive an Express parent's 5 minutes).
     */
    @Override
    public List<MapForm> mapForms(Orchestration o) {
        return o == Orchestration.EXPRESS ? List.of(MapForm.INLINE)
                : List.of(MapForm.INLINE, MapForm.DISTRIBUTED_STANDARD, MapForm.DISTRIBUTED_EXPRESS);
    }

    @Override
    public List<Architecture> architectures() {
        Architecture own = Architecture.ofYaml(architecture);
        return own == Architecture.X86_64 ? List.of(Architecture.X86_64, Architecture.ARM64)
                : List.of(Architecture.ARM64, Architecture.X86_64);
    }

    /**
     * A Task state is entered after a state hand-off of its workflow type; a fan-out group passes through two states,
     * the Pass state that lists its branches and the Map state (as {@code dagfuse export} writes them). An inline Map's
     * iterations then start after the invoke overhead, at most 40 at once; a Distributed Map's child executions after
     * a child's hand-off, up to 10,000 at once (Express children billed per 100 ms).
     */
    @Override
    public GroupOrchestration groupOrchestration(Orchestration o, MapForm map) {
        Lognormal entry = o == Orchestration.EXPRESS ? states.express() : states.standard();
        if (map == null) {
            return new GroupOrchestration(entry, 1, Lognormal.constant(0), 1, 0);
        }
        return switch (map) {
            case INLINE -> new GroupOrchestration(entry, 2, overheads.invoke(), INLINE_MAP_CONCURRENCY, 0);
            case DISTRIBUTED_STANDARD -> new GroupOrchestration(entry, 2, states.childExecution(),
                    DISTRIBUTED_MAP_CONCURRENCY, 0);
            case DISTRIBUTED_EXPRESS -> new GroupOrchestration(entry, 2, states.childExecution(),
                    DISTRIBUTED_MAP_CONCURRENCY, EXPRESS_UNIT_MS);
        };
    }

    /**
     * {@code dagfuse export} runs independent branches in Parallel states: entering one is a state hand-off of the
     * workflow type, and under Standard a state transition like any other state's.
     */
    @Override
    public ParallelStates parallelStates(Orchestration o) {
        return o == Orchestration.EXPRESS ? new ParallelStates(states.express(), 0)
                : new ParallelStates(states.standard(), prices.stateTransitionUsd());
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

    /** Keys of a profile's {@code machine:} map with a Standard state hand-off learnt from execution histories. */
    public static final String STANDARD_STATE_MEDIAN_KEY = "stepFunctionsStandardStateMedianMs";
    public static final String STANDARD_STATE_SIGMA_KEY = "stepFunctionsStandardStateSigma";

    /**
     * The Standard state hand-off learnt from imported execution histories ({@value #STANDARD_STATE_MEDIAN_KEY},
     * {@value #STANDARD_STATE_SIGMA_KEY}), when the profile has it; else this platform unchanged. A value that is not a
     * number ≥ 0 is ignored.
     */
    @Override
    public Platform calibratedBy(Map<String, String> machine) {
        Double median = number(machine.get(STANDARD_STATE_MEDIAN_KEY));
        if (median == null) {
            return this;
        }
        Double sigma = number(machine.get(STANDARD_STATE_SIGMA_KEY));
        return withStates(new StateLatencies(new Lognormal(median, sigma == null ? states.standard().sigma() : sigma),
                states.express(), states.childExecution()));
    }

    private static Double number(String text) {
        if (text == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isFinite(v) && v >= 0 ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Lambda bills duration in 1 ms increments, at least 1 ms. */
    @Override
    public double billedMs(double durationMs) {
        if (!(durationMs < 1e15)) {
            return Math.max(1, Math.ceil(durationMs)); // NaN and the absurd: as Math.ceil has them
        }
        // Math.ceil by hand: the model calls this once per invocation per draw, and the client compiler the CLI runs
        // with does not make Math.ceil an intrinsic (it is a call into StrictMath, 14% of a plan's samples)
        double whole = (double) (long) durationMs;
        return Math.max(1, whole < durationMs ? whole + 1 : whole);
    }

    @Override
    public double computeCost(Architecture a, int memoryMB, double billedMs, int invocations) {
        Prices p = pricesFor(a);
        return billedMs / 1000 * (memoryMB / 1024.0) * p.gbSecondUsd() + invocations * p.requestUsd();
    }

    /** Provisioned concurrency: Lambda offers it on both architectures. */
    @Override
    public boolean offersProvisioned(Architecture a) {
        return true;
    }

    /**
     * {@code environments} × GB × the provisioned price per second, per request at {@code ratePerSecond} (provisioned
     * all day: no schedule); the billed duration at the provisioned duration price for the share {@code 1 − spill} the
     * provisioned environments serve and at the on-demand price for the rest; the request price per invocation. The
     * provisioned prices are the list prices of the group's architecture (the workflow's {@code prices:} do not set them).
     */
    @Override
    public double provisionedComputeCost(Architecture a, int memoryMB, double billedMs, int invocations,
                                         int environments, double spill, double ratePerSecond) {
        if (!(ratePerSecond > 0) || environments < 1 || !(spill >= 0 && spill <= 1)) {
            throw new IllegalArgumentException("Provisioned concurrency needs an arrival rate > 0 (" + ratePerSecond
                    + "/s), at least one environment (" + environments + ") and a spill share within 0..1 (" + spill + ").");
        }
        Prices p = pricesFor(a);
        Architecture on = a == null ? Architecture.ofYaml(architecture) : a;
        boolean arm = on == Architecture.ARM64;
        double keep = arm ? PROVISIONED_GB_SECOND_ARM64 : PROVISIONED_GB_SECOND_X86_64;
        double served = arm ? PROVISIONED_DURATION_GB_SECOND_ARM64 : PROVISIONED_DURATION_GB_SECOND_X86_64;
        double gb = memoryMB / 1024.0;
        double gbSeconds = billedMs / 1000 * gb;
        return environments * gb * keep / ratePerSecond
                + gbSeconds * ((1 - spill) * served + spill * p.gbSecondUsd())
                + invocations * p.requestUsd();
    }

    @Override
    public double storeCost(double puts, double gets) {
        return puts * prices.s3PutUsd() + gets * prices.s3GetUsd();
    }

    /**
     * Standard: a transition per state the group passes through (its Task; or its Pass and Map states) and one per
     * invocation (a Map iteration's or a Standard child's Task); Express children instead cost a request and their
     * duration; an Express parent: nothing per group.
     */
    @Override
    public double groupOrchestrationCost(Orchestration o, MapForm map, int invocations, int fanOut,
                                         double meanChildDurationUnits) {
        if (o == Orchestration.EXPRESS) {
            return 0;
        }
        if (map == MapForm.DISTRIBUTED_EXPRESS) {
            return 2 * prices.stateTransitionUsd() + invocations * prices.expressRequestUsd()
                    + meanChildDurationUnits * EXPRESS_UNIT_MS / 1000 * EXPRESS_UNIT_GB * prices.expressGbSecondUsd();
        }
        return (invocations + (fanOut > 1 ? 2 : 0)) * prices.stateTransitionUsd();
    }

    /** Express: its price per request plus its duration in 64 MB × 100 ms units over the request; Standard: 0. */
    @Override
    public double requestOrchestrationCost(Orchestration o, double[] requestLatencyMs) {
        if (o != Orchestration.EXPRESS) {
            return 0;
        }
        double sum = 0;
        for (double l : requestLatencyMs) {
            sum += Math.ceil(l / EXPRESS_UNIT_MS) * (EXPRESS_UNIT_MS / 1000) * EXPRESS_UNIT_GB * prices.expressGbSecondUsd();
        }
        return prices.expressRequestUsd() + sum / requestLatencyMs.length;
    }

    @Override
    public String orchestrationName(Orchestration o) {
        return "Step Functions " + (o == null ? orchestrations().get(0) : o).yamlName();
    }

    @Override
    public double invocationCost(Architecture a, int memoryMB, List<Double> durationsMs) {
        Prices p = pricesFor(a);
        double billed = durationsMs.stream().mapToDouble(this::billedMs).average().orElse(0);
        return billed / 1000 * (memoryMB / 1024.0) * p.gbSecondUsd() + p.requestUsd();
    }

    /**
     * The largest output a function passes inline: the exported state machine keeps every group's result in its state,
     * so half the state's 256 KiB is shared by every output a request makes (1 + Σ fan-out, at least 512 B each); a
     * larger one goes through S3. A Parallel state's result lists each branch's whole state, so what precedes it is
     * there once per branch: the most outputs a state may hold is the larger of the two counts. Plan-independent:
     * fusion only lowers the number of outputs, and the Parallel states are the workflow's.
     */
    @Override
    public long inlineOutputBytes(dev.dagfuse.model.Workflow workflow) {
        int outputs = 1;
        for (dev.dagfuse.model.FunctionSpec f : workflow.functions().values()) {
            outputs += f.fanOut();
        }
        dev.dagfuse.model.SeriesParallel shape = workflow.seriesParallel();
        for (dev.dagfuse.model.SeriesParallel.Parallel p : shape.parallels()) {
            int before = 1 + fanOuts(workflow, shape.before(p));
            outputs = Math.max(outputs, p.branches().size() * before + fanOuts(workflow, p.functions()));
        }
        return Math.max(512, overheads.inlineLimitBytes() / 2 / outputs);
    }

    private static int fanOuts(dev.dagfuse.model.Workflow workflow, List<String> functions) {
        int sum = 0;
        for (String f : functions) {
            sum += workflow.function(f).fanOut();
        }
        return sum;
    }

    @Override
    public Limits limits() {
        return new Limits(TIMEOUT_MS, STATE_PAYLOAD_BYTES, Map.of(Orchestration.EXPRESS, EXPRESS_DURATION_MS),
                limitQuantile);
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
                String.format(Locale.ROOT, "Step Functions (%s): entering a state takes a hand-off of lognormal median "
                        + "%.0f ms, σ %.2f (Standard; Express %.0f ms) after the previous state ends (SeBS-Flow, "
                        + "EuroSys'25); an inline Map's iterations start %.0f ms later (median, σ %.2f), at most %d at "
                        + "once; a Distributed Map's child executions after %.0f ms (median); independent branches start together in "
                        + "a Parallel state (one hand-off; one transition under Standard), with barriers where the "
                        + "DAG is not series-parallel. Cold starts: with an arrival rate "
                        + "(load.rate, --rate), each group's probability from Poisson arrivals, its busy environments "
                        + "(M/G/∞) and idle environments kept %s (Shilkov, 2019), one init per function of the group "
                        + "per cold invocation; without a rate, probability %.2f per invocation.", orchestration,
                        states.standard().medianMs(), states.standard().sigma(),
                        states.express().medianMs(), o.invoke().medianMs(), o.invoke().sigma(), INLINE_MAP_CONCURRENCY,
                        states.childExecution().medianMs(), keepAliveMs % 60_000 == 0
                                ? String.format(Locale.ROOT, "%.0f min", keepAliveMs / 60_000)
                                : dev.dagfuse.model.Quantities.formatMs(keepAliveMs), cold),
                String.format(Locale.ROOT, "Data between groups: an output travels inline when it is within its "
                        + "share of half the %d KiB Step Functions state (the state keeps every result), else through "
                        + "S3: PUT median %.0f ms, GET median %.0f ms (lognormal, σ %.1f), plus bytes at %.0f Mbit/s.",
                        o.inlineLimitBytes() / 1024, o.storeWrite().medianMs(), o.storeRead().medianMs(),
                        o.storeRead().sigma(), o.storeBytesPerSecond() * 8 / 1e6),
                String.format(Locale.ROOT, "Prices (%s %s, %s): $%.10f per GB-s billed per 1 ms, $%.2f per 1M "
                        + "invocations, S3 $%.4f per 1,000 PUTs and $%.4f per 1,000 GETs; Step Functions Standard "
                        + "$%.3f per 1,000 state transitions, Express $%.2f per 1M requests + duration.", NAME, architecture,
                        region, prices.gbSecondUsd(), prices.requestUsd() * 1e6, prices.s3PutUsd() * 1e3,
                        prices.s3GetUsd() * 1e3, prices.stateTransitionUsd() * 1e3, prices.expressRequestUsd() * 1e6),
                String.format(Locale.ROOT, "Limits, judged at P%s of the draws: an invocation runs at most %.0f s (or "
                        + "its function's timeout), an Express execution at most %.0f s.",
                        java.math.BigDecimal.valueOf(limitQuantile).stripTrailingZeros().toPlainString(), TIMEOUT_MS / 1000, EXPRESS_DURATION_MS / 1000),
                "Branches and functions are independent given the profile; input-size effects, S3 throughput limits and "
                        + "Lambda's burst scaling are not modelled.");
    }

    @Override
    public String constants() {
        Overheads o = overheads;
        return "invokeOverheadMedianMs=" + o.invoke().medianMs() + ", invokeOverheadSigma=" + o.invoke().sigma()
                + ", coldStartProbability=" + o.coldStartProbability() + ", s3GetMedianMs=" + o.storeRead().medianMs()
                + ", s3PutMedianMs=" + o.storeWrite().medianMs() + ", s3Sigma=" + o.storeRead().sigma()
                + ", bandwidthBytesPerSecond=" + o.storeBytesPerSecond() + ", inlineLimitBytes=" + o.inlineLimitBytes()
                + ", keepAliveMs=" + keepAliveMs
                + (snapStartRestoreMs > 0 ? ", snapStartRestoreMs=" + snapStartRestoreMs : "");
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
        if (keepAliveMs != DEFAULT_KEEP_ALIVE_MS) {
            s.put("keepAliveMs", keepAliveMs); // only when set: the workflow hashes of dagfuse 0.1 stay the same
        }
        if (snapStartRestoreMs > 0) {
            s.put("snapStartRestoreMs", snapStartRestoreMs); // likewise
        }
        return s;
    }

    private static String usd(double v) {
        return String.format(Locale.ROOT, "$%.3g", v).replace("e-0", "e-");
    }
}
