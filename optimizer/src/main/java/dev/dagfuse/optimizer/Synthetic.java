// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.scaling.ScalingModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Synthetic workflows and profiles ({@code source: synthetic}) for tests and benchmarks: random DAGs with chains,
 * fan-outs (scatter, per-branch, gather) and joins, and lognormal latencies at a few memory sizes that follow
 * t(m) = a + b / cpu(m). Deterministic for a seed. Nothing in them is measured.
 */
public final class Synthetic {

    /** Memory sizes a synthetic function is "measured" at (three of these per function). */
    static final int[] SIZES = {512, 1024, 1769, 3008};

    /**
     * A generated workflow as YAML text (what {@code dagfuse generate} writes) and its profile.
     *
     * @param workflowYaml the workflow file's text
     * @param profile the profile, source {@code synthetic}
     */
    public record Generated(String workflowYaml, Profile profile) {

        public String profileYaml() {
            return ModelFiles.profileToYaml(profile);
        }
    }

    private Synthetic() {
    }

    /** A workflow of {@code functions} functions with fan-outs up to {@code maxFanOut}, deterministic for {@code seed}. */
    public static Generated generate(int functions, int maxFanOut, long seed) {
        if (functions < 1) {
            throw new IllegalArgumentException("The number of functions (" + functions + ") must be ≥ 1.");
        }
        if (maxFanOut < 1) {
            throw new IllegalArgumentException("The maximum fan-out (" + maxFanOut + ") must be ≥ 1.");
        }
        Random random = new Random(seed);
        int width = String.valueOf(functions - 1).length();
        List<String> names = new ArrayList<>();
        List<Integer> fanOut = new ArrayList<>();
        List<List<String>> after = new ArrayList<>();
        for (int i = 0; i < functions; i++) {
            names.add(String.format(Locale.ROOT, "f%0" + width + "d", i));
            if (i == 0) {
                fanOut.add(1);
                after.add(List.of());
                continue;
            }
            double shape = random.nextDouble();
            // mostly extend the newest function (long fusible chains), sometimes branch off an older one
            int p = random.nextDouble() < 0.75 ? i - 1 : random.nextInt(i);
            if (shape < 0.45) {
                // chain: 1 → 1 or per-branch
                fanOut.add(fanOut.get(p));
                after.add(List.of(names.get(p)));
            } else if (shape < 0.65 && maxFanOut > 1) {
                // scatter (or a per-branch stage when p already fans out)
                int n = fanOut.get(p) > 1 ? fanOut.get(p) : 2 + random.nextInt(maxFanOut - 1);
                fanOut.add(n);
                after.add(List.of(names.get(p)));
            } else if (shape < 0.85 && i >= 2) {
                // join of two earlier functions: runs once, gathering any fan-out
                int q = random.nextInt(i);
                while (q == p && i > 1) {
                    q = random.nextInt(i);
                }
                fanOut.add(1);
                after.add(p < q ? List.of(names.get(p), names.get(q)) : List.of(names.get(q), names.get(p)));
            } else {
                // a gather (or a plain 1 → 1 step)
                fanOut.add(1);
                after.add(List.of(names.get(p)));
            }
        }
        StringBuilder yaml = new StringBuilder();
        yaml.append("apiVersion: dagfuse/v1\nkind: Workflow\n");
        yaml.append("name: synthetic-").append(functions).append("-seed").append(seed).append('\n');
        yaml.append("description: Synthetic workflow (dagfuse generate --functions ").append(functions)
                .append(" --max-fan-out ").append(maxFanOut).append(" --seed ").append(seed)
                .append("); its profile.yaml is synthetic, not measured.\n");
        yaml.append("functions:\n");
        Map<String, FunctionProfile> profiles = new LinkedHashMap<>();
        for (int i = 0; i < functions; i++) {
            FunctionProfile fp = profile(random);
            int memory = new int[] {512, 1024, 1024, 2048}[random.nextInt(4)];
            if (memory < fp.peakMemoryMB() * ScalingModel.MEMORY_HEADROOM) {
                memory = 1024; // as deployed today, so it must run
            }
            yaml.append("  ").append(names.get(i)).append(":\n");
            yaml.append("    memoryMB: ").append(memory).append('\n');
            if (!after.get(i).isEmpty()) {
                yaml.append("    after: [").append(String.join(", ", after.get(i))).append("]\n");
            }
            if (fanOut.get(i) > 1) {
                yaml.append("    fanOut: ").append(fanOut.get(i)).append('\n');
            }
            profiles.put(names.get(i), fp);
        }
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("generator", "dagfuse generate --functions " + functions + " --max-fan-out " + maxFanOut
                + " --seed " + seed);
        return new Generated(yaml.toString(), new Profile("synthetic", machine, profiles));
    }

