// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.internal.Problems;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.scaling.ScalingModel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The YAML form of a function's profile (in a Profile file, or inline under {@code functions.X.profile}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"outputBytes", "peakMemoryMB", "parallelism", "cpuFraction", "coldStartMs", "latencyMs",
        "architectures"})
public record FunctionProfileSpec(String outputBytes, Double peakMemoryMB, Integer parallelism, Double cpuFraction,
                                  List<Double> coldStartMs, Map<String, List<Double>> latencyMs,
                                  Map<String, SamplesSpec> architectures) {

    /** Samples on another architecture: {@code architectures: {arm64: {coldStartMs: [...], latencyMs: {...}}}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"coldStartMs", "latencyMs"})
    public record SamplesSpec(List<Double> coldStartMs, Map<String, List<Double>> latencyMs) {
    }

    public FunctionProfile toDomain(String path, Problems problems, String function) {
        int before = problems.count();
        long bytes = 0;
        if (outputBytes != null) {
            try {
                bytes = Quantities.parseBytes(outputBytes);
                if (bytes > Ranges.MAX_OUTPUT_BYTES) {
                    problems.add(path + ".outputBytes", "The outputBytes (" + outputBytes + ") of function (" + function
                            + ") must be at most 10GiB, what the largest Lambda instance holds. Maybe 6MB.");
                }
            } catch (IllegalArgumentException e) {
                problems.add(path + ".outputBytes", "The outputBytes of function (" + function + "): " + e.getMessage());
            }
        }
        double peak = peakMemoryMB == null ? 0 : peakMemoryMB;
        if (!(peak >= 0 && peak <= Ranges.MAX_MEMORY_MB)) {
            problems.add(path + ".peakMemoryMB", "The peakMemoryMB (" + peakMemoryMB + ") of function (" + function
                    + ") must be within 0.." + Ranges.MAX_MEMORY_MB + " (0 = unknown).");
        }
        int threads = parallelism == null ? 1 : parallelism;
        if (threads < 1 || threads > Ranges.MAX_PARALLELISM) {
            problems.add(path + ".parallelism", "The parallelism (" + parallelism + ") of function (" + function
                    + ") must be within 1.." + Ranges.MAX_PARALLELISM + ": the number of threads one invocation keeps "
                    + "busy.");
        }
        double cpu = cpuFraction == null ? Double.NaN : cpuFraction;
        if (cpuFraction != null && !(cpu > 0 && cpu <= 1)) {
            problems.add(path + ".cpuFraction", "The cpuFraction (" + cpuFraction + ") of function (" + function
                    + ") must be within (0, 1]: the share of its measured latency that was CPU work (e.g. 0.2 for a "
                    + "trace's 20% CPU utilisation). Maybe leave it out when unknown.");
        }
        List<Double> cold = coldStartMs == null ? List.of() : coldStartMs;
        checkSamples(path + ".coldStartMs", cold, problems, function);
        Map<Integer, List<Double>> latency = latency(path, latencyMs, problems, function);
        Map<Architecture, FunctionProfile.Samples> others = new java.util.EnumMap<>(Architecture.class);
        if (architectures != null) {
            architectures.forEach((name, spec) -> {
                String archPath = path + ".architectures." + name;
                Architecture a = Architecture.ofYaml(name);
                if (a == null) {
                    problems.add(archPath, "The architecture (" + name + ") of function (" + function
                            + ") is not known. Valid: x86_64, arm64.");
                } else if (spec == null || spec.latencyMs() == null || spec.latencyMs().isEmpty()) {
                    problems.add(archPath + ".latencyMs", "The function (" + function + ") has no latency samples on "
                            + name + ". Give latencyMs: {1769: [...]} or remove the architecture.");
                } else {
                    List<Double> archCold = spec.coldStartMs() == null ? List.of() : spec.coldStartMs();
                    checkSamples(archPath + ".coldStartMs", archCold, problems, function);
                    others.put(a, new FunctionProfile.Samples(archCold,
                            latency(archPath, spec.latencyMs(), problems, function)));
                }
            });
        }
        if (problems.count() > before) {
            return null;
        }
        return new FunctionProfile(bytes, peak, threads, cold, latency, others, cpu);
    }

    private static Map<Integer, List<Double>> latency(String path, Map<String, List<Double>> latencyMs, Problems problems,
                                                      String function) {
        Map<Integer, List<Double>> latency = new TreeMap<>();
        if (latencyMs != null) {
            for (Map.Entry<String, List<Double>> e : latencyMs.entrySet()) {
                String sizePath = path + ".latencyMs." + e.getKey();
                Integer size = parseSize(e.getKey());
                if (size == null || size < AwsLambdaPlatform.MIN_MB || size > AwsLambdaPlatform.MAX_MB) {
                    problems.add(sizePath, "The memory size (" + e.getKey() + ") of function (" + function
                            + ") must be a whole number of MB within " + AwsLambdaPlatform.MIN_MB + ".."
                            + AwsLambdaPlatform.MAX_MB + " (Lambda's range; locally t threads are t x "
                            + ScalingModel.MB_PER_VCPU + " MB). Maybe 1769.");
                    continue;
                }
                List<Double> samples = e.getValue() == null ? List.of() : e.getValue();
                if (samples.isEmpty()) {
                    problems.add(sizePath, "The latency samples of function (" + function + ") at " + size
                            + " MB are empty. Give at least one sample in milliseconds, or remove the size.");
                }
                checkSamples(sizePath, samples, problems, function);
                latency.put(size, samples);
            }
        }
        return latency;
    }

    public static FunctionProfileSpec of(FunctionProfile p) {
        Map<String, SamplesSpec> others = null;
        if (!p.architectures().isEmpty()) {
            others = new LinkedHashMap<>();
            for (Map.Entry<Architecture, FunctionProfile.Samples> e : p.architectures().entrySet()) {
                others.put(e.getKey().yamlName(), new SamplesSpec(e.getValue().coldStartMs(),
                        latencyKeys(e.getValue().latencyMs())));
            }
        }
        return new FunctionProfileSpec(String.valueOf(p.outputBytes()), p.peakMemoryMB(), p.parallelism(),
                p.hasCpuFraction() ? p.cpuFraction() : null, p.coldStartMs(), latencyKeys(p.latencyMs()), others);
    }

    private static Map<String, List<Double>> latencyKeys(Map<Integer, List<Double>> bySize) {
        Map<String, List<Double>> latency = new LinkedHashMap<>();
        bySize.forEach((size, samples) -> latency.put(String.valueOf(size), samples));
        return latency;
    }

    private static Integer parseSize(String key) {
        try {
            return Integer.valueOf(key.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void checkSamples(String path, List<Double> samples, Problems problems, String function) {
        if (samples.size() > Ranges.MAX_SAMPLES_PER_LIST) {
            problems.add(path, "The function (" + function + ") has " + samples.size() + " samples here; at most "
                    + Ranges.MAX_SAMPLES_PER_LIST + ". Maybe keep a random subset.");
            return;
        }
        for (int i = 0; i < samples.size(); i++) {
            Double s = samples.get(i);
            if (s == null || !(s >= 0 && s <= Ranges.MAX_SAMPLE_MS)) {
                problems.add(path + "[" + i + "]", "The sample (" + s + ") of function (" + function
                        + ") must be a number of milliseconds within 0.." + (long) Ranges.MAX_SAMPLE_MS + " (a day).");
                return; // one line per list is enough to see the problem
            }
        }
    }
}
