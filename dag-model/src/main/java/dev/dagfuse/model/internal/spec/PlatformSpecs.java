// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal.spec;

import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Prices;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.internal.Problems;
import dev.dagfuse.model.internal.spec.WorkflowSpec.PlatformSpec;
import dev.dagfuse.model.internal.spec.WorkflowSpec.PricesSpec;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.ClusterPlatform;
import dev.dagfuse.model.platform.LocalPlatform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Turns a workflow's {@code platform:} block into the {@link Platform} its {@code name} selects. Each platform reads
 * the keys that mean something to it and rejects the others by their YAML path. A new platform adds its reader here.
 */
final class PlatformSpecs {

    private static final Map<String, BiFunction<PlatformSpec, Problems, Platform>> READERS = new LinkedHashMap<>();

    static {
        READERS.put(AwsLambdaPlatform.NAME, PlatformSpecs::awsLambda);
        READERS.put(LocalPlatform.NAME, PlatformSpecs::local);
        READERS.put(ClusterPlatform.NAME, ClusterSpecs::cluster);
    }

    private PlatformSpecs() {
    }

    static Platform toDomain(PlatformSpec p, Problems problems) {
        if (p == null) {
            return AwsLambdaPlatform.defaults();
        }
        String name = p.name() == null ? AwsLambdaPlatform.NAME : p.name();
        BiFunction<PlatformSpec, Problems, Platform> reader = READERS.get(name);
        if (reader == null) {
            problems.add("platform.name", "The platform (" + name + ") is not known. Valid: "
                    + String.join(", ", READERS.keySet()) + ".");
            return AwsLambdaPlatform.defaults();
        }
        return reader.apply(p, problems);
    }

