// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Profile;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Merges profiles ({@code profile merge}), keeping where every number came from.
 *
 * <ul>
 *   <li>{@code source}: the inputs' sources joined by {@code +}, each once ({@code local-jvm+aws-lambda});</li>
 *   <li>latency: the union of the measured sizes; a size measured in several inputs takes the later input's samples
 *       (samples of different environments are not mixed);</li>
 *   <li>cold starts, outputBytes, peakMemoryMB: the later input's when it has them (non-empty, non-zero);
 *       parallelism: the largest;</li>
 *   <li>{@code machine}: every input's entries; a key whose value differs between inputs is kept per input as
 *       {@code key (label)}; plus {@code origin.<function>}: which sizes came from which input.</li>
 * </ul>
 */
public final class ProfileMerge {

    /** One input: a label for it (its file name) and its profile. */
    public record Input(String label, Profile profile) {
    }

    private ProfileMerge() {
    }

    public static Profile merge(List<Input> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("Give at least one profile to merge.");
        }
        Set<String> sources = new LinkedHashSet<>();
        Map<String, String> machine = new LinkedHashMap<>();
        Map<String, FunctionProfile> functions = new LinkedHashMap<>();
        Map<String, Map<Integer, String>> origins = new LinkedHashMap<>();
        Set<String> conflicting = conflictingKeys(inputs);
        for (Input in : inputs) {
            Profile p = in.profile();
            sources.addAll(List.of(p.source().split("\\+")));
            p.machine().forEach((k, v) -> {
                if (k.startsWith("origin.")) {
                    return; // recomputed below
                }
                machine.put(conflicting.contains(k) ? k + " (" + in.label() + ")" : k, v);
            });
            p.functions().forEach((name, f) -> {
                FunctionProfile before = functions.get(name);
                functions.put(name, before == null ? f : merge(before, f));
                Map<Integer, String> origin = origins.computeIfAbsent(name, k -> new TreeMap<>());
                f.latencyMs().keySet().forEach(size -> origin.put(size, in.label() + " (" + p.source() + ")"));
            });
        }
        origins.forEach((name, bySize) -> {
            Map<String, List<Integer>> sizesByInput = new LinkedHashMap<>();
            bySize.forEach((size, label) -> sizesByInput.computeIfAbsent(label, k -> new ArrayList<>()).add(size));
            machine.put("origin." + name, sizesByInput.entrySet().stream()
                    .map(e -> e.getValue().stream().map(String::valueOf).collect(Collectors.joining(", "))
                            + " MB from " + e.getKey())
                    .collect(Collectors.joining("; ")));
        });
        return new Profile(String.join("+", sources), machine, functions);
    }

    private static FunctionProfile merge(FunctionProfile before, FunctionProfile later) {
        Map<Integer, List<Double>> latency = new TreeMap<>(before.latencyMs());
        latency.putAll(later.latencyMs());
        // samples on other architectures and the recorded CPU fraction are kept too (the later input's where both have them)
        Map<Architecture, FunctionProfile.Samples> architectures = new EnumMap<>(Architecture.class);
        architectures.putAll(before.architectures());
        architectures.putAll(later.architectures());
        return new FunctionProfile(
                later.outputBytes() > 0 ? later.outputBytes() : before.outputBytes(),
                later.peakMemoryMB() > 0 ? later.peakMemoryMB() : before.peakMemoryMB(),
                Math.max(before.parallelism(), later.parallelism()),
                later.coldStartMs().isEmpty() ? before.coldStartMs() : later.coldStartMs(),
                latency, architectures, later.hasCpuFraction() ? later.cpuFraction() : before.cpuFraction());
    }

    private static Set<String> conflictingKeys(List<Input> inputs) {
        Map<String, String> first = new LinkedHashMap<>();
        Set<String> conflicting = new LinkedHashSet<>();
        for (Input in : inputs) {
            in.profile().machine().forEach((k, v) -> {
                String seen = first.putIfAbsent(k, v);
                if (seen != null && !seen.equals(v)) {
                    conflicting.add(k);
                }
            });
        }
        return conflicting;
    }
}
