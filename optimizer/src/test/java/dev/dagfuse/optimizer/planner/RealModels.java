// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.planner;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.Synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.dagfuse.optimizer.planner.RandomWorkflows.fn;

/** Workflows with profiles for the real Monte Carlo model. */
final class RealModels {

    private RealModels() {
    }

    /** A synthetic workflow and profile as {@code dagfuse generate} writes them, read back from files. */
    static Inputs.Loaded synthetic(int functions, int maxFanOut, long seed) {
        try {
            Path dir = Files.createTempDirectory("dagfuse-planner-test");
            Synthetic.Generated g = Synthetic.generate(functions, maxFanOut, seed);
            Path workflow = dir.resolve("workflow.yaml");
            ModelFiles.writeAtomically(workflow, g.workflowYaml());
            ModelFiles.writeProfile(g.profile(), dir.resolve("profile.yaml"));
            Inputs.Loaded loaded = Inputs.load(workflow, null);
            Files.delete(dir.resolve("profile.yaml"));
            Files.delete(workflow);
            Files.delete(dir);
            return loaded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PlanEvaluator model(Workflow workflow, Profile profile, int samples) {
        return Models.monteCarlo(workflow, profile, new ModelOptions(samples, 42, List.of(50.0, 95.0, 99.0)));
    }

    /** split → extract(8) → classify(8) → merge, plus a side branch from split joining at merge. */
    static Workflow pipeline() {
        return pipeline(AwsLambdaPlatform.defaults());
    }

    static Workflow pipeline(Platform platform) {
        return Workflow.of("pipeline", platform, List.of(
                fn("split", 1),
                fn("extract", 8, "split"),
                fn("classify", 8, "extract"),
                fn("side", 1, "split"),
                fn("merge", 1, "classify", "side")));
    }

    static Profile pipelineProfile(double classifyPeakMB) {
        Map<String, FunctionProfile> fps = new LinkedHashMap<>();
        fps.put("split", profile(1, 200_000, 2, 300, 150));
        fps.put("extract", profile(2, 50_000, 2, 900, 300));
        fps.put("classify", profile(3, 2_000, 1, 400, classifyPeakMB));
        fps.put("side", profile(4, 1_000, 1, 700, 100));
        fps.put("merge", profile(5, 10_000, 1, 120, 100));
        return new Profile("synthetic", Map.of(), fps);
    }

    /** Lognormal samples at 1024 and 1769 MB, the work shrinking with CPU up to {@code parallelism}. */
    private static FunctionProfile profile(long seed, long outputBytes, int parallelism, double medianAt1769, double peakMB) {
        Random r = new Random(seed);
        Map<Integer, List<Double>> latency = new LinkedHashMap<>();
        for (int size : new int[] {1024, 1769}) {
            double median = medianAt1769 * 1769.0 / size;
            List<Double> samples = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                samples.add(median * Math.exp(0.3 * r.nextGaussian()));
            }
            latency.put(size, samples);
        }
        return new FunctionProfile(outputBytes, peakMB, parallelism, List.of(), latency);
    }
}
