// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.optimizer.ModelOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Snapshots built from plain numbers, for tests of the comparison and of the renderers (app, via the test-jar). */
public final class Fixtures {

    public static final String WORKFLOW = "video-analytics";

    private Fixtures() {
    }

    /** A group of a snapshot: its plan and its numbers (P50 = latency, P95 = 1.5 × latency). */
    public record G(List<String> functions, int memoryMB, int fanOut, int bundleSize, double latencyMs, double costUsd) {
        public static G of(String functions, int memoryMB, double latencyMs, double costUsd) {
            return new G(List.of(functions.split("\\+")), memoryMB, 1, 1, latencyMs, costUsd);
        }

        public G fanOut(int n, int k) {
            return new G(functions, memoryMB, n, k, latencyMs, costUsd);
        }
    }

    /** The groups run in series: the request's P50 / P95 are the sums of the groups'. */
    public static Snapshot snapshot(String profileHash, String modelVersion, G... groups) {
        List<PlanGroup> planGroups = new ArrayList<>();
        List<GroupNumbers> numbers = new ArrayList<>();
        double p50 = 0;
        double p95 = 0;
        double cost = 0.00001; // orchestration
        for (G g : groups) {
            PlanGroup pg = PlanGroup.of(g.functions(), g.memoryMB(), g.fanOut(), g.bundleSize());
            planGroups.add(pg);
            numbers.add(new GroupNumbers(pg.id(), Map.of(50.0, g.latencyMs(), 95.0, g.latencyMs() * 1.5), g.costUsd()));
            p50 += g.latencyMs();
            p95 += g.latencyMs() * 1.5;
            cost += g.costUsd();
        }
        Map<Double, Double> latency = new LinkedHashMap<>();
        latency.put(50.0, p50);
        latency.put(95.0, p95);
        Plan plan = new Plan(WORKFLOW, new Objective.Latency(95, 3000), planGroups, new Predicted(latency, cost),
                new SolverInfo("cp-sat", "OPTIMAL", 12, 1, 0));
        return new Snapshot(WORKFLOW, "sha256:" + "a".repeat(64), profileHash, "local-jvm", modelVersion,
                new ModelOptions(10_000, 42, List.of(50.0, 95.0)), plan, numbers);
    }

    public static Snapshot snapshot(G... groups) {
        return snapshot("sha256:" + "b".repeat(64), "1", groups);
    }

    public static Snapshot withWorkflowHash(Snapshot s, String hash) {
        return new Snapshot(s.workflow(), hash, s.profileHash(), s.profileSource(), s.modelVersion(), s.model(), s.plan(),
                s.groups());
    }

    /** The four groups of the video-analytics sample, extract and classify fused. */
    public static G[] fused() {
        return new G[] {G.of("split", 1024, 400, 0.00002), G.of("extract+classify", 2048, 900, 0.0004).fanOut(30, 1),
                G.of("merge", 512, 150, 0.000003)};
    }
}
