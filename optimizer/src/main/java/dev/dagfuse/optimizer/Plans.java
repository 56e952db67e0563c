package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionSpec;
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
}
