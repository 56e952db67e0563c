// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.internal.Problems;

import java.util.LinkedHashMap;
import java.util.Map;

/** The YAML form of a profile ({@code kind: Profile}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "source", "machine", "functions", "choices"})
public record ProfileSpec(String apiVersion, String kind, String source, Map<String, String> machine,
                          Map<String, FunctionProfileSpec> functions,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Map<String, Double>> choices) {

    public Profile toDomain(Problems problems, Workflow workflow) {
        if (source == null) {
            problems.add("source", "The profile does not say where its numbers came from. Add source: with one of "
                    + String.join(", ", Profile.SOURCES) + ".");
        } else if (!source.matches("[a-z-]+(\\+[a-z-]+)*")) {
            problems.add("source", "The source (" + source + ") is not valid. Valid: " + String.join(", ", Profile.SOURCES)
                    + ", or several joined by +.");
        }
        Map<String, FunctionProfile> fns = new LinkedHashMap<>();
        if (functions != null && functions.size() > Ranges.MAX_FUNCTIONS) {
            problems.add("functions", "The profile has " + functions.size() + " functions; at most "
                    + Ranges.MAX_FUNCTIONS + ".");
        } else if (functions != null) {
            functions.forEach((name, spec) -> {
                String path = "functions." + name;
                if (workflow != null && !workflow.functions().containsKey(name)) {
                    problems.add(path, "The profile names a function (" + name + ") that the workflow ("
                            + workflow.name() + ") does not have. Its functions: "
                            + String.join(", ", workflow.functions().keySet()) + ".");
                    return;
                }
                if (spec == null) {
                    problems.add(path, "The profile of function (" + name + ") is empty.");
                    return;
                }
                FunctionProfile p = spec.toDomain(path, problems, name);
                if (p != null) {
                    fns.put(name, p);
                }
            });
        }
        Map<String, Map<String, Double>> shares = choices == null ? Map.of() : choices;
        shares.forEach((choice, options) -> {
            String path = "choices." + choice;
            if (workflow != null && !workflow.choices().containsKey(choice)) {
                problems.add(path, "The profile gives shares of a choice (" + choice + ") that the workflow ("
                        + workflow.name() + ") does not have. Its choices: " + workflow.choices().keySet() + ".");
                return;
            }
            double sum = 0;
            for (Map.Entry<String, Double> o : (options == null ? Map.<String, Double>of() : options).entrySet()) {
                if (workflow != null && !workflow.choices().get(choice).contains(o.getKey())) {
                    problems.add(path + "." + o.getKey(), "The choice (" + choice + ") has no option (" + o.getKey()
                            + "). Its options: " + workflow.choices().get(choice) + ".");
                } else if (o.getValue() == null || !(o.getValue() >= 0 && o.getValue() <= 1)) {
                    problems.add(path + "." + o.getKey(), "The share (" + o.getValue() + ") of option (" + o.getKey()
                            + ") must be within 0..1.");
                } else {
                    sum += o.getValue();
                }
            }
            if (sum > 1 + 1e-9) {
                problems.add(path, "The shares of the options of choice (" + choice + ") add up to " + sum
                        + ", more than 1.");
            }
        });
        problems.throwIfAny();
        return new Profile(source, machine == null ? Map.of() : machine, fns, shares);
    }

    public static ProfileSpec of(Profile profile) {
        Map<String, FunctionProfileSpec> fns = new LinkedHashMap<>();
        profile.functions().forEach((name, p) -> fns.put(name, FunctionProfileSpec.of(p)));
        return new ProfileSpec("dagfuse/v1", "Profile", profile.source(),
                profile.machine().isEmpty() ? null : profile.machine(), fns, profile.choices());
    }
}