    private static Platform awsLambda(PlatformSpec p, Problems problems) {
        ClusterSpecs.rejectClusterKeys(p, AwsLambdaPlatform.NAME, problems);
        String arch = architecture(p, problems);
        String orchestration = p.orchestration() == null ? "auto" : p.orchestration();
        if (!List.of("auto", "standard", "express").contains(orchestration)) {
            problems.add("platform.orchestration", "The orchestration (" + orchestration
                    + ") is not known. Valid: auto (the planner chooses), standard, express (Step Functions workflow "
                    + "types).");
            orchestration = "auto";
        }
        if (p.cores() != null) {
            problems.add("platform.cores", "The cores (" + p.cores() + ") apply only to platform local; "
                    + "on aws-lambda, CPU follows memory. Remove it.");
        }
        AwsLambdaPlatform base = AwsLambdaPlatform.of(arch);
        int[] range = memoryRange(p, base.memoryMinMB(), base.memoryMaxMB(), problems);
        for (String key : List.of("memoryMinMB", "memoryMaxMB")) {
            Integer given = key.equals("memoryMinMB") ? p.memoryMinMB() : p.memoryMaxMB();
            if (given != null && (given < AwsLambdaPlatform.MIN_MB || given > AwsLambdaPlatform.MAX_MB)) {
                problems.add("platform." + key, "The " + key + " (" + given + ") must be within Lambda's "
                        + AwsLambdaPlatform.MIN_MB + ".." + AwsLambdaPlatform.MAX_MB + " MB. Maybe "
                        + (given < AwsLambdaPlatform.MIN_MB ? AwsLambdaPlatform.MIN_MB : AwsLambdaPlatform.MAX_MB) + ".");
                range = new int[] {base.memoryMinMB(), base.memoryMaxMB()};
            }
        }
        Prices prices = prices(p.prices(), base.prices(), problems);
        String region = p.region() == null ? base.region() : p.region();
        AwsLambdaPlatform.StateLatencies states = base.states();
        Platform.Overheads overheads = base.overheads();
        if (p.latency() != null) {
            WorkflowSpec.StateLatencySpec l = p.latency();
            states = new AwsLambdaPlatform.StateLatencies(
                    lognormal("platform.latency.standardState", l.standardState(), states.standard(), problems),
                    lognormal("platform.latency.expressState", l.expressState(), states.express(), problems),
                    lognormal("platform.latency.childExecution", l.childExecution(), states.childExecution(), problems));
            overheads = overheads.withInvoke(lognormal("platform.latency.mapIteration", l.mapIteration(),
                    overheads.invoke(), problems));
        }
        double quantile = base.limitQuantile();
        if (p.limitQuantile() != null) {
            if (!(p.limitQuantile() >= 50 && p.limitQuantile() < 100)) {
                problems.add("platform.limitQuantile", "The limitQuantile (" + p.limitQuantile() + ") must be ≥ 50 and "
                        + "< 100: the percentile of the draws at which time limits are judged. Maybe 99.9.");
            } else {
                quantile = p.limitQuantile();
            }
        }
        double keepAlive = base.keepAliveMs();
        if (p.keepAlive() != null) {
            try {
                double ms = Quantities.parseDurationMs(p.keepAlive());
                if (!(ms > 0 && ms <= Ranges.MAX_KEEP_ALIVE_MS)) {
                    problems.add("platform.keepAlive", "The keepAlive (" + p.keepAlive() + ") must be > 0 and ≤ 24h: "
                            + "how long Lambda keeps an idle environment. Maybe 10m.");
                } else {
                    keepAlive = ms;
                }
            } catch (IllegalArgumentException e) {
                problems.add("platform.keepAlive", e.getMessage());
            }
        }
        double restore = 0;
        if (p.snapStartRestore() != null) {
            try {
                double ms = Quantities.parseDurationMs(p.snapStartRestore());
                if (!(ms > 0 && ms <= Ranges.MAX_DELAY_MS)) {
                    problems.add("platform.snapStartRestore", "The snapStartRestore (" + p.snapStartRestore() + ") must "
                            + "be > 0 and ≤ 1h: how long restoring a SnapStart snapshot takes, as you measured it "
                            + "(AWS publishes no figure). Maybe 400ms.");
                } else {
                    restore = ms;
                }
            } catch (IllegalArgumentException e) {
                problems.add("platform.snapStartRestore", e.getMessage());
            }
        }
        return new AwsLambdaPlatform(arch, region, orchestration, range[0], range[1], prices, overheads, states,
                quantile, keepAlive, restore);
    }

    private static Platform.Lognormal lognormal(String path, WorkflowSpec.LognormalSpec spec, Platform.Lognormal fallback,
                                                Problems problems) {
        if (spec == null) {
            return fallback;
        }
        double median = fallback.medianMs();
        if (spec.median() != null) {
            try {
                median = Quantities.parseDurationMs(spec.median());
            } catch (IllegalArgumentException e) {
                problems.add(path + ".median", e.getMessage());
            }
        }
        double sigma = spec.sigma() == null ? fallback.sigma() : spec.sigma();
        if (!(sigma >= 0 && sigma <= 3)) {
            problems.add(path + ".sigma", "The sigma (" + spec.sigma() + ") must be ≥ 0 and ≤ 3: the shape of a "
                    + "lognormal latency (0 makes it the median itself). Maybe 0.35.");
            sigma = fallback.sigma();
        }
        if (!(median >= 0) || !(median <= Ranges.MAX_DELAY_MS)) {
            problems.add(path + ".median", "The median (" + spec.median() + ") must be a duration within 0..1h. Maybe "
                    + "150ms.");
            median = fallback.medianMs();
        }
        return new Platform.Lognormal(median, sigma);
    }

