// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A planner over the candidate {@link Space}; the space can be reused across objectives (e.g. a Pareto sweep). */
abstract class SpacePlanner implements Planner {

    /** Searches {@code space} (built for the same workflow, model and search options) for {@code request}'s objective. */
    abstract PlanResult search(Space space, PlanEvaluator evaluator, PlanRequest request, long start);

    /**
     * Searches under each orchestration the platform offers ({@code platform.orchestration: auto}: Standard and
     * Express) and keeps the better plan: the cheaper one under a target, the faster one under a budget; each search is
     * exact over its own space, so the better of them is exact over both. With one orchestration (or none), one search.
     */
    @Override
    public final PlanResult plan(Workflow workflow, PlanEvaluator evaluator, PlanRequest request) {
        long start = System.nanoTime();
        long drawUntil = drawingDeadline(request, start);
        List<Orchestration> choices = workflow.platform().orchestrations();
        if (choices.size() <= 1) {
            try {
                Space space = Space.drawingUntil(drawUntil, () -> space(workflow, evaluator.groupModel(), request));
                return plan(space, evaluator, request, start);
            } catch (Space.OutOfTime e) {
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
                    Space space = Space.drawingUntil(drawUntil, () -> space(workflow, evaluator.groupModel(o), request));
                    results.set(index, plan(space, evaluator, request, start));
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
        boolean bothProven = "OPTIMAL".equals(w.plan().solver().status()) && (other instanceof PlanResult.Infeasible
                || "OPTIMAL".equals(((PlanResult.Planned) other).plan().solver().status()));
        if (bothProven || !"OPTIMAL".equals(w.plan().solver().status())) {
            return w;
        }
        // the other orchestration's search ended unproven: the winner is only proven best within its own
        dev.dagfuse.model.SolverInfo s = w.plan().solver();
        dev.dagfuse.model.Plan plan = w.plan();
        return new PlanResult.Planned(new dev.dagfuse.model.Plan(plan.workflow(), plan.objective(), plan.groups(),
                plan.predicted(), new dev.dagfuse.model.SolverInfo(s.name(), "FEASIBLE", s.wallMs(), s.iterations(),
                ((PlanResult.Planned) other).plan().solver().gap()), plan.orchestration()), w.evaluation());
    }

    private static double score(PlanRequest request, PlanResult.Planned p) {
        return request.objective() instanceof dev.dagfuse.model.Objective.Latency
                ? p.evaluation().predicted().meanCostUsd()
                : p.evaluation().predicted().percentileMs(request.objective().percentile());
    }

    /**
     * When a search started at {@code start} (before drawing the candidates) must stop: the time limit covers drawing
     * and searching (drawing stops at twice the limit: {@link #drawingDeadline}), but when drawing took most of it the
     * search still gets a quarter of the limit.
     */
    static long deadline(PlanRequest request, long start) {
        long limit = request.timeLimit().toNanos();
        return Math.max(start + limit, System.nanoTime() + limit / 4);
    }

    /**
     * When drawing the candidates must stop (then no plan: {@link Space.OutOfTime}): at twice the time limit, so that
     * a limit is honoured within a factor of two (plus one candidate's draws) whatever the inputs, while a busy machine
     * still gets a plan from a limit that usually suffices. The exhaustive planner, the exact reference, draws every
     * candidate whatever the time: its combination limit bounds its work.
     */
    long drawingDeadline(PlanRequest request, long start) {
        long limit = request.timeLimit().toNanos();
        return limit > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : start + 2 * limit;
    }

    /**
     * The candidates this planner searches under one orchestration's group model: which of them it draws, and when
     * (see {@link Space.Selection}).
     */
    abstract Space space(Workflow workflow, GroupModel model, PlanRequest request);

    PlanResult plan(Space space, PlanEvaluator evaluator, PlanRequest request, long start) {
        List<String> unplaceable = space.unplaceable();
        if (!unplaceable.isEmpty()) {
            return Outcomes.noPlan(space, unplaceable);
        }
        return search(space, evaluator, request, start);
    }
}
