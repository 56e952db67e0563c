// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The cluster bar (docs/cluster.md §4): two samples run together on this machine at given rates, measured P95 against
 * the prediction for the run (plan-cluster's model with the containers sharing this machine's cores, the run's own
 * arrivals from empty pools) and against the steady state's, median of several runs (seeds 42, 43, … or from
 * {@code --first-seed}). It does what a user would: profiles both samples here and now
 * (copies of their workflow files, in a temporary directory), plans the cluster with {@code dagfuse plan-cluster},
 * then runs {@code dagfuse run A B --rates …} once per seed, and prints Markdown tables with the load average before
 * and after each step. {@code --committed-profiles} uses the samples' committed profiles instead.
 */
public final class ClusterBar {

    private static final List<String> SAMPLES = List.of("chatbot", "ml-pipeline");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterBar() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        String rates = "3/s,2/s";
        int requests = 120;
        int warmup = 10;
        int runs = 3;
        long firstSeed = 42;
        boolean fresh = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rates" -> rates = args[++i];
                case "--requests" -> requests = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--first-seed" -> firstSeed = Long.parseLong(args[++i]);
                case "--committed-profiles" -> fresh = false;
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                default -> throw new IllegalArgumentException("Unknown argument " + args[i] + "; use --rates R1,R2, "
                        + "--requests N, --warmup N, --runs N, --first-seed S, --committed-profiles, --root DIR.");
            }
        }
        String launcher = root.resolve("dagfuse").toString();
        Path tmp = Files.createTempDirectory("dagfuse-cluster-bar");
        System.out.println("# dagfuse cluster bar");
        System.out.println();
        System.out.printf(Locale.ROOT, "%s; %d cores; load average %s at start; Java %s; rates %s; %d requests per "
                        + "workflow after %d warm-up; %s profiles.%n%n",
                ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                Runtime.getRuntime().availableProcessors(), Processes.loadAverage(), System.getProperty("java.version"),
                rates, requests, warmup, fresh ? "fresh" : "committed");

        List<String> clusters = new ArrayList<>();
        for (String sample : SAMPLES) {
            Path dir = Files.createDirectories(tmp.resolve(sample));
            for (String f : fresh ? List.of("workflow.yaml", "cluster.yaml")
                    : List.of("workflow.yaml", "cluster.yaml", "profile.yaml")) {
                Files.copy(root.resolve("samples").resolve(sample).resolve(f), dir.resolve(f),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (fresh) {
                String before = Processes.loadAverage();
                long t0 = System.nanoTime();
                Processes.Output o = Processes.run(List.of(launcher, "profile", dir.resolve("workflow.yaml").toString(),
                        "-o", dir.resolve("profile.yaml").toString()), root, null);
                check(o, "profile " + sample);
                System.out.printf(Locale.ROOT, "Profiled %s in %.0f s (load average %s → %s).%n", sample,
                        (System.nanoTime() - t0) / 1e9, before, Processes.loadAverage());
            }
            clusters.add(dir.resolve("cluster.yaml").toString());
        }
        System.out.println();

        List<String> plan = new ArrayList<>(List.of(launcher, "plan-cluster"));
        plan.addAll(clusters);
        plan.addAll(List.of("--rates", rates, "--format", "json"));
        Processes.Output planned = Processes.run(plan, root, null);
        check(planned, "plan-cluster");
        System.out.println("## plan-cluster's pools");
        System.out.println();
        System.out.println("| workflow | group | containers | service | c_s | ρ | mean wait | P95 alone |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (JsonNode w : JSON.readTree(planned.stdout()).get("workflows")) {
            for (JsonNode p : w.get("pools")) {
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f ms | %.2f | %.2f | %.0f ms | %.0f ms |%n",
                        w.get("workflow").asText(), p.get("group").asText(), p.get("containers").asInt(),
                        p.get("serviceMs").asDouble(), p.get("serviceCv").asDouble(),
                        p.get("alone").get("utilisation").asDouble(), p.get("alone").get("meanWaitMs").asDouble(),
                        w.get("aloneMs").get("P95").asDouble());
            }
        }
        System.out.println();

        System.out.println("## Runs");
        System.out.println();
        System.out.println("| run | seed | load before → after | workflow | P95 cluster | P95 steady | P95 pred | P95 meas "
                + "| steady error | error | calibrated error | mean wait steady / pred / meas "
                + "| busiest pool: stretch, service pred / meas, c_s meas | speed beside, per pool | within target |");
        System.out.println("|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---:|");
        Map<String, List<Double>> errors = new LinkedHashMap<>();
        Map<String, List<Double>> steadyErrors = new LinkedHashMap<>();
        for (int r = 1; r <= runs; r++) {
            long seed = firstSeed + r - 1;
            List<String> cmd = new ArrayList<>(List.of(launcher, "run"));
            cmd.addAll(clusters);
            cmd.addAll(List.of("--rates", rates, "--requests", String.valueOf(requests), "--warmup",
                    String.valueOf(warmup), "--seed", String.valueOf(seed), "--format", "json"));
            String before = Processes.loadAverage();
            Processes.Output o = Processes.run(cmd, root, null);
            check(o, "run");
            String after = Processes.loadAverage();
            Files.writeString(tmp.resolve("run-" + seed + ".json"), o.stdout());
            for (JsonNode w : JSON.readTree(o.stdout()).get("workflows")) {
                JsonNode busiest = null;
                for (JsonNode p : w.get("pools")) {
                    if (busiest == null || p.get("predictedUtilisation").asDouble()
                            > busiest.get("predictedUtilisation").asDouble()) {
                        busiest = p;
                    }
                }
                double error = w.get("p95Error").asDouble();
                double steadyError = w.get("steadyP95Error").asDouble();
                errors.computeIfAbsent(w.get("workflow").asText(), k -> new ArrayList<>()).add(error);
                steadyErrors.computeIfAbsent(w.get("workflow").asText(), k -> new ArrayList<>()).add(steadyError);
                System.out.printf(Locale.ROOT, "| %d | %d | %s → %s | %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms "
                                + "| %+.1f%% | %+.1f%% | %s | %.0f / %.0f / %.0f ms | %s: ×%.2f, %.0f / %.0f ms, %.2f "
                                + "| %s | %.1f%% |%n", r, seed, before, after,
                        w.get("workflow").asText(), w.get("clusterP95Ms").asDouble(), w.get("steadyP95Ms").asDouble(),
                        w.get("predictedP95Ms").asDouble(), w.get("measuredP95Ms").asDouble(), 100 * steadyError,
                        100 * error,
                        w.get("calibratedP95Error").isNull() ? "unstable"
                                : String.format(Locale.ROOT, "%+.1f%%", 100 * w.get("calibratedP95Error").asDouble()),
                        w.get("steadyMeanWaitMs").asDouble(), w.get("predictedMeanWaitMs").asDouble(),
                        w.get("measuredMeanWaitMs").asDouble(),
                        busiest.get("group").asText(), busiest.get("coreStretch").asDouble(),
                        busiest.get("predictedServiceMs").asDouble(),
                        busiest.get("measuredServiceMs").asDouble(), busiest.get("measuredServiceCv").asDouble(),
                        speeds(w), 100 * w.get("withinTarget").asDouble());
            }
        }
        System.out.println();
        System.out.println("## Median P95 error (bar: within ±20%)");
        System.out.println();
        System.out.println("| workflow | against | errors | median | within ±20% |");
        System.out.println("|---|---|---|---:|---|");
        medians("this run's prediction", errors);
        medians("the steady state's", steadyErrors);
        System.out.println();
        System.out.println("Files: " + tmp);
    }

    /** The pools' calibrated speeds beside other threads, in the plan's order ("none" without a calibration). */
    private static String speeds(JsonNode workflow) {
        List<String> speeds = new ArrayList<>();
        for (JsonNode p : workflow.get("pools")) {
            speeds.add(p.get("sharedSpeed").isNull() ? "none"
                    : String.format(Locale.ROOT, "%.2f", p.get("sharedSpeed").asDouble()));
        }
        return String.join(" / ", speeds);
    }

    private static void medians(String against, Map<String, List<Double>> errors) {
        for (Map.Entry<String, List<Double>> e : errors.entrySet()) {
            double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %+.1f%% | %s |%n", e.getKey(), against,
                    String.join(" / ", Arrays.stream(sorted).mapToObj(x -> String.format(Locale.ROOT, "%+.1f%%", 100 * x))
                            .toList()), 100 * median, Math.abs(median) <= 0.20 ? "yes" : "**no**");
        }
    }

    private static void check(Processes.Output o, String what) {
        if (o.exit() != 0) {
            throw new IllegalStateException(what + " exited " + o.exit() + ": " + o.stderr().strip());
        }
    }
}
