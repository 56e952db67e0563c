// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.planner;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.optimizer.PlanEvaluator;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** A trace's task measured at one size that is mostly I/O: the model scales only its CPU share with memory (issue 13). */
class CpuFractionTest {

    @Test
    void aMostlyIoTaskIsNotPredictedFourteenTimesSlowerAt128Mb() {
        Random r = new Random(7);
        List<Double> samples = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            samples.add(1000 * Math.exp(0.1 * r.nextGaussian()));
        }
        FunctionProfile allCpu = new FunctionProfile(1_000, 50, 1, List.of(), Map.of(1769, samples));
        Workflow w = Workflow.of("io", AwsLambdaPlatform.defaults(), List.of(RandomWorkflows.fn("task", 1)));
        double assumed = mean(model(w, allCpu).groupModel().latencyDraws(List.of("task"), 128, 1));
        double recorded = mean(model(w, allCpu.withCpuFraction(0.1)).groupModel().latencyDraws(List.of("task"), 128, 1));
        double measured = mean(model(w, allCpu).groupModel().latencyDraws(List.of("task"), 1769, 1));
        // what 128 MB adds to the time at 1769 MB (the orchestration's overheads, the same at both sizes, cancel):
        // all CPU, 1769/128 - 1 = 12.8 x the work; 10% CPU, a tenth of that
        double work = 1000 * Math.exp(0.1 * 0.1 / 2); // the samples' mean
        assertThat((assumed - measured) / work).isBetween(12.3, 13.3);
        assertThat((recorded - measured) / (assumed - measured)).isBetween(0.095, 0.105);
    }

    @Test
    void aPlanThatRunsAOneSizeProfileElsewhereSaysItRestsOnTheAllCpuAssumption() {
        FunctionProfile oneSize = new FunctionProfile(1_000, 50, 1, List.of(), Map.of(1769, List.of(100.0, 120.0)));
        Workflow w = Workflow.of("io", AwsLambdaPlatform.defaults(), List.of(RandomWorkflows.fn("task", 1)));
        String warning = "The functions (task) run at a CPU share their profile did not measure; measured at one size "
                + "and without a cpuFraction, their work is assumed to be all CPU there. Maybe profile a second size, "
                + "or record the fraction (profile import --cpu-fraction; docs/profiling.md).";
        assertThat(model(w, oneSize).evaluate(plan(w, 512)).warnings()).containsExactly(warning);
        // at the measured CPU, or with the fraction recorded, or with a second size, nothing rests on it
        assertThat(model(w, oneSize).evaluate(plan(w, 1769)).warnings()).isEmpty();
        assertThat(model(w, oneSize).evaluate(plan(w, 3008)).warnings()).isEmpty(); // parallelism 1: 1 vCPU used
        assertThat(model(w, oneSize.withCpuFraction(0.5)).evaluate(plan(w, 512)).warnings()).isEmpty();
        FunctionProfile twoSizes = new FunctionProfile(1_000, 50, 1, List.of(),
                Map.of(1769, List.of(100.0, 120.0), 884, List.of(200.0, 230.0)));
        assertThat(model(w, twoSizes).evaluate(plan(w, 512)).warnings()).isEmpty();
    }

    private static dev.dagfuse.model.Plan plan(Workflow w, int memoryMB) {
        return new dev.dagfuse.model.Plan(w.name(), null, List.of(dev.dagfuse.model.PlanGroup.of(List.of("task"),
                memoryMB, 1, 1)), null, dev.dagfuse.model.SolverInfo.manual());
    }

    private static PlanEvaluator model(Workflow w, FunctionProfile p) {
        return RealModels.model(w, new Profile("trace-import", Map.of(), Map.of("task", p)), 4000);
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElseThrow();
    }
}