    private static Platform local(PlatformSpec p, Problems problems) {
        ClusterSpecs.rejectClusterKeys(p, LocalPlatform.NAME, problems);
        architecture(p, problems); // informational locally, but a typo is still one
        if (p.latency() != null) {
            problems.add("platform.latency", "The latency (Step Functions hand-offs) applies only to platform aws-lambda; "
                    + "locally the profile measures the hand-off. Remove it.");
        }
        if (p.limitQuantile() != null) {
            problems.add("platform.limitQuantile", "The limitQuantile applies only to platform aws-lambda. Remove it.");
        }
        if (p.keepAlive() != null) {
            problems.add("platform.keepAlive", "The keepAlive applies only to platform aws-lambda; the local executor "
                    + "starts no environments, so an arrival rate gives no cold starts there. Remove it.");
        }
        if (p.snapStartRestore() != null) {
            problems.add("platform.snapStartRestore", "The snapStartRestore applies only to platform aws-lambda "
                    + "(SnapStart); the local executor starts no environments. Remove it.");
        }
        if (p.orchestration() != null) {
            problems.add("platform.orchestration", "The orchestration (" + p.orchestration() + ") applies only to "
                    + "platform aws-lambda (Step Functions); the local executor schedules invocations itself. Remove it.");
        }
        if (p.prices() != null) {
            problems.add("platform.prices", "The prices apply only to platform aws-lambda; on local, cost is "
                    + "core-seconds. Remove them.");
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (p.cores() != null) {
            if (p.cores() < 1 || p.cores() > Ranges.MAX_CORES) {
                problems.add("platform.cores", "The cores (" + p.cores() + ") must be within 1.." + Ranges.MAX_CORES
                        + ". Maybe 2.");
            } else {
                cores = p.cores();
            }
        }
        LocalPlatform base = LocalPlatform.of(cores);
        int[] range = memoryRange(p, base.memoryMinMB(), base.memoryMaxMB(), problems);
        return new LocalPlatform(cores, range[0], range[1], base.invokeOverheadMs(), base.storeLatencyMs(),
                base.storeBytesPerSecond());
    }

    static String architecture(PlatformSpec p, Problems problems) {
        String arch = p.architecture() == null ? "x86_64" : p.architecture();
        if (!List.of("x86_64", "arm64").contains(arch)) {
            problems.add("platform.architecture", "The architecture (" + arch + ") is not known. Valid: x86_64, arm64.");
            arch = "x86_64";
        }
        return arch;
    }

    private static int[] memoryRange(PlatformSpec p, int defaultMin, int defaultMax, Problems problems) {
        int min = p.memoryMinMB() == null ? defaultMin : p.memoryMinMB();
        int max = p.memoryMaxMB() == null ? defaultMax : p.memoryMaxMB();
        if (min < 1 || max < min || max > Ranges.MAX_MEMORY_MB) {
            problems.add("platform", "The memory range (" + min + ".." + max + " MB) must be a non-empty range within 1.."
                    + Ranges.MAX_MEMORY_MB + " MB.");
            return new int[] {defaultMin, defaultMax};
        }
        return new int[] {min, max};
    }

    private static Prices prices(PricesSpec s, Prices prices, Problems problems) {
        if (s == null) {
            return prices;
        }
        return new Prices(price(s.gbSecondUsd(), prices.gbSecondUsd(), "gbSecondUsd", problems),
                price(s.requestUsd(), prices.requestUsd(), "requestUsd", problems),
                price(s.s3PutUsd(), prices.s3PutUsd(), "s3PutUsd", problems),
                price(s.s3GetUsd(), prices.s3GetUsd(), "s3GetUsd", problems),
                price(s.stateTransitionUsd(), prices.stateTransitionUsd(), "stateTransitionUsd", problems),
                price(s.expressRequestUsd(), prices.expressRequestUsd(), "expressRequestUsd", problems),
                price(s.expressGbSecondUsd(), prices.expressGbSecondUsd(), "expressGbSecondUsd", problems));
    }

    private static double price(Double given, double fallback, String key, Problems problems) {
        if (given == null) {
            return fallback;
        }
        if (!(given >= 0 && given <= Ranges.MAX_PRICE_USD)) {
            problems.add("platform.prices." + key, "The price (" + given + ") must be a number of USD within 0.."
                    + (int) Ranges.MAX_PRICE_USD + " (AWS's list prices are below 0.0001).");
            return fallback;
        }
        return given;
    }
}
