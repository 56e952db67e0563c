// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.TimeBudget;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A planner over the candidate {@link Space}; the space can be reused across objectives (e.g. a Pareto sweep). */
abstract class SpacePlanner implements Planner {

    /** Searches {@code space} (built for the same workflow, model and search options) for {@code request}'s objective. */
    abstract PlanResult search(Space space, PlanEvaluator evaluator, PlanRequest request, Work work);

    /** The requests a search may draw per candidate, largest first: the sample schedule (docs/planner.md). */
    static final int[] SAMPLE_SCHEDULE = {10_000, 5_000, 2_000, 1_000, 500, 200, 100};

    /**
     * Searches under each orchestration the platform offers ({@code platform.orchestration: auto}: Standard and
     * Express) and keeps the better plan: the cheaper one under a target, the faster one under a budget; each search is
     * exact over its own space, so the better of them is exact over both. With one orchestration (or none), one search.
     *
     * <p>Within {@code budget}: when drawing this planner's candidates at the model's samples would take more than
     * {@link Work#DRAW_SHARE} of the limit (estimated from their number, not timed), the search draws fewer requests per
     * candidate ({@link #SAMPLE_SCHEDULE}) and the plan found is evaluated again at the full samples when that fits in
     * {@link Work#REEVALUATE_SHARE} of the limit.
     */
    @Override
    public final PlanResult plan(Workflow workflow, PlanEvaluator evaluator, PlanRequest request, TimeBudget budget) {
        long start = budget.now();
        int full = evaluator.options().samples();
        int samples = searchSamples(workflow, evaluator, request, budget, full);
        PlanEvaluator searched = samples < full ? evaluator.withSamples(samples) : evaluator;
        samples = searched.options().samples();
        PlanResult result = planDrawn(workflow, searched, request, budget, start);
        return samples < full ? reevaluated(result, evaluator, samples, budget) : result;
    }

    /**
     * The largest samples of {@link #SAMPLE_SCHEDULE} (at most {@code full}) whose drawing fits in the draw share of
     * the budget's nominal limit; the smallest of the schedule when none does. Deterministic: from the candidates' count.
     */
    int searchSamples(Workflow workflow, PlanEvaluator evaluator, PlanRequest request, TimeBudget budget, int full) {
        double units = 0;
        for (Orchestration o : orchestrations(workflow)) {
            units += Space.counting(() -> space(workflow, evaluator.groupModel(o), request)).drawUnits;
        }
        double allowed = budget.limitSeconds() * Work.DRAW_SHARE * Work.DRAW_UNITS_PER_SECOND;
        if (units * full <= allowed) {
            return full;
        }
        int pick = SAMPLE_SCHEDULE[SAMPLE_SCHEDULE.length - 1];
        for (int n : SAMPLE_SCHEDULE) {
            if (n < full && units * n <= allowed) {
                pick = n;
                break;
            }
        }
        Trace.log("sample schedule: %.3g draw units per request, %d requests per candidate instead of %d", units, pick,
                full);
        return Math.min(pick, full);
    }

    /** The orchestrations searched: the platform's, or one search without any (null). */
    private static List<Orchestration> orchestrations(Workflow workflow) {
        List<Orchestration> choices = workflow.platform().orchestrations();
        return choices.size() <= 1 ? Collections.singletonList(null) : choices;
    }

