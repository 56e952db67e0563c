// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles of a workflow's functions.
 *
 * @param source where the numbers came from: {@code local-jvm}, {@code aws-lambda}, {@code trace-import},
 *     {@code synthetic} (several joined by {@code +} after a merge)
 * @param machine what measured them (CPU model, cores, JVM; or AWS region), free-form
 * @param functions per function name
 */
public record Profile(String source, Map<String, String> machine, Map<String, FunctionProfile> functions,
                      Map<String, Map<String, Double>> choices) {

    public static final List<String> SOURCES = List.of("local-jvm", "aws-lambda", "trace-import", "synthetic", "inline");

    public Profile {
        machine = Collections.unmodifiableMap(new LinkedHashMap<>(machine));
        functions = Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        Map<String, Map<String, Double>> shares = new LinkedHashMap<>();
        choices.forEach((c, options) -> shares.put(c, Collections.unmodifiableMap(new LinkedHashMap<>(options))));
        choices = Collections.unmodifiableMap(shares);
    }

    /** A profile without learnt choice shares. */
    public Profile(String source, Map<String, String> machine, Map<String, FunctionProfile> functions) {
        this(source, machine, functions, Map.of());
    }

    /**
     * The share of requests that took {@code option} of {@code choice} as execution histories recorded it
     * ({@code choices:}), or empty: the workflow's {@code when.probability}.
     */
    public java.util.OptionalDouble choiceShare(String choice, String option) {
        Double share = choices.getOrDefault(choice, Map.of()).get(option);
        return share == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(share);
    }

    public FunctionProfile function(String name) {
        return functions.get(name);
    }

    /** This profile with {@code other}'s functions added or replacing these. */
    public Profile overriddenBy(Profile other) {
        Map<String, FunctionProfile> merged = new LinkedHashMap<>(functions);
        merged.putAll(other.functions);
        Map<String, String> mergedMachine = new LinkedHashMap<>(machine);
        mergedMachine.putAll(other.machine);
        String mergedSource = source.equals(other.source) || functions.isEmpty() ? other.source
                : other.functions.isEmpty() ? source : source + "+" + other.source;
        Map<String, Map<String, Double>> mergedChoices = new LinkedHashMap<>(choices);
        mergedChoices.putAll(other.choices);
        return new Profile(mergedSource, mergedMachine, merged, mergedChoices);
    }
}
