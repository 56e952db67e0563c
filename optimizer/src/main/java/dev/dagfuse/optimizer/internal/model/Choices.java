// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which requests run which functions when the workflow has choices ({@code when:}): each draw takes one option of
 * every choice (or none) with the options' probabilities, from one stream per choice, so that the options of a choice
 * exclude each other within a request and every group on the same path agrees. A function runs in a draw when its
 * option is taken (if it has one) and, unless it is an entry, at least one of its predecessors ran there.
 *
 * <p>A group that does not run in a draw takes no time there, and costs its mean times the exact probability that it
 * runs (enumerated over the choices' options when there are at most {@value #MAX_ENUMERATED} combinations, else the
 * share of draws it runs in).
 */
final class Choices {

    static final int MAX_ENUMERATED = 1 << 16;

    /** Per function that does not run on every draw, the draws it runs in. */
    private final Map<String, BitSet> runs = new HashMap<>();
    private final Map<String, Double> probability = new HashMap<>();
    private final int samples;

    private Choices(int samples) {
        this.samples = samples;
    }

    /**
     * @param profile where execution histories gave the options' shares ({@code choices:}), which then replace the
     *     workflow's {@code when.probability}
     */
    static Choices of(Workflow workflow, Profile profile, int samples, long seed) {
        Choices c = new Choices(samples);
        java.util.function.ToDoubleBiFunction<String, String> p = (choice, option) ->
                profile.choiceShare(choice, option).orElseGet(() -> workflow.optionProbability(choice, option));
        Map<String, List<String>> choices = workflow.choices();
        if (choices.isEmpty()) {
            return c;
        }
        // the option index each draw takes per choice (its options' count: none)
        Map<String, int[]> taken = new HashMap<>();
        choices.forEach((choice, options) -> {
            long stream = Streams.stream(seed, choice, Streams.CHOICE, 0);
            int[] t = new int[samples];
            for (int i = 0; i < samples; i++) {
                double u = Streams.uniform(stream, i);
                double cumulative = 0;
                t[i] = options.size();
                for (int k = 0; k < options.size(); k++) {
                    cumulative += p.applyAsDouble(choice, options.get(k));
                    if (u < cumulative) {
                        t[i] = k;
                        break;
                    }
                }
            }
            taken.put(choice, t);
        });
        for (String f : workflow.topologicalOrder()) {
            FunctionSpec spec = workflow.function(f);
            BitSet own = null; // null: every draw
            if (spec.when() != null) {
                int k = choices.get(spec.when().choice()).indexOf(workflow.option(f));
                int[] t = taken.get(spec.when().choice());
                own = new BitSet(samples);
                for (int i = 0; i < samples; i++) {
                    if (t[i] == k) {
                        own.set(i);
                    }
                }
            }
            List<String> preds = workflow.predecessors(f);
            BitSet any = null;
            if (!preds.isEmpty() && preds.stream().allMatch(c.runs::containsKey)) {
                any = new BitSet(samples);
                for (String pred : preds) {
                    any.or(c.runs.get(pred));
                }
            }
            BitSet result = own == null ? any : any == null ? own : and(own, any);
            if (result != null) {
                c.runs.put(f, result);
            }
        }
        c.probabilities(workflow, choices, p);
        return c;
    }

    private static BitSet and(BitSet a, BitSet b) {
        BitSet r = (BitSet) a.clone();
        r.and(b);
        return r;
    }

    // Exact: every combination of the choices' options, weighted by its probability, propagated as the draws are.
    private void probabilities(Workflow workflow, Map<String, List<String>> choices,
                               java.util.function.ToDoubleBiFunction<String, String> p) {
        List<String> names = List.copyOf(choices.keySet());
        long combinations = 1;
        for (String n : names) {
            combinations = Math.min(Long.MAX_VALUE / 2, combinations * (choices.get(n).size() + 1));
        }
        if (combinations > MAX_ENUMERATED) {
            runs.forEach((f, set) -> probability.put(f, set.cardinality() / (double) samples));
            return;
        }
        Map<String, Double> sum = new HashMap<>();
        int[] pick = new int[names.size()];
        List<String> order = workflow.topologicalOrder();
        for (long combo = 0; combo < combinations; combo++) {
            long rest = combo;
            double weight = 1;
            for (int c = 0; c < names.size(); c++) {
                List<String> options = choices.get(names.get(c));
                pick[c] = (int) (rest % (options.size() + 1));
                rest /= options.size() + 1;
                double taken = 0;
                for (String o : options) {
                    taken += p.applyAsDouble(names.get(c), o);
                }
                weight *= pick[c] < options.size() ? p.applyAsDouble(names.get(c), options.get(pick[c]))
                        : Math.max(0, 1 - taken);
            }
            if (weight == 0) {
                continue;
            }
            Map<String, Boolean> ran = new HashMap<>();
            for (String f : order) {
                FunctionSpec spec = workflow.function(f);
                boolean on = true;
                if (spec.when() != null) {
                    int c = names.indexOf(spec.when().choice());
                    on = choices.get(names.get(c)).indexOf(workflow.option(f)) == pick[c];
                }
                List<String> preds = workflow.predecessors(f);
                if (on && !preds.isEmpty()) {
                    on = preds.stream().anyMatch(ran::get);
                }
                ran.put(f, on);
                if (on) {
                    sum.merge(f, weight, Double::sum);
                }
            }
        }
        runs.keySet().forEach(f -> probability.put(f, sum.getOrDefault(f, 0.0)));
    }

    /** Whether some function does not run on every request. */
    boolean any() {
        return !runs.isEmpty();
    }

    /** Whether some requests skip {@code function}. */
    boolean skips(String function) {
        return runs.containsKey(function);
    }

    /** The probability that {@code function} runs in a request (1 when it always does). */
    double probability(String function) {
        return probability.getOrDefault(function, 1.0);
    }

    /**
     * A group's numbers when its head is {@code head}: no time in the draws it does not run in, and its costs times the
     * probability that it runs. The group itself when it always runs.
     */
    GroupResult mask(String head, GroupResult r) {
        BitSet on = runs.get(head);
        if (on == null) {
            return r;
        }
        double p = probability(head);
        double[] latency = r.latencyMs().clone();
        for (int i = on.nextClearBit(0); i < latency.length; i = on.nextClearBit(i + 1)) {
            latency[i] = 0;
        }
        double[][] invocations = null;
        if (r.invocationMs() != null) {
            invocations = new double[r.invocationMs().length][];
            for (int j = 0; j < invocations.length; j++) {
                invocations[j] = r.invocationMs()[j].clone();
                for (int i = on.nextClearBit(0); i < invocations[j].length; i = on.nextClearBit(i + 1)) {
                    invocations[j][i] = 0;
                }
            }
        }
        return r.scaled(latency, invocations, p);
    }
}
