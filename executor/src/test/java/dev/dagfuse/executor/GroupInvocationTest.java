// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.executor.TestWorkflows.fn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-invocation logic the engine shares with the Lambda runtime. */
class GroupInvocationTest {

    @TempDir
    Path tmp;

    @Test
    void sourcesFollowTheEdgeKinds() {
        Workflow w = TestWorkflows.workflow(2, fn("s", 1), fn("m", 3, "s"), fn("p", 3, "m"), fn("g", 1, "p"), fn("x", 2, "p"));
        assertThat(GroupInvocation.sources(w, "m", 2)).containsExactly(Map.entry("s", List.of(new GroupInvocation.Source("s", 0))));
        assertThat(GroupInvocation.sources(w, "p", 2)).containsExactly(Map.entry("m", List.of(new GroupInvocation.Source("m", 2))));
        assertThat(GroupInvocation.sources(w, "g", 0).get("p")).extracting(GroupInvocation.Source::branch).containsExactly(0, 1, 2);
        assertThat(GroupInvocation.sources(w, "x", 1).get("p")).hasSize(3);
    }

    /** A fused, bundled group run through run() gives what the engine gives for the same plan. */
    @Test
    void runGivesTheEnginesOutputs() throws Exception {
        Workflow w = TestWorkflows.workflow(2, fn("a", 4), fn("b", 4, "a"));
        Map<String, Handler> hs = Map.of("a", TestWorkflows.entry(inv -> inv.requestInput() + ":" + inv.branch()),
                "b", inv -> inv.input("a") + "|" + inv.function() + inv.branch() + "/" + inv.fanOut());
        PlanGroup g = PlanGroup.of(List.of("a", "b"), 3538, 4, 4);
        Plan plan = TestWorkflows.plan(w, g);
        new LocalExecutor(hs).run(w, plan, RunOptions.of(1, tmp).withWarmup(0).withKeepOutputs(true).withInput(7L));
        List<GroupInvocation.Item> items = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            items.add(new GroupInvocation.Item(b, Map.of()));
        }
        List<Object> outputs = GroupInvocation.of(w, g, hs).run(items, 7L, 2);
        for (int b = 0; b < 4; b++) {
            Path stored;
            try (var files = java.nio.file.Files.walk(tmp)) {
                int branch = b;
                stored = files.filter(p -> p.endsWith(Path.of("r000000", "b", Integer.toString(branch)))).findFirst().orElseThrow();
            }
            Object local = dev.dagfuse.model.handler.OutputSerialization.deserialize(java.nio.file.Files.readAllBytes(stored), null);
            assertThat(outputs.get(b)).isEqualTo(local).isEqualTo("7:" + b + "|b" + b + "/4");
        }
    }

    @Test
    void aFailureStopsTheInvocationWithTheFirstFailedItem() {
        Workflow w = TestWorkflows.workflow(2, fn("a", 3));
        GroupInvocation gi = GroupInvocation.of(w, PlanGroup.of(List.of("a"), 1024, 3, 3), Map.of("a", inv -> {
            throw new IllegalArgumentException("bad " + inv.branch());
        }));
        assertThatThrownBy(() -> gi.run(List.of(new GroupInvocation.Item(1, Map.of())), null, 1))
                .isInstanceOf(GroupInvocation.FailedException.class)
                .hasMessage("function (a) branch 1 failed after 2 attempts: IllegalArgumentException: bad 1");
    }
}