    /**
     * A workflow shaped like WfCommons' 1000Genome (a few stages, wide fan-outs): per chromosome, {@code individuals}
     * branches that read the chromosome's data, a merge and a sifting step, then mutation overlap and frequency for 7
     * populations each. {@code chromosomes} × ({@code individuals} + 16) tasks; 10 × (84 + 16) = 1,000. Synthetic
     * latencies as {@link #generate}; deterministic for {@code seed}.
     */
    public static Generated genome(int chromosomes, int individuals, long seed) {
        if (chromosomes < 1 || individuals < 1) {
            throw new IllegalArgumentException("The chromosomes (" + chromosomes + ") and individuals (" + individuals
                    + ") must be ≥ 1.");
        }
        Random random = new Random(seed);
        int tasks = chromosomes * (individuals + 16);
        StringBuilder yaml = new StringBuilder("apiVersion: dagfuse/v1\nkind: Workflow\n");
        yaml.append("name: genome-").append(tasks).append("-tasks-seed").append(seed).append('\n');
        yaml.append("description: Synthetic workflow shaped like 1000Genome (").append(chromosomes).append(" chromosomes, ")
                .append(individuals).append(" individuals tasks each, ").append(tasks)
                .append(" tasks); its profile.yaml is synthetic, not measured.\n");
        yaml.append("functions:\n");
        Map<String, FunctionProfile> profiles = new LinkedHashMap<>();
        for (int c = 1; c <= chromosomes; c++) {
            String[][] stages = {
                {"individuals_" + c, null, String.valueOf(individuals)},
                {"individuals_merge_" + c, "individuals_" + c, "1"},
                {"sifting_" + c, "individuals_merge_" + c, "1"},
                {"mutation_overlap_" + c, "sifting_" + c, "7"},
                {"frequency_" + c, "sifting_" + c, "7"}};
            for (String[] st : stages) {
                FunctionProfile fp = profile(random);
                int memory = fp.peakMemoryMB() * ScalingModel.MEMORY_HEADROOM > 1024 ? 2048 : 1024;
                yaml.append("  ").append(st[0]).append(":\n    memoryMB: ").append(memory).append('\n');
                if (st[1] != null) {
                    yaml.append("    after: [").append(st[1]).append("]\n");
                }
                if (!"1".equals(st[2])) {
                    yaml.append("    fanOut: ").append(st[2]).append('\n');
                }
                profiles.put(st[0], fp);
            }
        }
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("generator", "Synthetic.genome(" + chromosomes + ", " + individuals + ", " + seed + ")");
        return new Generated(yaml.toString(), new Profile("synthetic", machine, profiles));
    }

    private static FunctionProfile profile(Random random) {
        double t1 = 20 * Math.pow(100, random.nextDouble()); // median at 1 vCPU: 20 ms .. 2 s, log-uniform
        double serial = 0.5 * random.nextDouble(); // share of the time that does not scale with CPU
        int parallelism = random.nextDouble() < 0.7 ? 1 : random.nextDouble() < 0.67 ? 2 : 4;
        double sigma = 0.1 + 0.4 * random.nextDouble();
        long outputBytes = Math.round(100 * Math.pow(20_000, random.nextDouble())); // 100 B .. 2 MB
        double peak = Math.round(64 + 536 * random.nextDouble());
        int skip = random.nextInt(SIZES.length);
        Map<Integer, List<Double>> latency = new LinkedHashMap<>();
        for (int s = 0; s < SIZES.length; s++) {
            if (s == skip || SIZES[s] < peak * ScalingModel.MEMORY_HEADROOM) {
                continue;
            }
            double median = t1 * serial + t1 * (1 - serial) / ScalingModel.cpu(SIZES[s], parallelism);
            latency.put(SIZES[s], samples(random, 30, median, sigma));
        }
        if (latency.isEmpty()) {
            latency.put(dev.dagfuse.model.scaling.ScalingModel.MB_PER_VCPU, samples(random, 30, t1, sigma));
        }
        return new FunctionProfile(outputBytes, peak, parallelism, samples(random, 5, 250, 0.3), latency);
    }

    private static List<Double> samples(Random random, int n, double median, double sigma) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Math.round(median * Math.exp(sigma * random.nextGaussian()) * 100) / 100.0);
        }
        return out;
    }
}
