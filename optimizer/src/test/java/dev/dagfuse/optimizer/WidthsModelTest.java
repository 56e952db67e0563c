// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Fan-outs whose width varies per request ({@code widths:}): each request draws its width, the same for every group
 * of the lane and every gather of it; the cost is the widths' costs weighted by their shares. Closed forms: the cost
 * against the same workflow at each fixed width, a gather's object count, and two gathers agreeing draw by draw.
 */
class WidthsModelTest {

    private static final AwsLambdaPlatform LAMBDA = AwsLambdaPlatform.defaults();
    private static final long BIG = 1_000_000;
    private static final double BYTES_MS = BIG / (625e6 / 8) * 1000;

    private static FunctionSpec fn(String name, int fanOut, List<Integer> widths, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT, 900_000, null,
                Map.<String, Reads>of(), null, null, List.of(), widths);
    }

    private static PlanEvaluator model(Workflow w) {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        for (String f : w.functions().keySet()) {
            fps.put(f, f.startsWith("b") ? profile(BIG, 1, Map.of(1024, lognormal(f.hashCode(), 200, 300, 0.4)))
                    : profile(10, 1, Map.of(1024, List.of(100.0))));
        }
        return Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(fps),
                ModelOptions.defaults());
    }

    private static Workflow workflow(int fanOut, List<Integer> widths) {
        return Fixtures.workflow(LAMBDA, fn("a", 1, List.of()), fn("b", fanOut, widths, "a"),
                fn("b2", fanOut, widths, "b"), fn("c", 1, List.of(), "b2"), fn("d", 1, List.of(), "b2"));
    }

    @Test
    void aRequestPaysForTheWidthItDrew() {
        Workflow varying = workflow(30, List.of(10, 30, 30, 12));
        GroupModel groups = model(varying).groupModel(Orchestration.STANDARD);
        for (List<String> chain : List.of(List.of("b"), List.of("b", "b2"), List.of("c"))) {
            double expected = 0;
            for (int w : List.of(10, 30, 30, 12)) {
                expected += 0.25 * model(workflow(w, List.of())).groupModel(Orchestration.STANDARD)
                        .meanCostUsd(chain, 1024, 1);
            }
            assertThat(groups.meanCostUsd(chain, 1024, 1)).as(chain.toString()).isCloseTo(expected, within(1e-15));
        }
    }

    @Test
    void everyGatherOfALaneReadsTheWidthItsRequestDrew() {
        Workflow varying = workflow(30, List.of(10, 30));
        GroupModel groups = model(varying).groupModel(Orchestration.STANDARD);
        double[] c = groups.latencyDraws(List.of("c"), 1024, 1);
        double[] d = groups.latencyDraws(List.of("d"), 1024, 1);
        // a gather (c and d are the branches of a Parallel state): the Parallel's and its state's hand-offs, one GET
        // round trip, the w objects' bytes, its work
        double narrow = 25 + 25 + 20 + 10 * BYTES_MS + 100;
        double wide = 25 + 25 + 20 + 30 * BYTES_MS + 100;
        assertThat(Arrays.stream(c).distinct().sorted().toArray())
                .containsExactly(narrow, wide);
        long narrowDraws = Arrays.stream(c).filter(x -> Math.abs(x - narrow) < 1e-6).count();
        assertThat(Arrays.stream(c).filter(x -> Math.abs(x - wide) < 1e-6).count()).isEqualTo(c.length - narrowDraws);
        assertThat(narrowDraws / (double) c.length).isCloseTo(0.5, within(0.015));
        for (int i = 0; i < c.length; i++) {
            assertThat(c[i]).isEqualTo(d[i]);
        }
    }

    @Test
    void thePlannersPlanAVaryingFanOut() {
        Workflow varying = workflow(30, List.of(10, 20, 30));
        PlanEvaluator m = model(varying);
        for (String name : List.of("cp-sat", "greedy")) {
            PlanResult r = Planners.byName(name).plan(varying, m,
                    PlanRequest.of(new Objective.Latency(95, 1e12)).withMemoryOptionsMB(List.of(1024, 2048)));
            assertThat(r).as(name).isInstanceOf(PlanResult.Planned.class);
        }
    }
}
