// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.bench;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.Plans;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Speed of the Monte Carlo model (10,000 samples) on a 4-function workflow shaped like samples/video-analytics
 * (split → extract ×30 → classify ×30 → merge). Run: bench/model-bench.sh (builds, then prints a table).
 * Cold = a fresh evaluator (every group simulated); warm = groups cached, only the longest path and percentiles.
 */
public class ModelBench {

    public static void main(String[] args) {
        Workflow w = Workflow.of("video-analytics", AwsLambdaPlatform.defaults(), List.of(
                fn("split", 1), fn("extract", 30, "split"), fn("classify", 30, "extract"), fn("merge", 1, "classify")));
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("split", profile(1, 300_000, 2, 1024, 400));
        fps.put("extract", profile(2, 2_000_000, 2, 1769, 800));
        fps.put("classify", profile(3, 2_000, 1, 1769, 300));
        fps.put("merge", profile(4, 10_000, 1, 1024, 100));
        Profile profile = new Profile("synthetic", Map.of(), fps);
        Plan baseline = Plans.asDeployed(w);
        Plan fused = new Plan(w.name(), null, List.of(PlanGroup.of(List.of("split"), 1024, 1, 1),
                PlanGroup.of(List.of("extract", "classify"), 3538, 30, 3), PlanGroup.of(List.of("merge"), 1024, 1, 1)),
                null, SolverInfo.manual());
        ModelOptions options = ModelOptions.defaults();
        for (int warmup = 0; warmup < 5; warmup++) {
            Models.monteCarlo(w, profile, options).evaluate(fused);
        }
        System.out.printf("%-44s %10s %10s %10s%n", "case (10,000 samples)", "wall p50 ms", "cpu p50 ms", "wall max ms");
        row("construct evaluator", 20, () -> Models.monteCarlo(w, profile, options));
        row("evaluate baseline, cold", 20, () -> Models.monteCarlo(w, profile, options).evaluate(baseline));
        row("evaluate fused+bundled(3), cold", 20, () -> Models.monteCarlo(w, profile, options).evaluate(fused));
        PlanEvaluator warm = Models.monteCarlo(w, profile, options);
        warm.evaluate(fused);
        row("evaluate fused+bundled(3), warm", 50, () -> warm.evaluate(fused));
        row("latencyDraws, warm", 50, () -> warm.latencyDraws(fused));
        PlanEvaluator groups = Models.monteCarlo(w, profile, options);
        int[] m = {1024};
        row("groupModel: new (chain,m,k) 30 branches", 20, () -> {
            m[0] += 1;
            groups.groupModel().latencyDraws(List.of("extract", "classify"), m[0], 1);
        });
        row("groupModel: new (chain,m,k=5) bundles", 20, () -> {
            m[0] += 1;
            groups.groupModel().latencyDraws(List.of("extract", "classify"), m[0], 5);
        });
        for (int k : new int[] {10, 30}) {
            row("groupModel: new (chain,m,k=" + k + ") bundles", 20, () -> {
                m[0] += 1;
                groups.groupModel().latencyDraws(List.of("extract", "classify"), m[0], k);
            });
        }
        // As the samples' measured profiles: one size (1769 MB), so a = 0 and every function has the same speed curve,
        // which lets a bundle use the closed form of processor sharing over summed works (docs/model.md §3).
        Map<String, FunctionProfile> oneSize = new LinkedHashMap<>();
        fps.forEach((name, p) -> oneSize.put(name, new FunctionProfile(p.outputBytes(), p.peakMemoryMB(), 1,
                p.coldStartMs(), Map.of(1769, p.latencyMs().values().iterator().next()))));
        PlanEvaluator flat = Models.monteCarlo(w, new Profile("synthetic", Map.of(), oneSize), options);
        for (int k : new int[] {5, 30}) {
            row("one measured size: new (chain,m,k=" + k + ")", 20, () -> {
                m[0] += 1;
                flat.groupModel().latencyDraws(List.of("extract", "classify"), m[0], k);
            });
        }
        for (int n : new int[] {10, 50, 200, 1000}) {
            dev.dagfuse.optimizer.Synthetic.Generated g = dev.dagfuse.optimizer.Synthetic.generate(n, 10, 1);
            Workflow gw = readWorkflow(g.workflowYaml());
            Plan gb = Plans.asDeployed(gw);
            row("generated " + n + " fns: evaluate baseline, cold", n >= 1000 ? 3 : 10,
                    () -> Models.monteCarlo(gw, g.profile(), options).evaluate(gb));
        }
    }

    private static Workflow readWorkflow(String yaml) {
        try {
            java.nio.file.Path tmp = java.nio.file.Files.createTempFile("bench", ".yaml");
            java.nio.file.Files.writeString(tmp, yaml);
            Workflow w = dev.dagfuse.model.io.ModelFiles.readWorkflow(tmp);
            java.nio.file.Files.delete(tmp);
            return w;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final com.sun.management.OperatingSystemMXBean OS = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    // Wall and process CPU time (all threads, GC and JIT included): on a shared machine CPU time is the steadier figure.
    private static void row(String name, int runs, Runnable r) {
        List<Double> times = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long c0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            r.run();
            times.add((System.nanoTime() - t0) / 1e6);
            cpu.add((OS.getProcessCpuTime() - c0) / 1e6);
        }
        times.sort(null);
        cpu.sort(null);
        System.out.printf("%-44s %10.2f %10.2f %10.2f%n", name, times.get(runs / 2), cpu.get(runs / 2), times.get(runs - 1));
    }

    private static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT, 900_000, null);
    }

    private static FunctionProfile profile(long seed, long bytes, int parallelism, int size, double median) {
        Random random = new Random(seed);
        List<Double> at = new ArrayList<>();
        List<Double> half = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double x = median * Math.exp(0.3 * random.nextGaussian());
            at.add(x);
            half.add(x * 1.9);
        }
        return new FunctionProfile(bytes, 200, parallelism, List.of(300.0), Map.of(size, at, size / 2, half));
    }
}
