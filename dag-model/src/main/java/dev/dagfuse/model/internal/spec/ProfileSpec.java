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
@JsonPropertyOrder({"apiVersion", "kind", "source", "machine", "functions"})
public record ProfileSpec(String apiVersion, String kind, String source, Map<String, String> machine,
                          Map<String, FunctionProfileSpec> functions) {

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
        problems.throwIfAny();
        return new Profile(source, machine == null ? Map.of() : machine, fns);
    }

    public static ProfileSpec of(Profile profile) {
        Map<String, FunctionProfileSpec> fns = new LinkedHashMap<>();
        profile.functions().forEach((name, p) -> fns.put(name, FunctionProfileSpec.of(p)));
        return new ProfileSpec("dagfuse/v1", "Profile", profile.source(),
                profile.machine().isEmpty() ? null : profile.machine(), fns);
    }
}
