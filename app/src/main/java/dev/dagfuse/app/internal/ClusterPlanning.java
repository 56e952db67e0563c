// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.ClusterPlanService;
import dev.dagfuse.app.Draws;
import dev.dagfuse.app.EvaluatedPlan;
import dev.dagfuse.app.RequestException;
import dev.dagfuse.model.Load;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.TimeBudget;
import dev.dagfuse.optimizer.queueing.Deflation;
import dev.dagfuse.optimizer.queueing.FairShare;
import dev.dagfuse.optimizer.queueing.Pools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * plan-cluster: plan each workflow, size its pools (M/G/c: Erlang C with the Allen–Cunneen factor, {@link Pools}), then fit all pools in the cluster's
 * cores: weighted max-min fair share of the cores among the workflows ({@link FairShare}), and within a workflow's
 * share, deflation of its containers to the floor CPU share before whole containers go ({@link Deflation}).
 */
public final class ClusterPlanning implements ClusterPlanService {

    @Override
    public Result plan(Request request) {
        List<Path> files = request.workflowFiles();
        if (files.isEmpty()) {
            throw new RequestException("Give at least one workflow file. Maybe A.yaml B.yaml --rates 20/s,5/s.");
        }
        if (request.ratesPerSecond().size() != files.size()) {
            throw new RequestException("The --rates give " + request.ratesPerSecond().size() + " rate(s) for "
                    + files.size() + " workflow(s): give one per workflow, in their order, e.g. --rates "
                    + String.join(",", java.util.Collections.nCopies(files.size(), "5/s")) + ".");
        }
        if (!request.weights().isEmpty() && request.weights().size() != files.size()) {
            throw new RequestException("The --weights give " + request.weights().size() + " weight(s) for "
                    + files.size() + " workflow(s): give one per workflow, or none (all 1).");
        }
        for (double rate : request.ratesPerSecond()) {
            if (!(rate > 0 && rate <= Ranges.MAX_RATE_PER_SECOND)) {
                throw new RequestException(Load.problem(rate, "--rates"));
            }
        }
        for (double weight : request.weights()) {
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new RequestException("The weight (" + weight + ") must be a number > 0. Maybe 1.");
            }
        }
        if (!(request.floorShare() > 0 && request.floorShare() <= 1)) {
            throw new RequestException("The --floor (" + request.floorShare() + ") must be within (0, 1]: the smallest "
                    + "share of its cores a container may be deflated to. Maybe 0.5.");
        }
        List<Inputs.Loaded> loaded = new ArrayList<>();
        for (Path file : files) {
            loaded.add(Inputs.loadForModel(file, null));
        }
        Platform platform = loaded.get(0).workflow().platform();
        if (platform.capacityCores() <= 0) {
            throw new RequestException("The workflow (" + files.get(0) + ") is on platform " + platform.name()
                    + "; plan-cluster sizes pools on a capacity-limited cluster. Maybe platform: {name: cluster, cores: "
                    + "8, memoryMB: 16384}.");
        }
        for (int i = 1; i < loaded.size(); i++) {
            Platform other = loaded.get(i).workflow().platform();
            if (!other.settings().equals(platform.settings())) {
                throw new RequestException("The workflow (" + files.get(i) + ") is on " + other.description()
                        + ", not on the cluster of " + files.get(0) + " (" + platform.description()
                        + "): the workflows of one plan-cluster share one cluster. Maybe copy its platform: block.");
            }
        }
        int capacity = platform.capacityCores();
        List<Alone> alone = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            double weight = request.weights().isEmpty() ? 1 : request.weights().get(i);
            alone.add(alone(files.get(i), loaded.get(i), request.ratesPerSecond().get(i), weight, capacity, request));
        }
        return new Result(platform.description(), capacity, request.floorShare(),
                shared(alone, capacity, request.floorShare()));
    }

    /** A workflow planned and sized as if it had the cluster to itself. */
    private record Alone(Path file, Session session, double rate, double weight, Objective.Latency objective,
                         EvaluatedPlan plan, Pools pools, int[] containers, String infeasible) {

        int demandedCores() {
            int cores = 0;
            for (int g = 0; containers != null && g < containers.length; g++) {
                cores += containers[g] * pools.pools().get(g).coresPerContainer();
            }
            return cores;
        }
    }

    private static Alone alone(Path file, Inputs.Loaded in, double rate, double weight, int capacity, Request request) {
        Workflow workflow = in.workflow();
        if (!(workflow.objective() instanceof Objective.Latency objective)) {
            throw new RequestException("The workflow (" + file + ") needs a latency objective for plan-cluster, the "
                    + "target its pools are sized for. Maybe objective: {latency: {percentile: 95, target: 2s}}.");
        }
        Draws draws = request.draws();
        ModelOptions options = Session.drawn(new Draws(draws.samples(), draws.seed(), rate), null)
                .withPercentile(objective.percentile());
        Session session = new Session(in, options);
        // each workflow is planned within the time limit (plan-cluster plans them one after another)
        PlanResult result = session.plan(Session.planner(request.search().solver()),
                Session.request(objective, request.search()), TimeBudget.start(request.search().timeLimit()));
        if (!(result instanceof PlanResult.Planned planned)) {
            return new Alone(file, session, rate, weight, objective, null, null, null,
                    ((PlanResult.Infeasible) result).reason());
        }
        Platform platform = workflow.platform();
        Plan plan = bundledFully(planned.plan());
        Evaluation evaluation = plan.equals(planned.plan()) ? planned.evaluation() : session.evaluator().evaluate(plan);
        // a bundled group on its planned container may be too slow: larger containers for the bundled groups
        List<Integer> grid = platform.memoryGridMB();
        while (quantile(session, plan, objective.percentile()) > objective.targetMs()) {
            Plan larger = largerContainers(planned.plan(), plan, grid);
            if (larger == null) {
                break;
            }
            plan = larger;
            evaluation = session.evaluator().evaluate(plan);
        }
        plan = new Plan(plan.workflow(), plan.objective(), plan.groups(), evaluation.predicted(), plan.solver(),
                plan.orchestration());
        List<Pools.Pool> pools = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            Evaluation.GroupEvaluation ge = evaluation.groups().stream().filter(e -> e.groupId().equals(g.id()))
                    .findFirst().orElseThrow();
            int cores = platform.coresHeld(g.memoryMB());
            // cost is core-seconds of container time: per invocation, the mean time it holds its container
            double serviceMs = ge.meanCostUsd() * 1000 / cores / g.invocations();
            // how variable its service is, from the model's draws of the group: an M/G/c pool's waits grow with
            // (1 + c_s²)/2, so the handlers' nearly constant work waits about half as long as exponential service
            double cv = Pools.coefficientOfVariation(session.evaluator().groupModel()
                    .latencyDraws(g.functions(), g.memoryMB(), g.bundleSize()));
            pools.add(new Pools.Pool(g.id(), rate * g.invocations(), serviceMs, g.invocations(), cores, cv));
        }
        Pools model = new Pools(session.evaluator().latencyDraws(plan), pools, options.seed());
        int[] containers = model.size(objective.percentile(), objective.targetMs(), capacity);
        String infeasible = null;
        if (containers == null) {
            double unqueued = model.unqueuedPercentile(objective.percentile());
            infeasible = unqueued > objective.targetMs()
                    ? String.format(Locale.ROOT, "its plan's P%s (%.0f ms) is above the target (%.0f ms) even "
                            + "without waiting", Percentiles.label(objective.percentile()), unqueued, objective.targetMs())
                    : String.format(Locale.ROOT, "its pools need more than the cluster's %d cores to keep P%s within "
                            + "%.0f ms at %s", capacity, Percentiles.label(objective.percentile()),
                            objective.targetMs(), new Load(rate).text());
        }
        return new Alone(file, session, rate, weight, objective, new EvaluatedPlan(plan, evaluation), model, containers,
                infeasible);
    }

    /**
     * The plan with every fan-out group bundled fully: one invocation per request per group, its branches on the
     * container's cores as threads. A pool then sees the requests' Poisson stream, one job per request, which the
     * M/G/c model assumes; k invocations of one request arriving together would queue behind each other.
     */
    static Plan bundledFully(Plan plan) {
        List<PlanGroup> groups = new ArrayList<>();
        for (PlanGroup g : plan.groups()) {
            groups.add(g.invocations() == 1 ? g : new PlanGroup(g.id(), g.functions(), g.memoryMB(), g.fanOut(),
                    g.fanOut(), 1, g.architecture(), g.map()));
        }
        return new Plan(plan.workflow(), plan.objective(), groups, plan.predicted(), plan.solver(), plan.orchestration());
    }

    /** The next larger container (memory grid) for each group that bundling changed, or null when none is larger. */
    private static Plan largerContainers(Plan planned, Plan plan, List<Integer> grid) {
        List<PlanGroup> groups = new ArrayList<>();
        boolean changed = false;
        for (int i = 0; i < plan.groups().size(); i++) {
            PlanGroup g = plan.groups().get(i);
            Integer next = grid.stream().filter(m -> m > g.memoryMB()).findFirst().orElse(null);
            if (planned.groups().get(i).invocations() > 1 && next != null) {
                groups.add(new PlanGroup(g.id(), g.functions(), next, g.fanOut(), g.bundleSize(), g.invocations(),
                        g.architecture(), g.map()));
                changed = true;
            } else {
                groups.add(g);
            }
        }
        return changed ? new Plan(plan.workflow(), plan.objective(), groups, plan.predicted(), plan.solver(),
                plan.orchestration()) : null;
    }

    private static double quantile(Session session, Plan plan, double p) {
        double[] draws = session.evaluator().latencyDraws(plan);
        Arrays.sort(draws);
        return dev.dagfuse.model.stats.Quantiles.percentileOfSorted(draws, p);
    }

    private static List<WorkflowPlan> shared(List<Alone> alone, int capacity, double floor) {
        boolean anyInfeasible = alone.stream().anyMatch(a -> a.infeasible() != null);
        int demand = alone.stream().mapToInt(Alone::demandedCores).sum();
        List<FairShare.Share> shares = null;
        if (!anyInfeasible && demand > capacity) {
            List<FairShare.Claim> claims = new ArrayList<>();
            for (Alone a : alone) {
                claims.add(new FairShare.Claim(a.session().workflow().name(), a.demandedCores(), a.weight()));
            }
            shares = FairShare.allocate(capacity, claims);
        }
        List<WorkflowPlan> result = new ArrayList<>();
        for (int i = 0; i < alone.size(); i++) {
            Alone a = alone.get(i);
            double allocated = shares == null ? a.demandedCores() : shares.get(i).allocation();
            result.add(workflowPlan(a, allocated, floor));
        }
        return result;
    }

    private static WorkflowPlan workflowPlan(Alone a, double allocated, double floor) {
        double p = a.objective().percentile();
        TreeSet<Double> percentiles = new TreeSet<>(List.of(50.0, 95.0, p));
        if (a.containers() == null) {
            return new WorkflowPlan(a.file(), a.session().context(), a.rate(), a.weight(), p, a.objective().targetMs(),
                    a.plan(), List.of(), 0, 0, Map.of(), Map.of(), a.infeasible(), null);
        }
        int n = a.containers().length;
        double[] full = new double[n];
        Arrays.fill(full, 1.0);
        int[] kept = a.containers().clone();
        double[] share = full.clone();
        int demanded = a.demandedCores();
        if (allocated < demanded) {
            Deflation.Deflated d = Deflation.fit(allocated, 1, floor,
                    List.of(new Deflation.Pool(a.session().workflow().name(), demanded, a.weight()))).get(0);
            Arrays.fill(share, d.kept() == demanded ? d.cpuShare() : floor);
            if (d.kept() < demanded) {
                kept = removed(a.pools().pools(), kept, d.kept(), floor);
            }
        }
        Map<Double, Double> aloneMs = new LinkedHashMap<>();
        Map<Double, Double> sharedMs = new LinkedHashMap<>();
        double[] aloneDraws = sorted(a.pools().latencyDraws(a.containers(), full));
        double[] sharedDraws = sorted(a.pools().latencyDraws(kept, share));
        for (double q : percentiles) {
            aloneMs.put(q, dev.dagfuse.model.stats.Quantiles.percentileOfSorted(aloneDraws, q));
            sharedMs.put(q, sharedDraws == null ? Double.POSITIVE_INFINITY
                    : dev.dagfuse.model.stats.Quantiles.percentileOfSorted(sharedDraws, q));
        }
        List<PoolPlan> pools = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            Pools.Pool pool = a.pools().pools().get(g);
            pools.add(new PoolPlan(pool, a.containers()[g], kept[g], kept[g] == 0 ? 0 : share[g],
                    a.pools().queue(g, a.containers()[g], 1, p), a.pools().queue(g, kept[g], share[g], p)));
        }
        return new WorkflowPlan(a.file(), a.session().context(), a.rate(), a.weight(), p, a.objective().targetMs(),
                a.plan(), pools, demanded, allocated, aloneMs, sharedMs, null, a.pools());
    }

    /**
     * Takes whole floor-share containers away until the pools' cores fit in {@code cores}: each time from the pool with
     * the most containers beyond what keeps it stable at the floor share, so that the pools that need theirs keep them,
     * and never a pool's last container while another pool has two.
     */
    static int[] removed(List<Pools.Pool> pools, int[] containers, int cores, double floor) {
        int[] kept = containers.clone();
        int used = 0;
        for (int g = 0; g < kept.length; g++) {
            used += kept[g] * pools.get(g).coresPerContainer();
        }
        while (used > cores) {
            int best = -1;
            double bestSpare = Double.NEGATIVE_INFINITY;
            boolean anyAboveOne = Arrays.stream(kept).anyMatch(k -> k > 1);
            for (int g = 0; g < kept.length; g++) {
                // a pool's last container goes only when no pool has two: without one, its requests never finish
                if (kept[g] == 0 || (anyAboveOne && kept[g] == 1)) {
                    continue;
                }
                double spare = kept[g] - pools.get(g).erlangs(floor);
                if (spare > bestSpare) {
                    best = g;
                    bestSpare = spare;
                }
            }
            kept[best]--;
            used -= pools.get(best).coresPerContainer();
        }
        return kept;
    }

    private static double[] sorted(double[] draws) {
        if (draws != null) {
            Arrays.sort(draws);
        }
        return draws;
    }

    /** How percentiles and rates read in messages. */
    static final class Percentiles {
        private Percentiles() {
        }

        static String label(double p) {
            return number(p);
        }

        static String number(double v) {
            return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
        }
    }
}
