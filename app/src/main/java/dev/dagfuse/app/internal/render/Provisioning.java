// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.optimizer.Evaluation;

import java.util.List;

/**
 * The columns of a plan's groups with provisioned concurrency or SnapStart (shown only when some group has one, so
 * that other plans' tables stay as they were): how its invocations start (on demand, SnapStart, or the provisioned
 * environments), Erlang B's share of invocations spilled to on demand, and what keeping the environments costs (part
 * of the group's cost).
 */
final class Provisioning {

    static final List<String> HEADER = List.of("start", "spill", "keep/1M req");
    static final List<String> EMPTY = List.of("", "", "");

    private Provisioning() {
    }

    static boolean any(Evaluation evaluation) {
        return evaluation.groups().stream().anyMatch(g -> g.provisioned() != null || g.snapStart());
    }

    static List<String> cells(Evaluation.GroupEvaluation group, CostUnit unit) {
        Evaluation.Provisioned p = group.provisioned();
        if (p == null) {
            return List.of(group.snapStart() ? "SnapStart" : "on demand", "", "");
        }
        return List.of(p.environments() + " provisioned", Units.probability(p.spill()),
                Units.costColumn(unit, p.keepCostUsd()));
    }
}
