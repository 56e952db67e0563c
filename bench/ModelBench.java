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
        Workflow w = Workflow.of("video-analytics", Platform.defaults(), List.of(
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
        System.out.printf("%-34s %10s %10s%n", "case (10,000 samples)", "median ms", "max ms");
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
    }

    private static void row(String name, int runs, Runnable r) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            r.run();
            times.add((System.nanoTime() - t0) / 1e6);
        }
        times.sort(null);
        System.out.printf("%-34s %10.2f %10.2f%n", name, times.get(runs / 2), times.get(runs - 1));
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
