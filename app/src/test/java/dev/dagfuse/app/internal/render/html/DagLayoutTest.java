// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import dev.dagfuse.app.ReportData;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.dagfuse.app.internal.render.html.ReportFixtures.fn;
import static org.assertj.core.api.Assertions.assertThat;

class DagLayoutTest {

    @Test
    void columnsAreTheLongestPathFromAnEntry() {
        Workflow w = ReportFixtures.workflow();
        assertThat(DagLayout.columns(w)).containsEntry("split", 0).containsEntry("extract", 1)
                .containsEntry("classify", 2).containsEntry("audio", 1).containsEntry("merge", 3);
    }

    @Test
    void aFusedChainKeepsOneRowAndAJoinSitsBetweenItsBranches() {
        ReportData data = ReportFixtures.data();
        DagLayout layout = new DagLayout(data.workflow(), data.plan());
        assertThat(layout.nodes.get("extract").y()).isEqualTo(layout.nodes.get("classify").y());
        double merge = layout.nodes.get("merge").row();
        double top = Math.min(layout.nodes.get("classify").row(), layout.nodes.get("audio").row());
        double bottom = Math.max(layout.nodes.get("classify").row(), layout.nodes.get("audio").row());
        assertThat(merge).isBetween(top, bottom);
        assertThat(layout.clusters).hasSize(4);
        DagLayout.Cluster fused = layout.clusters.get(1);
        assertThat(fused.group().functions()).containsExactly("extract", "classify");
        assertThat(fused.x()).isLessThan(layout.nodes.get("extract").x());
        assertThat(fused.x() + fused.width()).isGreaterThan(layout.nodes.get("classify").x() + DagLayout.NODE_W);
    }

    /** Seeded random DAGs, fused along random 1→1 chains: edges point right, and no two clusters overlap. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void randomDagsLayOutWithoutOverlaps(long seed) {
        Random random = new Random(seed);
        int n = 3 + random.nextInt(12);
        List<FunctionSpec> fns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> after = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (random.nextDouble() < (j == i - 1 ? 0.7 : 0.15)) {
                    after.add("f" + j);
                }
            }
            fns.add(fn("f" + i, 1, after.toArray(String[]::new)));
        }
        Workflow w = Workflow.of("random", AwsLambdaPlatform.defaults(), fns);
        List<PlanGroup> groups = new ArrayList<>();
        List<String> chain = new ArrayList<>();
        for (String f : w.topologicalOrder()) {
            boolean extends_ = !chain.isEmpty() && w.predecessors(f).equals(List.of(chain.get(chain.size() - 1)))
                    && w.successors(chain.get(chain.size() - 1)).equals(List.of(f)) && random.nextBoolean();
            if (!extends_ && !chain.isEmpty()) {
                groups.add(PlanGroup.of(chain, 1024, 1, 1));
                chain = new ArrayList<>();
            }
            chain.add(f);
        }
        groups.add(PlanGroup.of(chain, 1024, 1, 1));
        DagLayout layout = new DagLayout(w, new Plan(w.name(), null, groups, null, null));
        assertThat(layout.nodes).hasSize(n);
        w.edges().forEach(e -> assertThat(layout.nodes.get(e.from()).x()).isLessThan(layout.nodes.get(e.to()).x()));
        for (DagLayout.Cluster a : layout.clusters) {
            assertThat(a.x()).isGreaterThanOrEqualTo(0);
            assertThat(a.y()).isGreaterThanOrEqualTo(0);
            assertThat(a.x() + a.width()).isLessThanOrEqualTo(layout.width);
            assertThat(a.y() + a.height()).isLessThanOrEqualTo(layout.height);
            for (DagLayout.Cluster b : layout.clusters) {
                if (a != b) {
                    boolean overlap = a.x() < b.x() + b.width() && b.x() < a.x() + a.width()
                            && a.y() < b.y() + b.height() && b.y() < a.y() + a.height();
                    assertThat(overlap).as("%s overlaps %s", a.group().id(), b.group().id()).isFalse();
                }
            }
        }
    }
}