    /**
     * The plan found by a search that drew {@code samples} requests, with the full model's numbers when evaluating it
     * again fits in the budget (its solver info records the search's samples either way).
     */
    static PlanResult reevaluated(PlanResult result, PlanEvaluator full, int samples, TimeBudget budget) {
        if (!(result instanceof PlanResult.Planned p)) {
            return result;
        }
        dev.dagfuse.model.Plan plan = p.plan();
        dev.dagfuse.model.SolverInfo info = plan.solver().searchedWith(samples);
        double units = 0;
        for (dev.dagfuse.model.PlanGroup g : plan.groups()) {
            units += (double) g.fanOut() * g.functions().size();
        }
        boolean fits = units * full.options().samples() <= budget.limitSeconds() * Work.REEVALUATE_SHARE
                * Work.DRAW_UNITS_PER_SECOND;
        dev.dagfuse.model.Plan withInfo = new dev.dagfuse.model.Plan(plan.workflow(), plan.objective(), plan.groups(),
                plan.predicted(), info, plan.orchestration());
        if (!fits || budget.stopByWallClock()) {
            if (fits) {
                withInfo = new dev.dagfuse.model.Plan(plan.workflow(), plan.objective(), plan.groups(), plan.predicted(),
                        info.stoppedBy(dev.dagfuse.model.SolverInfo.WALL_CLOCK), plan.orchestration());
            }
            return new PlanResult.Planned(withInfo, p.evaluation());
        }
        return Outcomes.planned(full, new dev.dagfuse.model.Plan(plan.workflow(), plan.objective(), plan.groups(), null,
                info, plan.orchestration()));
    }

