// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The probability that each function runs, by brute force over the choices' options, independent of the model. */
final class ChoicePaths {

    private ChoicePaths() {
    }

    /** Each choice takes each option (or none, with what the options leave of 1); a function runs as the docs say. */
    static Map<String, Double> runProbabilities(Workflow w) {
        Map<String, List<String>> choices = w.choices();
        List<String> names = new ArrayList<>(choices.keySet());
        Map<String, Double> sum = new LinkedHashMap<>();
        w.functions().keySet().forEach(f -> sum.put(f, 0.0));
        int combos = 1;
        for (String c : names) {
            combos *= choices.get(c).size() + 1;
        }
        for (int combo = 0; combo < combos; combo++) {
            int rest = combo;
            Map<String, String> taken = new LinkedHashMap<>();
            double weight = 1;
            for (String c : names) {
                List<String> options = choices.get(c);
                int k = rest % (options.size() + 1);
                rest /= options.size() + 1;
                double left = 1 - options.stream().mapToDouble(o -> w.optionProbability(c, o)).sum();
                weight *= k < options.size() ? w.optionProbability(c, options.get(k)) : Math.max(0, left);
                taken.put(c, k < options.size() ? options.get(k) : null);
            }
            Map<String, Boolean> ran = new LinkedHashMap<>();
            for (String f : w.topologicalOrder()) {
                FunctionSpec spec = w.function(f);
                boolean on = spec.when() == null || w.option(f).equals(taken.get(spec.when().choice()));
                if (!spec.after().isEmpty()) {
                    on &= spec.after().stream().anyMatch(ran::get);
                }
                ran.put(f, on);
                if (on) {
                    sum.merge(f, weight, Double::sum);
                }
            }
        }
        return sum;
    }
}
