// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Reads;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.When;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Generated workflows with choices, loops and fan-outs, checked against a request-by-request simulation written here
 * independently of the model's: each request draws its options and loop counts with its own random numbers, each
 * function that runs takes independent draws of its group's time in a workflow without choices or loops (one per
 * iteration), and the request ends when the last function ends, each starting when what the state machine waits for
 * has ended. The model's request latency must have the simulation's distribution (empirical CDFs within 0.03 at six
 * quantiles; two samples of 10,000 differ by 0.007 there at one standard deviation) and its cost the exact sum over
 * the functions of P(runs) × E[iterations] × its cost.
 */
class ControlFlowSimulationTest {

    private static final AwsLambdaPlatform LAMBDA = AwsLambdaPlatform.defaults();

    private record Generated(Workflow featured, Workflow plain, Map<String, FunctionProfile> profiles) {
    }

    private static Generated generate(long seed) {
        Random random = new Random(seed);
        List<FunctionSpec> featured = new ArrayList<>();
        List<FunctionSpec> plain = new ArrayList<>();
        Map<String, FunctionProfile> profiles = new LinkedHashMap<>();
        int n = 5 + random.nextInt(5);
        int choices = 0;
        for (int i = 0; i < n; i++) {
            String name = "f" + i;
            List<String> after = new ArrayList<>();
            if (i > 0) {
                after.add("f" + random.nextInt(i));
                if (random.nextInt(3) == 0) {
                    String other = "f" + random.nextInt(i);
                    if (!after.contains(other)) {
                        after.add(other);
                    }
                }
            }
            int fanOut = random.nextInt(3) == 0 ? 3 : 1;
            List<Integer> iterations = random.nextInt(4) == 0
                    ? List.of(random.nextInt(2), 1 + random.nextInt(2), 1 + random.nextInt(4)) : List.of();
            When when = null;
            String sibling = null;
            if (i > 0 && i < n - 1 && after.size() == 1 && random.nextBoolean()) {
                String choice = "c" + choices++;
                double p = Math.round(random.nextDouble() * 100) / 100.0;
                double q = Math.round(random.nextDouble() * (1 - p) * 100) / 100.0;
                when = new When(choice, p);
                sibling = "f" + (i + 1);
                featured.add(spec(name, after, fanOut, when, iterations));
                plain.add(spec(name, after, fanOut, null, List.of()));
                profiles.put(name, profile(1000, 1, Map.of(1024, lognormal(seed + i, 200, 50 + 40 * i, 0.4))));
                featured.add(spec(sibling, after, fanOut, new When(choice, q), List.of()));
                plain.add(spec(sibling, after, fanOut, null, List.of()));
                profiles.put(sibling, profile(1000, 1, Map.of(1024, lognormal(seed + i + 1, 200, 300, 0.3))));
                i++;
                continue;
            }
            featured.add(spec(name, after, fanOut, null, iterations));
            plain.add(spec(name, after, fanOut, null, List.of()));
            profiles.put(name, profile(1000, 1, Map.of(1024, lognormal(seed + i, 200, 80 + 30 * i, 0.5))));
        }
        return new Generated(Fixtures.workflow(LAMBDA, featured.toArray(FunctionSpec[]::new)),
                Fixtures.workflow(LAMBDA, plain.toArray(FunctionSpec[]::new)), profiles);
    }

    private static FunctionSpec spec(String name, List<String> after, int fanOut, When when, List<Integer> iterations) {
        return new FunctionSpec(name, null, 1024, List.of(), after, fanOut, Retry.DEFAULT, 900_000, null,
                Map.<String, Reads>of(), when, null, iterations);
    }

    private static PlanEvaluator model(Workflow w, Map<String, FunctionProfile> profiles) {
        return Models.monteCarlo(Fixtures.with(w, Fixtures.constantOverhead(25)), Fixtures.profiles(profiles),
                ModelOptions.defaults());
    }

    @RepeatedTest(12)
    void theModelDrawsWhatARequestByRequestSimulationGives(RepetitionInfo info) {
        long seed = 1000L + info.getCurrentRepetition();
        Generated g = generate(seed);
        Workflow w = g.featured();
        PlanEvaluator featured = model(w, g.profiles());
        PlanEvaluator plain = model(g.plain(), g.profiles());
        Plan plan = Plans.asDeployed(w).withOrchestration(Orchestration.STANDARD);
        double[] modelled = featured.latencyDraws(plan);

        Map<String, double[]> base = new HashMap<>();
        Map<String, Double> baseCost = new HashMap<>();
        for (String f : w.functions().keySet()) {
            base.put(f, plain.groupModel(Orchestration.STANDARD).latencyDraws(List.of(f), 1024, 1));
            baseCost.put(f, plain.groupModel(Orchestration.STANDARD).meanCostUsd(List.of(f), 1024, 1));
        }
        double[] simulated = simulate(w, base, modelled.length, new Random(seed * 31 + 7));
        Arrays.sort(modelled);
        Arrays.sort(simulated);
        for (double q : new double[] {0.1, 0.25, 0.5, 0.75, 0.9, 0.95}) {
            double x = modelled[(int) (q * modelled.length)];
            double cdf = upperRank(simulated, x) / (double) simulated.length;
            assertThat(cdf).as("seed %d, q %.2f at %.1f ms", seed, q, x).isCloseTo(q, within(0.03));
        }

        Map<String, Double> runs = ChoicePaths.runProbabilities(w);
        double expected = 0;
        for (FunctionSpec f : w.functions().values()) {
            expected += runs.get(f.name()) * f.meanIterations() * baseCost.get(f.name());
        }
        double cost = featured.evaluate(plan).predicted().meanCostUsd();
        assertThat(cost).as("seed %d", seed).isCloseTo(expected, within(expected * 1e-12));
    }

    /** Each request by itself: its options and loop counts, then a longest path as the state machine waits. */
    private static double[] simulate(Workflow w, Map<String, double[]> base, int requests, Random random) {
        double[] latency = new double[requests];
        List<String> order = w.seriesParallel().order();
        Map<String, List<String>> choices = w.choices();
        for (int r = 0; r < requests; r++) {
            Map<String, String> taken = new HashMap<>();
            choices.forEach((c, options) -> {
                double u = random.nextDouble();
                double cumulative = 0;
                for (String o : options) {
                    cumulative += w.optionProbability(c, o);
                    if (u < cumulative) {
                        taken.put(c, o);
                        return;
                    }
                }
            });
            Map<String, Boolean> ran = new HashMap<>();
            Map<String, Double> end = new HashMap<>();
            double request = 0;
            for (String f : order) {
                FunctionSpec spec = w.function(f);
                boolean on = spec.when() == null || w.option(f).equals(taken.get(spec.when().choice()));
                if (!spec.after().isEmpty()) {
                    on &= spec.after().stream().anyMatch(ran::get);
                }
                ran.put(f, on);
                double start = 0;
                for (String p : w.seriesParallel().waitsFor(f)) {
                    start = Math.max(start, end.get(p));
                }
                double own = 0;
                if (on) {
                    int times = spec.iterations().isEmpty() ? 1
                            : spec.iterations().get(random.nextInt(spec.iterations().size()));
                    double[] draws = base.get(f);
                    for (int k = 0; k < times; k++) {
                        own += draws[random.nextInt(draws.length)];
                    }
                }
                end.put(f, start + own);
                request = Math.max(request, start + own);
            }
            latency[r] = request;
        }
        return latency;
    }

    private static int upperRank(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
