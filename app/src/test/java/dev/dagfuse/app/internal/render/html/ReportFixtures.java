// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import dev.dagfuse.app.ReportData;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Report data built from plain numbers (no model): a workflow with a fan-out, a fused chain, a bundle and a join. */
final class ReportFixtures {

    private ReportFixtures() {
    }

    static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT, 900_000, null);
    }

    /** split → extract ×30 → classify ×30 → merge, and split → audio → merge. */
    static Workflow workflow() {
        Workflow w = Workflow.of("video-analytics", AwsLambdaPlatform.defaults(), List.of(fn("split", 1), fn("extract", 30, "split"),
                fn("classify", 30, "extract"), fn("audio", 1, "split"), fn("merge", 1, "classify", "audio")));
        return new Workflow(w.name(), "Split a video, extract frames, classify them, merge.", new Objective.Latency(95, 3000),
                w.platform(), w.functions(), null);
    }

    static double[] draws(long seed, double medianMs, double sigma) {
        Random random = new Random(seed);
        double[] out = new double[4000];
        for (int i = 0; i < out.length; i++) {
            out[i] = medianMs * Math.exp(sigma * random.nextGaussian());
        }
        return out;
    }

    static Predicted predicted(double[] draws, double costUsd) {
        double[] sorted = draws.clone();
        java.util.Arrays.sort(sorted);
        Map<Double, Double> latency = new LinkedHashMap<>();
        for (double p : new double[] {50, 95, 99}) {
            latency.put(p, sorted[(int) Math.ceil(p / 100 * sorted.length) - 1]);
        }
        return new Predicted(latency, costUsd);
    }

    static ReportData data() {
        Workflow w = workflow();
        double[] planDraws = draws(1, 1900, 0.2);
        double[] deployedDraws = draws(2, 2600, 0.25);
        Plan plan = new Plan(w.name(), w.objective(), List.of(PlanGroup.of(List.of("split"), 1769, 1, 1),
                PlanGroup.of(List.of("extract", "classify"), 3008, 30, 5), PlanGroup.of(List.of("audio"), 512, 1, 1),
                PlanGroup.of(List.of("merge"), 1024, 1, 1)), predicted(planDraws, 0.00052),
                new SolverInfo("cp-sat", "OPTIMAL", 840, 2, 0));
        Plan deployed = new Plan(w.name(), w.objective(), w.functions().values().stream()
                .map(f -> PlanGroup.of(List.of(f.name()), f.memoryMB(), f.fanOut(), 1)).toList(),
                predicted(deployedDraws, 0.00081), new SolverInfo("as-deployed", "GIVEN", 0, 0, Double.NaN));
        List<ReportData.FrontierPoint> frontier = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double latency = 1500 + i * 260;
            frontier.add(new ReportData.FrontierPoint(latency, 900 - 60 * i + 4.0 * i * i, "plan " + (i + 1)));
        }
        List<ReportData.GroupRow> rows = new ArrayList<>();
        double[] cost = {0.00002, 0.00044, 0.000015, 0.00001};
        int i = 0;
        for (PlanGroup g : plan.groups()) {
            rows.add(new ReportData.GroupRow(g.id(), g.functions(), g.memoryMB(), g.fanOut(), g.bundleSize(),
                    g.invocations(), Map.of(50.0, 300.0 + 100 * i, 95.0, 420.0 + 130 * i, 99.0, 500.0 + 150 * i), cost[i]));
            i++;
        }
        return new ReportData(w, plan, deployed, w.objective(), ReportData.Cdf.ofDraws(planDraws, 300),
                ReportData.Cdf.ofDraws(deployedDraws, 300), frontier, "8 plans from the test fixture.", rows,
                List.of("Monte Carlo over 10,000 requests, seed 42.", "Data above 256 KB goes through S3 <&> \"quoted\"."),
                new ReportData.ProfileInfo("samples/video-analytics/profile.yaml", "local-jvm",
                        Map.of("cpu", "test CPU", "cores", "2"), Map.of("split", "512, 1024 MB; 20 samples each")),
                "dagfuse test", null, List.of(new ReportData.Move("as deployed", deployed),
                        new ReportData.Move("fusion", plan)));
    }

    /** How often {@code what} occurs in {@code text}. */
    static int count(String text, String what) {
        Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
