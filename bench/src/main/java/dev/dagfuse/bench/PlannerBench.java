// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.bench;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.stats.Quantiles;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planners;
import dev.dagfuse.optimizer.Plans;
import dev.dagfuse.optimizer.Synthetic;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Planner speed, printed as Markdown tables with medians:
 * <ol>
 * <li>{@code ./dagfuse plan} on each sample, wall time of the whole process (JVM start included);</li>
 * <li>{@code ./dagfuse plan} on a generated 200-function workflow, whole process;</li>
 * <li>the cp-sat planner's time in process as the workflow grows (10, 50, 200, 1000 functions).</li>
 * </ol>
 * Generated workflows come from {@code dagfuse generate} (seed 1, fan-out ≤ 10); their objective is "P95 ≤ the
 * as-deployed plan's P95 at minimum cost", which is always feasible. Samples without a measured profile.yaml get a
 * synthetic one of their shape (said so in the table). Default model settings: 10,000 samples, seed 42.
 * Run: {@code bench/planner-bench.sh [--runs 5] [--sizes 10,50,200,1000] [--skip-cli] [--skip-growth]
 * [--java-opts "-XX:TieredStopAtLevel=4 -Xshare:off"]} (the launcher's own JVM options come first, so these override
 * them: that example measures the default JIT without the class-data sharing archive).
 */
public final class PlannerBench {

    /** DAGFUSE_JAVA_OPTS for the {@code ./dagfuse} processes (e.g. -XX:TieredStopAtLevel=4 -Xshare:off), or null. */
    private static String javaOpts;

