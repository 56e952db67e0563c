// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.bench;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;
import java.nio.file.Path;

/**
 * Stand-in for {@code dagfuse plan} while it is not on the executor branch: plans WORKFLOW (with profile.yaml beside
 * it) with the default planner for the workflow's objective, or the fastest plan when that is infeasible, and
 * writes the plan with its predicted numbers. Usage: {@code PlanLocal WORKFLOW PLAN_OUT}. Used for docs/executor.md.
 */
public final class PlanLocal {

    private PlanLocal() {
    }

    public static void main(String[] a) {
        Inputs.Loaded l = Inputs.loadForModel(Path.of(a[0]), null);
        PlanEvaluator ev = Models.monteCarlo(l.workflow(), l.profile(), ModelOptions.defaults());
        Planner p = Planners.defaultPlanner();
        PlanResult r = p.plan(l.workflow(), ev, PlanRequest.of(l.workflow().objective()));
        if (r instanceof PlanResult.Infeasible inf) {
            System.out.println("objective infeasible (" + inf.reason() + "); planning the fastest plan instead");
            r = p.plan(l.workflow(), ev, PlanRequest.of(new Objective.Budget(1e6, 95)));
        }
        PlanResult.Planned planned = (PlanResult.Planned) r;
        ModelFiles.writePlan(planned.plan().withPredicted(planned.evaluation().predicted()), Path.of(a[1]));
        planned.plan().groups().forEach(g -> System.out.println(g));
        System.out.println(planned.evaluation().predicted());
    }
}
