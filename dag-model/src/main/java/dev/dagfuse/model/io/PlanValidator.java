// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.io;

import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.internal.Problems;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that a plan fits its workflow: every function in exactly one group, each group a fusible chain of
 * equal fan-out, bundle sizes within 1..fanOut, memory within the platform's range.
 */
public final class PlanValidator {

    private PlanValidator() {
    }

    /** Throws an {@link InputException} naming every problem; {@code source} names the plan in messages. */
    public static void validate(Plan plan, Workflow workflow, String source) {
        Problems problems = new Problems(source);
        validate(plan, workflow, problems);
        problems.throwIfAny();
    }

    /**
     * Whether the edge {@code upper → lower} may be fused: it is the only edge out of {@code upper} and the only
     * edge into {@code lower}, each lower invocation reads exactly one upper output (1 → 1 or per-branch), and
     * {@code lower} is not an option of a choice (a Choice state sits between them), and neither is a service task or
     * a Wait state (not a Lambda function), and neither runs in a loop (a loop repeats one state).
     */
    public static boolean isFusible(Workflow workflow, String upper, String lower) {
        return workflow.successors(upper).equals(List.of(lower))
                && workflow.predecessors(lower).equals(List.of(upper))
                && workflow.edgeKind(upper, lower).isOneToOne()
                && workflow.function(lower).when() == null
                && workflow.function(upper).service() == null && workflow.function(lower).service() == null
                && workflow.function(upper).iterations().isEmpty() && workflow.function(lower).iterations().isEmpty();
    }

    static void validate(Plan plan, Workflow workflow, Problems problems) {
        if (plan.workflow() != null && !plan.workflow().equals(workflow.name())) {
            problems.add("workflow", "The plan is for workflow (" + plan.workflow() + "), not (" + workflow.name() + ").");
        }
        Map<String, String> groupOf = new HashMap<>();
        for (int i = 0; i < plan.groups().size(); i++) {
            PlanGroup g = plan.groups().get(i);
            String path = "groups[" + i + "]";
            List<String> fns = g.functions();
            for (int j = 0; j < fns.size(); j++) {
                String f = fns.get(j);
                if (!workflow.functions().containsKey(f)) {
                    problems.add(path + ".functions[" + j + "]", "The group (" + g.id() + ") names a function (" + f
                            + ") that the workflow does not have. Its functions: "
                            + String.join(", ", workflow.functions().keySet()) + ".");
                    continue;
                }
                String previous = groupOf.put(f, g.id());
                if (previous != null) {
                    problems.add(path + ".functions[" + j + "]", "The function (" + f + ") is in group (" + previous
                            + ") and in group (" + g.id() + "); each function must be in exactly one group.");
                }
                FunctionSpec spec = workflow.function(f);
                if (spec.fanOut() != g.fanOut()) {
                    problems.add(path + ".fanOut", "The fanOut (" + g.fanOut() + ") of group (" + g.id()
                            + ") differs from the fanOut (" + spec.fanOut() + ") of its function (" + f + ").");
                }
                if (j > 0 && workflow.functions().containsKey(fns.get(j - 1)) && !isFusible(workflow, fns.get(j - 1), f)) {
                    problems.add(path + ".functions", "The group (" + g.id() + ") fuses (" + fns.get(j - 1) + ") and (" + f
                            + "), which are not a fusible chain: fusion needs " + fns.get(j - 1) + " -> " + f
                            + " to be the only edge out of the first and into the second, 1 → 1 or per-branch.");
                }
            }
            if (g.memoryMB() < workflow.platform().memoryMinMB() || g.memoryMB() > workflow.platform().memoryMaxMB()) {
                problems.add(path + ".memoryMB", "The memory (" + g.memoryMB() + " MB) of group (" + g.id()
                        + ") must be within " + workflow.platform().memoryMinMB() + ".." + workflow.platform().memoryMaxMB()
                        + " MB on " + workflow.platform().name() + ".");
            }
            if (g.provisioned() != null && !workflow.platform().offersProvisioned(g.architecture())) {
                problems.add(path + ".provisioned", "The group (" + g.id() + ") has provisioned concurrency ("
                        + g.provisioned() + "), which " + workflow.platform().name() + " does not offer. Remove "
                        + "provisioned: from the group.");
            }
            if (g.snapStart() && workflow.platform().snapStartRestoreMs(g.architecture()).isEmpty()) {
                problems.add(path + ".snapStart", "The group (" + g.id() + ") has SnapStart, which the platform ("
                        + workflow.platform().name() + ") does not offer as given: on aws-lambda it needs the restore "
                        + "time you measured, platform.snapStartRestore (AWS publishes no figure), e.g. 400ms. Or "
                        + "remove snapStart: from the group.");
            }
            if (g.bundleSize() < 1 || g.bundleSize() > g.fanOut()) {
                problems.add(path + ".bundleSize", "The bundleSize (" + g.bundleSize() + ") of group (" + g.id()
                        + ") must be within 1.." + g.fanOut() + ".");
            }
        }
        for (String f : workflow.functions().keySet()) {
            if (!groupOf.containsKey(f)) {
                problems.add("groups", "The function (" + f + ") is in no group; each function must be in exactly one group.");
            }
        }
    }
}