    private PlannerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        int runs = 5;
        List<Integer> sizes = List.of(10, 50, 200, 1000);
        boolean cli = true;
        boolean scale = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--sizes" -> sizes = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--skip-cli" -> cli = false;
                case "--skip-growth" -> sizes = List.of();
                case "--scale" -> scale = true;
                case "--java-opts" -> javaOpts = args[++i];
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]
                        + "; use --runs N, --sizes 10,50,200,1000, --skip-cli, --skip-growth, --scale, --java-opts OPTS, --root DIR.");
            }
        }
        Path tmp = Files.createTempDirectory("dagfuse-bench");
        System.out.println("# dagfuse planner benchmark");
        System.out.println();
        System.out.printf(Locale.ROOT, "%s; %d cores; load average %.2f at start; Java %s; model 10,000 samples, seed 42.%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.version"));
        if (javaOpts != null) {
            System.out.println("`./dagfuse` runs with DAGFUSE_JAVA_OPTS=\"" + javaOpts + "\".");
        }
        System.out.println();
        if (scale) {
            scale(root, tmp, Math.min(runs, 3));
            return;
        }
        if (cli) {
            samples(root, tmp, runs);
            generated200(root, tmp, Math.min(runs, 3));
        }
        if (!sizes.isEmpty()) {
            growth(sizes, runs);
        }
    }

    // ---- 1. ./dagfuse plan on each sample ----

    private static void samples(Path root, Path tmp, int runs) throws Exception {
        Path launcher = root.resolve("dagfuse");
        // builds the CLI and its class-data sharing archive if needed (a modelling command makes the archive); not timed
        run(List.of(launcher.toString(), "validate", root.resolve("samples/chatbot/workflow.yaml").toString()), root);
        System.out.println("## `./dagfuse plan` on each sample (whole process, " + runs + " runs)");
        System.out.println();
        System.out.println("| sample | functions | profile | exit | median wall | min | max | solver |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---|");
        List<Path> workflows;
        try (Stream<Path> s = Files.list(root.resolve("samples"))) {
            workflows = s.map(d -> d.resolve("workflow.yaml")).filter(Files::isRegularFile).sorted().toList();
        }
        for (Path wf : workflows) {
            Workflow w = ModelFiles.readWorkflow(wf);
            Path profile = wf.resolveSibling("profile.yaml");
            String kind = "measured (profile.yaml)";
            if (!Files.isRegularFile(profile)) {
                profile = tmp.resolve(w.name() + "-profile.yaml");
                ModelFiles.writeProfile(syntheticProfile(w, 11), profile);
                kind = "synthetic (no profile.yaml yet)";
            }
            List<String> cmd = List.of(launcher.toString(), "plan", wf.toString(), "--profile", profile.toString());
            Timed t = timed(cmd, root, runs);
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %s | %s | %s | %s |%n", w.name(), w.functions().size(), kind,
                    t.exit, sec(t.median()), sec(t.min()), sec(t.max()), t.solver);
        }
        System.out.println();
    }

    // ---- 2. ./dagfuse plan on a generated 200-function workflow ----

    private static void generated200(Path root, Path tmp, int runs) throws Exception {
        Path dir = tmp.resolve("g200");
        Synthetic.Generated g = Synthetic.generate(200, 10, 1);
        ModelFiles.writeAtomically(dir.resolve("workflow.yaml"), g.workflowYaml());
        ModelFiles.writeProfile(g.profile(), dir.resolve("profile.yaml"));
        Inputs.Loaded in = Inputs.loadForModel(dir.resolve("workflow.yaml"), null);
        double target = asDeployedP95(in);
        System.out.println("## `./dagfuse plan` on a generated 200-function workflow (whole process, " + runs + " runs)");
        System.out.println();
        System.out.println("`dagfuse generate --functions 200 --max-fan-out 10 --seed 1`, objective P95 ≤ "
                + String.format(Locale.ROOT, "%.0f ms", target) + " (the as-deployed P95).");
        System.out.println();
        System.out.println("| --time-limit | exit | median wall | min | max | solver |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        for (String limit : new String[] {"10s (default)", "3s"}) {
            List<String> cmd = List.of(root.resolve("dagfuse").toString(), "plan", dir.resolve("workflow.yaml").toString(),
                    "--p95", String.format(Locale.ROOT, "%.1fms", target), "--time-limit", limit.split(" ")[0]);
            Timed t = timed(cmd, root, runs);
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n", limit, t.exit, sec(t.median()), sec(t.min()),
                    sec(t.max()), t.solver);
        }
        System.out.println();
    }

    // ---- 4. the time limit at scale (--scale: only this) ----

    /**
     * {@code ./dagfuse plan --time-limit 9s}, {@code compare} and {@code pareto} (default 10 s) on a 1,000-task workflow
     * shaped like 1000Genome ({@link Synthetic#genome}) and on a generated 1,000-function workflow: whole-process wall
     * time, the load average before each command's runs, the gap printed and the plan's cost against the as-deployed plan
     * (the plan file evaluated again in process at 10,000 requests, seed 42).
     */
    private static void scale(Path root, Path tmp, int runs) throws Exception {
        Path launcher = root.resolve("dagfuse");
        run(List.of(launcher.toString(), "validate", root.resolve("samples/chatbot/workflow.yaml").toString()), root);
        System.out.println("## The time limit at scale (whole process, " + runs + " runs each)");
        System.out.println();
        System.out.println("| workflow | command | load avg | exit | median wall | min | max | solver | cost vs as deployed |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---|---:|");
        Map<String, Synthetic.Generated> workloads = new LinkedHashMap<>();
        workloads.put("1000Genome-like, 10 × (84 + 16) = 1,000 tasks, 50 functions", Synthetic.genome(10, 84, 1));
        workloads.put("generated, 1,000 functions", Synthetic.generate(1000, 10, 1));
        for (Map.Entry<String, Synthetic.Generated> w : workloads.entrySet()) {
            Path dir = tmp.resolve("scale-" + Math.abs(w.getKey().hashCode()));
            ModelFiles.writeAtomically(dir.resolve("workflow.yaml"), w.getValue().workflowYaml());
            ModelFiles.writeProfile(w.getValue().profile(), dir.resolve("profile.yaml"));
            Inputs.Loaded in = Inputs.loadForModel(dir.resolve("workflow.yaml"), null);
            PlanEvaluator model = Models.monteCarlo(in.workflow(), in.profile(), ModelOptions.defaults());
            Plan baseline = Plans.asDeployed(in.workflow());
            dev.dagfuse.optimizer.Evaluation base = model.evaluate(baseline);
            double target = base.predicted().percentileMs(95);
            String wf = dir.resolve("workflow.yaml").toString();
            String p95 = String.format(Locale.ROOT, "%.1fms", target);
            Path planFile = dir.resolve("plan.json");
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put("plan --p95 (as deployed) --time-limit 9s",
                    List.of(launcher.toString(), "plan", wf, "--p95", p95, "--time-limit", "9s", "-o", planFile.toString()));
            commands.put("compare --p95 (as deployed)", List.of(launcher.toString(), "compare", wf, "--p95", p95));
            commands.put("pareto (20 points)", List.of(launcher.toString(), "pareto", wf));
            for (Map.Entry<String, List<String>> c : commands.entrySet()) {
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                Files.deleteIfExists(planFile);
                Timed t = timed(c.getValue(), root, runs);
                String cost = "";
                if (c.getKey().startsWith("plan") && Files.isRegularFile(planFile)) {
                    Plan planned = ModelFiles.readPlan(planFile, in.workflow());
                    double mine = model.evaluate(new Plan(planned.workflow(), planned.objective(), planned.groups(), null,
                            planned.solver(), planned.orchestration())).predicted().meanCostUsd();
                    cost = String.format(Locale.ROOT, "%+.0f%%", (mine / base.predicted().meanCostUsd() - 1) * 100);
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %.2f | %d | %s | %s | %s | %s | %s |%n", w.getKey(), c.getKey(),
                        load, t.exit, sec(t.median()), sec(t.min()), sec(t.max()),
                        c.getKey().startsWith("plan") ? t.solver : "", cost);
            }
        }
        System.out.println();
    }

    // ---- 3. growth in process ----

    private static void growth(List<Integer> sizes, int runs) {
        System.out.println("## cp-sat planner time as the workflow grows (in process, fresh model per run)");
        System.out.println();
        System.out.println("Wall time of `Planner.plan` (drawing the candidate groups with the Monte Carlo model, then the"
                + " search; the default --time-limit of 10 s covers both); objective P95 ≤ the as-deployed P95.");
        System.out.println();
        System.out.println("| functions | runs | median wall | min | max | status | rounds | groups | cost vs as deployed | P95 vs target |");
        System.out.println("|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|");
        for (int n : sizes) {
            Synthetic.Generated g = Synthetic.generate(n, 10, 1);
            Path dir;
            Inputs.Loaded in;
            try {
                dir = Files.createTempDirectory("dagfuse-bench-" + n);
                ModelFiles.writeAtomically(dir.resolve("workflow.yaml"), g.workflowYaml());
                ModelFiles.writeProfile(g.profile(), dir.resolve("profile.yaml"));
                in = Inputs.loadForModel(dir.resolve("workflow.yaml"), null);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            double target = asDeployedP95(in);
            int r = n >= 1000 ? 1 : n >= 200 ? Math.min(runs, 3) : runs;
            List<Double> walls = new ArrayList<>();
            PlanResult last = null;
            double baselineCost = Double.NaN;
            for (int i = 0; i < r; i++) {
                PlanEvaluator model = Models.monteCarlo(in.workflow(), in.profile(), ModelOptions.defaults());
                long t0 = System.nanoTime();
                last = Planners.defaultPlanner().plan(in.workflow(), model,
                        PlanRequest.of(new Objective.Latency(95, target)));
                walls.add((System.nanoTime() - t0) / 1e9);
                baselineCost = model.evaluate(Plans.asDeployed(in.workflow())).predicted().meanCostUsd();
            }
            Timed t = new Timed(walls, 0, "");
            if (last instanceof PlanResult.Planned p) {
                System.out.printf(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %d | %d | %+.0f%% | %.0f / %.0f ms |%n", n, r,
                        sec(t.median()), sec(t.min()), sec(t.max()), p.plan().solver().status(), p.plan().solver().iterations(),
                        p.plan().groups().size(), (p.evaluation().predicted().meanCostUsd() / baselineCost - 1) * 100,
                        p.evaluation().predicted().percentileMs(95), target);
            } else {
                System.out.printf(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | | | | |%n", n, r, sec(t.median()), sec(t.min()),
                        sec(t.max()), ((PlanResult.Infeasible) last).reason());
            }
        }
        System.out.println();
    }

    // ---- helpers ----

    private static double asDeployedP95(Inputs.Loaded in) {
        PlanEvaluator model = Models.monteCarlo(in.workflow(), in.profile(), ModelOptions.defaults());
        Plan baseline = Plans.asDeployed(in.workflow());
        return model.evaluate(baseline).predicted().percentileMs(95);
    }

    private record Timed(List<Double> walls, int exit, String solver) {
        double median() {
            return Quantiles.median(walls);
        }

        double min() {
            return walls.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }

        double max() {
            return walls.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }
    }

    private static Timed timed(List<String> cmd, Path dir, int runs) throws Exception {
        List<Double> walls = new ArrayList<>();
        int exit = 0;
        String solver = "";
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            Processes.Output o = run(cmd, dir);
            walls.add((System.nanoTime() - t0) / 1e9);
            exit = o.exit();
            solver = o.stdout().lines().filter(l -> l.startsWith("Solver: ")).map(l -> l.substring(8)).findFirst()
                    .orElse(o.stderr().lines().reduce((a, b) -> b).orElse(""));
        }
        return new Timed(walls, exit, solver);
    }

    private static Processes.Output run(List<String> cmd, Path dir) throws Exception {
        return Processes.run(cmd, dir, javaOpts);
    }

    private static String sec(double s) {
        return String.format(Locale.ROOT, "%.2f s", s);
    }

    /**
     * A synthetic profile of a workflow's shape (for samples not profiled yet): per function, lognormal samples at
     * three of 512/1024/1769/3008 MB following t(m) = a + b / cpu(m), as {@code dagfuse generate} makes them.
     */
    static Profile syntheticProfile(Workflow workflow, long seed) {
        Random random = new Random(seed);
        int[] sizes = {512, 1024, 1769, 3008};
        Map<String, FunctionProfile> out = new LinkedHashMap<>();
        for (String name : workflow.functions().keySet()) {
            double t1 = 20 * Math.pow(50, random.nextDouble());
            double serial = 0.5 * random.nextDouble();
            int parallelism = random.nextDouble() < 0.7 ? 1 : 2;
            double sigma = 0.1 + 0.3 * random.nextDouble();
            long outputBytes = Math.round(100 * Math.pow(2_000, random.nextDouble()));
            double peak = Math.round(64 + 300 * random.nextDouble());
            int skip = random.nextInt(sizes.length);
            Map<Integer, List<Double>> latency = new LinkedHashMap<>();
            for (int s = 0; s < sizes.length; s++) {
                if (s == skip || sizes[s] < peak * ScalingModel.MEMORY_HEADROOM) {
                    continue;
                }
                double median = t1 * serial + t1 * (1 - serial) / ScalingModel.cpu(sizes[s], parallelism);
                List<Double> samples = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    samples.add(Math.round(median * Math.exp(sigma * random.nextGaussian()) * 100) / 100.0);
                }
                latency.put(sizes[s], samples);
            }
            out.put(name, new FunctionProfile(outputBytes, peak, parallelism, List.of(), latency));
        }
        Map<String, String> machine = new LinkedHashMap<>();
        machine.put("generator", "dagfuse bench (synthetic profile of the sample's shape, not measured)");
        return new Profile("synthetic", machine, out);
    }
}
