// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Profile;

import dev.dagfuse.model.Workflow;
import dev.dagfuse.profiler.internal.LambdaTuner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Measures deployed Lambda functions at several memory sizes, as AWS Lambda Power Tuning does
 * ({@code profile --target aws}): per size, set the memory, wait for the update, invoke N times with the log tail
 * and read the REPORT lines. Every function's original memory is restored at the end, after a failure, and on
 * Ctrl-C (a shutdown hook).
 */
public final class AwsProfiler {

    /** Static credentials; {@code sessionToken} may be null. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", secret hidden]";
        }
    }

    /**
     * @param memoryMB the sizes to measure, each within 128..10240 MB
     * @param runs invocations per function and size
     * @param parallel invoke the runs of a size concurrently (faster; more cold starts) instead of one by one
     * @param functionPrefix the deployed name of function f is prefix + f
     * @param endpoint another Lambda endpoint (a local emulator), or null for AWS's
     * @param region the region, or null for the SDK's default chain (AWS_REGION, profile)
     * @param credentials static credentials, or null for the SDK's default chain
     * @param payloads per function, a file whose content is sent as its payload (entries default to the
     *     workflow's sampleInput, others to {@code {}})
     * @param parallelism per function, the parallelism to record (a REPORT line cannot tell); default 1
     * @param pollInterval how often to ask whether a configuration update is done
     * @param updateTimeout how long to wait for one configuration update
     */
    public record Options(List<Integer> memoryMB, int runs, boolean parallel, String functionPrefix, URI endpoint,
                          String region, Credentials credentials, Map<String, Path> payloads,
                          Map<String, Integer> parallelism, Duration pollInterval, Duration updateTimeout) {

        public Options {
            memoryMB = List.copyOf(memoryMB);
            payloads = Map.copyOf(payloads);
            parallelism = Map.copyOf(parallelism);
            functionPrefix = functionPrefix == null ? "" : functionPrefix;
            if (memoryMB.isEmpty()) {
                throw new IllegalArgumentException("Give at least one memory size, e.g. --memory 512,1024,1769,3008.");
            }
            for (int m : memoryMB) {
                if (m < 128 || m > 10_240) {
                    throw new IllegalArgumentException("The memory size (" + m + " MB) must be within 128..10240 MB "
                            + "(Lambda's range).");
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("The number of invocations per size (" + runs + ") must be ≥ 1. Maybe -n 20.");
            }
        }

        public static Options of(List<Integer> memoryMB, int runs) {
            return new Options(memoryMB, runs, false, "", null, null, null, Map.of(), Map.of(), Duration.ofSeconds(1),
                    Duration.ofMinutes(5));
        }
    }

    private AwsProfiler() {
    }

    /**
     * Profiles every function of {@code workflow} as deployed under {@code options.functionPrefix() + name}.
     *
     * @throws ProfilerException (usage) without credentials or region
     */
    public static ProfileRun profile(Workflow workflow, Options options, Progress progress) {
        String region = region(options);
        AwsCredentialsProvider credentials = credentials(options);
        LambdaClientBuilder builder = LambdaClient.builder().region(Region.of(region)).credentialsProvider(credentials);
        if (options.endpoint() != null) {
            builder.endpointOverride(options.endpoint());
        }
        try (LambdaClient client = builder.build()) {
            return new LambdaTuner(client, workflow, options, region, progress).run();
        }
    }

    /**
     * Profiles every function on the platform's architecture (deployed under {@code options.functionPrefix()}) and on
     * each other architecture in {@code prefixes}, where a copy of the workflow is deployed under that prefix built
     * for it: the profile keeps the latter as per-architecture samples ({@code architectures:}), so that the planner
     * may choose a group's architecture on measurements, never on a guess. The reports are the platform's
     * architecture's, followed by the others' (function names suffixed with the architecture).
     */
    public static ProfileRun profile(Workflow workflow, Options options, Map<Architecture, String> prefixes,
                                     Progress progress) {
        ProfileRun own = profile(workflow, options, progress);
        if (prefixes.isEmpty()) {
            return own;
        }
        Map<String, FunctionProfile> merged = new java.util.LinkedHashMap<>(own.profile().functions());
        Map<String, Map<Architecture, FunctionProfile.Samples>> others = new java.util.LinkedHashMap<>();
        List<FunctionReport> reports = new java.util.ArrayList<>(own.functions());
        Map<String, String> machine = new java.util.LinkedHashMap<>(own.profile().machine());
        for (Map.Entry<Architecture, String> e : prefixes.entrySet()) {
            Options other = new Options(options.memoryMB(), options.runs(), options.parallel(), e.getValue(),
                    options.endpoint(), options.region(), options.credentials(), options.payloads(),
                    options.parallelism(), options.pollInterval(), options.updateTimeout());
            ProfileRun run = profile(workflow, other, progress);
            run.profile().functions().forEach((name, fp) -> others.computeIfAbsent(name, k -> new java.util.EnumMap<>(
                    Architecture.class)).put(e.getKey(), new FunctionProfile.Samples(fp.coldStartMs(), fp.latencyMs())));
            run.functions().forEach(r -> reports.add(new FunctionReport(r.function() + " (" + e.getKey().yamlName()
                    + ")", r.status(), r.successes(), r.errors(), r.error(), r.notes())));
            machine.put("architecture." + e.getKey().yamlName(), "deployed under the prefix " + e.getValue());
        }
        merged.replaceAll((name, fp) -> others.containsKey(name) ? new FunctionProfile(fp.outputBytes(),
                fp.peakMemoryMB(), fp.parallelism(), fp.coldStartMs(), fp.latencyMs(), others.get(name), fp.cpuFraction()) : fp);
        return new ProfileRun(new Profile(own.profile().source(), machine, merged), reports);
    }

    private static String region(Options options) {
        if (options.region() != null) {
            return options.region();
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion().id();
        } catch (SdkClientException e) {
            throw new ProfilerException(true, "No AWS region is set. Give --region us-east-1, or set AWS_REGION "
                    + "(or a region in the AWS profile).", e);
        }
    }

    private static AwsCredentialsProvider credentials(Options options) {
        Credentials c = options.credentials();
        AwsCredentialsProvider provider = c == null ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(c.sessionToken() == null
                        ? AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())
                        : AwsSessionCredentials.create(c.accessKeyId(), c.secretAccessKey(), c.sessionToken()));
        try {
            provider.resolveCredentials();
        } catch (SdkClientException e) {
            throw new ProfilerException(true, "No AWS credentials were found, so deployed functions cannot be measured. "
                    + "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (see `aws configure`), "
                    + "or use --target local.", e);
        }
        return provider;
    }
}