    private PlanResult planDrawn(Workflow workflow, PlanEvaluator evaluator, PlanRequest request, TimeBudget budget,
                                 long start) {
        List<Orchestration> choices = workflow.platform().orchestrations();
        if (choices.size() <= 1) {
            try {
                // the search draws too (refined spaces): the same deadline holds for it
                return Space.drawingUntil(budget, () -> plan(space(workflow, evaluator.groupModel(), request),
                        evaluator, request, Work.forSearch(budget, start)));
            } catch (Space.OutOfTime e) {
                budget.stopByWallClock();
                return PlanResult.Infeasible.outOfTime(e.getMessage());
            }
        }
        // the searches are independent (each its own group model, space and solver; the model's caches hold values
        // that do not depend on who drew them), so they run at once; their results are combined in the platform's order
        List<Thread> threads = new ArrayList<>();
        List<PlanResult> results = new ArrayList<>(Collections.nCopies(choices.size(), null));
        List<Throwable> failures = new ArrayList<>(Collections.nCopies(choices.size(), null));
        for (int i = 0; i < choices.size(); i++) {
            int index = i;
            Orchestration o = choices.get(i);
            Thread t = new Thread(() -> {
                try {
                    // the drawing deadline is per thread (Space.drawingUntil), so each search sets its own
                    results.set(index, Space.drawingUntil(budget, () -> plan(space(workflow,
                            evaluator.groupModel(o), request), evaluator, request, Work.forSearch(budget, start))));
                } catch (RuntimeException | Error e) {
                    failures.set(index, e);
                }
            }, "dagfuse-plan-" + o.yamlName());
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                threads.forEach(Thread::interrupt);
                throw new IllegalStateException("Interrupted while planning.", e);
            }
        }
        PlanResult best = null;
        for (int i = 0; i < choices.size(); i++) {
            Throwable failure = failures.get(i);
            if (failure instanceof Space.OutOfTime late) {
                budget.stopByWallClock();
                return PlanResult.Infeasible.outOfTime(late.getMessage());
            }
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            best = best == null ? results.get(i) : better(request, best, results.get(i));
        }
        return best;
    }

    /** Of two results for the same request, the better (an earlier one on a tie); its status says whether both were proven. */
    static PlanResult better(PlanRequest request, PlanResult a, PlanResult b) {
        PlanResult winner;
        if (a instanceof PlanResult.Planned pa && b instanceof PlanResult.Planned pb) {
            winner = score(request, pb) < score(request, pa) ? b : a;
        } else if (a instanceof PlanResult.Planned) {
            winner = a;
        } else if (b instanceof PlanResult.Planned) {
            winner = b;
        } else {
            PlanResult.Infeasible ia = (PlanResult.Infeasible) a;
            PlanResult.Infeasible ib = (PlanResult.Infeasible) b;
            if (ia.nearest() == null) {
                return ib;
            }
            if (ib.nearest() == null) {
                return ia;
            }
            double qa = ia.nearestEvaluation().predicted().percentileMs(request.objective().percentile());
            double qb = ib.nearestEvaluation().predicted().percentileMs(request.objective().percentile());
            // the faster nearest plan under a target (on a tie, the cheaper: both searches may reach the fastest plan)
            double ca = ia.nearestEvaluation().predicted().meanCostUsd();
            double cb = ib.nearestEvaluation().predicted().meanCostUsd();
            return request.objective() instanceof dev.dagfuse.model.Objective.Latency && (qb < qa || qb == qa && cb < ca)
                    ? ib
                    : request.objective() instanceof dev.dagfuse.model.Objective.Budget
                    && ib.nearestEvaluation().predicted().meanCostUsd() < ia.nearestEvaluation().predicted().meanCostUsd()
                    ? ib : ia;
        }
        PlanResult.Planned w = (PlanResult.Planned) winner;
        PlanResult other = winner == a ? b : a;
        dev.dagfuse.model.SolverInfo s = w.plan().solver();
        // a search the time limit stopped makes the combined result "best so far" too
        String otherStop = other instanceof PlanResult.Planned po ? po.plan().solver().stoppedBy() : null;
        if (otherStop != null && s.stoppedBy() == null) {
            s = s.stoppedBy(otherStop);
        }
        boolean bothProven = "OPTIMAL".equals(s.status()) && (other instanceof PlanResult.Infeasible
                || "OPTIMAL".equals(((PlanResult.Planned) other).plan().solver().status()));
        if (!bothProven && "OPTIMAL".equals(s.status())) {
            // the other orchestration's search ended unproven: the winner is only proven best within its own
            s = s.withStatus("FEASIBLE", ((PlanResult.Planned) other).plan().solver().gap());
        }
        if (s.equals(w.plan().solver())) {
            return w;
        }
        dev.dagfuse.model.Plan plan = w.plan();
        return new PlanResult.Planned(new dev.dagfuse.model.Plan(plan.workflow(), plan.objective(), plan.groups(),
                plan.predicted(), s, plan.orchestration()), w.evaluation());
    }

    private static double score(PlanRequest request, PlanResult.Planned p) {
        return request.objective() instanceof dev.dagfuse.model.Objective.Latency
                ? p.evaluation().predicted().meanCostUsd()
                : p.evaluation().predicted().percentileMs(request.objective().percentile());
    }

    /**
     * The candidates this planner searches under one orchestration's group model: which of them it draws, and when
     * (see {@link Space.Selection}).
     */
    abstract Space space(Workflow workflow, GroupModel model, PlanRequest request);

    PlanResult plan(Space space, PlanEvaluator evaluator, PlanRequest request, Work work) {
        List<String> unplaceable = space.unplaceable();
        if (!unplaceable.isEmpty()) {
            return Outcomes.noPlan(space, unplaceable);
        }
        PlanResult r = search(space, evaluator, request, work);
        if (r instanceof PlanResult.Infeasible i && !i.outOfTime() && work.stoppedBy() != null) {
            // "no plan meets the objective" from a search the limit stopped is not a proof: out of time (exit 1), with
            // the nearest plan found kept
            return new PlanResult.Infeasible(i.reason() + " The search stopped at the time limit before proving that "
                    + "no plan meets it; raise --time-limit.", i.nearest(), i.nearestEvaluation(), true);
        }
        if (r instanceof PlanResult.Planned p && work.stoppedBy() != null) {
            dev.dagfuse.model.Plan plan = p.plan();
            return new PlanResult.Planned(new dev.dagfuse.model.Plan(plan.workflow(), plan.objective(), plan.groups(),
                    plan.predicted(), plan.solver().stoppedBy(work.stoppedBy()), plan.orchestration()), p.evaluation());
        }
        return r;
    }
}
