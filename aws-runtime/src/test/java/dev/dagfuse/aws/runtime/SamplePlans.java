// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.List;

/** Plans for tests: in-series functions with one-to-one edges fused, fan-outs bundled into about three invocations. */
public final class SamplePlans {

    private SamplePlans() {
    }

    public static Plan fusedAndBundled(Workflow w, int memoryMB) {
        List<List<String>> chains = new ArrayList<>();
        for (String f : w.topologicalOrder()) {
            List<String> preds = w.predecessors(f);
            List<String> last = chains.isEmpty() ? null : chains.get(chains.size() - 1);
            boolean fuse = last != null && preds.size() == 1 && preds.get(0).equals(last.get(last.size() - 1))
                    && w.successors(preds.get(0)).size() == 1 && w.edgeKind(preds.get(0), f).isOneToOne();
            if (fuse) {
                last.add(f);
            } else {
                chains.add(new ArrayList<>(List.of(f)));
            }
        }
        List<PlanGroup> groups = new ArrayList<>();
        for (List<String> chain : chains) {
            int n = w.function(chain.get(0)).fanOut();
            groups.add(PlanGroup.of(chain, memoryMB, n, Math.max(1, (n + 2) / 3)));
        }
        return new Plan(w.name(), null, groups, null, null);
    }

    /** The plan with every fan-out group's Map form set, under {@code orchestration}. */
    public static Plan withMaps(Plan plan, MapForm map, Orchestration orchestration) {
        List<PlanGroup> groups = plan.groups().stream()
                .map(g -> g.fanOut() > 1 ? g.deployedAs(g.architecture(), map) : g).toList();
        return new Plan(plan.workflow(), plan.objective(), groups, plan.predicted(), plan.solver(), orchestration);
    }
}
