// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.PlanRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpaceTest {

    private static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT, 900_000, null);
    }

    /** Constant draws; memory fits when m ≥ 200 MB per bundled item. */
    private static final class Flat implements GroupModel {
        final List<String> simulated = new ArrayList<>();

        @Override
        public boolean isFeasible(List<String> chain, int memoryMB, int bundleSize) {
            return memoryMB >= 200 * bundleSize;
        }

        @Override
        public synchronized double[] latencyDraws(List<String> chain, int memoryMB, int bundleSize) {
            simulated.add(chain + "@" + memoryMB + "/" + bundleSize);
            return new double[] {100.0 * chain.size(), 110.0 * chain.size()};
        }

        @Override
        public double meanCostUsd(List<String> chain, int memoryMB, int bundleSize) {
            return memoryMB * 1e-9;
        }

        @Override
        public List<Integer> memoryOptions(List<String> chain) {
            return List.of(256, 512, 1024);
        }
    }

    private static Workflow workflow() {
        // a → b(6) → c(6) → d, and a → e: a has two successors, so a-b is not fusible; b-c is (per-branch);
        // c → d is a gather (not fusible); d has two predecessors.
        return Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(fn("a", 1), fn("b", 6, "a"), fn("c", 6, "b"),
                fn("e", 1, "a"), fn("d", 1, "c", "e")));
    }

    @Test
    void bundleSizesAreTheSmallestForEachInvocationCount() {
        assertThat(Space.bundleSizes(30, true)).containsExactly(1, 2, 3, 4, 5, 6, 8, 10, 15, 30);
        assertThat(Space.bundleSizes(6, true)).containsExactly(1, 2, 3, 6);
        assertThat(Space.bundleSizes(6, false)).containsExactly(1);
        assertThat(Space.bundleSizes(1, true)).containsExactly(1);
    }

    @Test
    void chainsAreTheMaximalFusibleRuns() {
        Space s = new Space(workflow(), new Flat(), PlanRequest.of(new Objective.Latency(95, 1000)), false);
        assertThat(s.chains).containsExactly(List.of("a"), List.of("b", "c"), List.of("e"), List.of("d"));
        // b, c, b+c: 3 segments in the chain, one each elsewhere
        assertThat(s.segments).hasSize(6);
        // b+c at bundle 6 needs 1200 MB: no option; at bundle 3, 600 MB: only 1024
        int bc = s.segmentAt(s.chainOf("b"), 0, 1);
        assertThat(s.optionsOfSegment.get(bc)).extracting(o -> o.memoryMB() + "/" + o.bundleSize())
                .containsExactly("256/1", "512/1", "512/2", "1024/1", "1024/2", "1024/3");
        assertThat(s.chainPredecessors.get(s.chainOf("d"))).containsExactly(s.chainOf("b"), s.chainOf("e"));
    }

    @Test
    void noFusionMakesEveryFunctionItsOwnChain() {
        Space s = new Space(workflow(), new Flat(), PlanRequest.of(new Objective.Latency(95, 1000)).withFusion(false), false);
        assertThat(s.chains).hasSize(5);
        assertThat(s.segments).hasSize(5);
    }

    @Test
    void requestDrawsAreTheLongestPath() {
        Space s = new Space(workflow(), new Flat(), PlanRequest.of(new Objective.Latency(95, 1000)), false);
        List<Space.Option> plan = new ArrayList<>();
        for (Space.Segment seg : s.segments) {
            if (seg.functions().size() == 1 && !seg.functions().equals(List.of("b")) && !seg.functions().equals(List.of("c"))
                    || seg.functions().size() == 2) {
                plan.add(s.optionsOfSegment.get(seg.id()).get(0));
            }
        }
        // a (100) → b+c (200) → d (100) = 400; a → e → d = 300; second draw ×1.1
        assertThat(s.requestDraws(plan)).containsExactly(400.0, 440.0);
        assertThat(s.groups(plan)).extracting(g -> g.id()).containsExactly("a", "b+c", "e", "d");
    }

    /**
     * {@link Space#around}: replacing one chain's latency gives the request latency of the full longest-path pass,
     * on random generated DAGs (joins, fan-outs, several exits) and random non-negative chain latencies.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aroundOneChainMatchesTheFullLongestPath(long seed) throws Exception {
        dev.dagfuse.optimizer.Synthetic.Generated g = dev.dagfuse.optimizer.Synthetic.generate(12 + (int) seed * 3, 4, seed);
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("dagfuse-around");
        java.nio.file.Path wf = dir.resolve("workflow.yaml");
        java.nio.file.Files.writeString(wf, g.workflowYaml());
        Workflow w = dev.dagfuse.model.io.ModelFiles.readWorkflow(wf);
        GroupModel model = dev.dagfuse.optimizer.Models.monteCarlo(w, g.profile(),
                new dev.dagfuse.optimizer.ModelOptions(40, 42, List.of(95.0))).groupModel();
        Space space = new Space(w, model, PlanRequest.of(new Objective.Latency(95, 1e9)).withMemoryOptionsMB(List.of(1769)).withBundling(false),
                false);
        java.util.Random random = new java.util.Random(seed);
        int n = space.samples();
        double[][] latency = new double[space.chains.size()][n];
        for (double[] l : latency) {
            for (int i = 0; i < n; i++) {
                l[i] = random.nextInt(5) == 0 ? 0 : random.nextDouble() * 1000;
            }
        }
        assertThat(space.chains.size()).isGreaterThan(3);
        for (int c = 0; c < latency.length; c++) {
            double[] own = new double[n];
            for (int i = 0; i < n; i++) {
                own[i] = random.nextDouble() * 3000;
            }
            double[] viaAround = space.around(latency, c).request(own);
            double[] saved = latency[c];
            latency[c] = own;
            double[] full = space.requestDrawsOfChains(latency);
            latency[c] = saved;
            for (int i = 0; i < n; i++) {
                assertThat(viaAround[i]).as("chain %d draw %d", c, i).isCloseTo(full[i],
                        org.assertj.core.api.Assertions.within(1e-9 * (1 + full[i])));
            }
        }
    }
}
