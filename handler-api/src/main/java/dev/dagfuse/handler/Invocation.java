// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.handler;

import java.util.List;
import java.util.Map;

/**
 * What one invocation of a function receives.
 *
 * @param function the function's name in the workflow
 * @param branch this invocation's index in the function's fan-out, 0-based
 * @param fanOut the function's fan-out (1 for a function that is not fanned out)
 * @param inputs per predecessor, the outputs this invocation receives: one value for a 1 → 1 or a
 *     per-branch edge (branch i of the predecessor feeds branch i), every branch's output in branch
 *     order for a gather (n → 1 or n → m), the single output for a scatter (1 → n; each branch gets the
 *     whole output and takes its share by {@code branch}), and for an edge the workflow gives a {@code reads:}
 *     (a partition or a window of the predecessor's branches) those outputs, in branch order
 * @param requestInput the request's input; set for every function, used by entry functions
 */
public record Invocation(String function, int branch, int fanOut, Map<String, List<Object>> inputs, Object requestInput) {

    public Invocation {
        inputs = Map.copyOf(inputs);
    }

    /** The single input from {@code predecessor}; fails if it sent none or several. */
    public Object input(String predecessor) {
        List<Object> values = inputs(predecessor);
        if (values.size() != 1) {
            throw new IllegalStateException("The function (" + function + ") received " + values.size()
                    + " inputs from (" + predecessor + "), not 1. Use inputs(\"" + predecessor + "\") for a gather.");
        }
        return values.get(0);
    }

    /** Every input from {@code predecessor}, in branch order. */
    public List<Object> inputs(String predecessor) {
        List<Object> values = inputs.get(predecessor);
        if (values == null) {
            throw new IllegalArgumentException("The function (" + function + ") has no predecessor (" + predecessor
                    + "). Its predecessors are " + inputs.keySet() + ".");
        }
        return values;
    }

    /** The single input of a function with exactly one predecessor. */
    public Object onlyInput() {
        if (inputs.size() != 1) {
            throw new IllegalStateException("The function (" + function + ") has " + inputs.size()
                    + " predecessors, not 1. Use input(name).");
        }
        return input(inputs.keySet().iterator().next());
    }
}
