// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.List;

/** Plans that need no search. */
public final class Plans {

    private Plans() {
    }

    /** The as-deployed baseline: no fusion, no bundling, every function alone at its declared memoryMB. */
    public static Plan asDeployed(Workflow workflow) {
        List<PlanGroup> groups = new ArrayList<>();
        for (String name : workflow.topologicalOrder()) {
            FunctionSpec f = workflow.function(name);
            groups.add(PlanGroup.of(List.of(name), f.memoryMB(), f.fanOut(), 1));
        }
        return new Plan(workflow.name(), workflow.objective(), groups, null,
                new SolverInfo("baseline", "GIVEN", 0, 0, Double.NaN));
    }

    /**
     * The as-deployed workflow under the orchestration the platform offers besides its default (Express when the
     * default is Standard), or null when it offers one or none: a second baseline, so that no one reads a saving of
     * state transitions as a saving of fusion.
     */
    public static Plan asDeployedUnderTheOtherOrchestration(Workflow workflow) {
        List<Orchestration> offered = workflow.platform().orchestrations();
        return offered.size() < 2 ? null : asDeployed(workflow).withOrchestration(offered.get(1));
    }

    /** One move of {@link #waterfall}: the plan after it, and its numbers. */
    public record Step(String move, Plan plan, Evaluation evaluation) {
    }

    /**
     * Where {@code plan}'s saving against the as-deployed workflow comes from: the moves applied in turn, each
     * evaluated — as deployed; its orchestration; its fusion (the plan's groups, one branch per invocation, at the
     * largest declared size of their functions or the least that fits); its bundling and Map forms; its sizing; its
     * architectures (the plan itself). A move that changes nothing is still listed, with no change; a move the
     * platform does not offer (one orchestration, no choice of architecture) is not.
     */
    public static List<Step> waterfall(Workflow workflow, Plan plan, PlanEvaluator evaluator) {
        List<Step> steps = new ArrayList<>();
        Plan deployed = asDeployed(workflow).withOrchestration(null);
        steps.add(step("as deployed", deployed, evaluator));
        Plan orchestrated = deployed.withOrchestration(plan.orchestration());
        if (workflow.platform().orchestrations().size() > 1) {
            steps.add(step("orchestration", orchestrated, evaluator));
        }
        GroupModel groups = evaluator.groupModel(plan.orchestration());
        List<PlanGroup> fused = new ArrayList<>();
        List<PlanGroup> bundled = new ArrayList<>();
        List<PlanGroup> sized = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            int declared = g.functions().stream().mapToInt(f -> workflow.function(f).memoryMB()).max().orElseThrow();
            fused.add(PlanGroup.of(g.functions(), fits(groups, g, declared, 1), g.fanOut(), 1));
            bundled.add(PlanGroup.of(g.functions(), fits(groups, g, declared, g.bundleSize()), g.fanOut(),
                    g.bundleSize()).deployedAs(null, g.map()));
            sized.add(g.deployedAs(null, g.map()));
        }
        steps.add(step("fusion", with(orchestrated, fused), evaluator));
        steps.add(step("bundling", with(orchestrated, bundled), evaluator));
        steps.add(step("sizing", with(orchestrated, sized), evaluator));
        if (!workflow.platform().architectures().isEmpty()) {
            steps.add(step("architecture", with(orchestrated, plan.groups()), evaluator));
        } else {
            // sizing already reached the plan: its groups, with whatever Map forms it set
            steps.set(steps.size() - 1, step("sizing", with(orchestrated, plan.groups()), evaluator));
        }
        return List.copyOf(steps);
    }

    // the least size at or above memoryMB at which the group fits (its memory ladder's), else memoryMB itself
    private static int fits(GroupModel groups, PlanGroup g, int memoryMB, int bundleSize) {
        if (groups.isFeasible(g.functions(), memoryMB, bundleSize)) {
            return memoryMB;
        }
        for (int m : groups.memoryOptions(g.functions())) {
            if (m >= memoryMB && groups.isFeasible(g.functions(), m, bundleSize)) {
                return m;
            }
        }
        return Math.max(memoryMB, g.memoryMB());
    }

    private static Plan with(Plan base, List<PlanGroup> groups) {
        return new Plan(base.workflow(), base.objective(), groups, null, base.solver(), base.orchestration());
    }

    private static Step step(String move, Plan plan, PlanEvaluator evaluator) {
        Evaluation e = evaluator.evaluate(plan);
        return new Step(move, plan.withPredicted(e.predicted()), e);
    }
}
