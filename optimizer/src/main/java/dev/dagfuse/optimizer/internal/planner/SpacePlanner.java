package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;

import java.util.List;

/** A planner over the candidate {@link Space}; the space can be reused across objectives (e.g. a Pareto sweep). */
abstract class SpacePlanner implements Planner {

    /** Searches {@code space} (built for the same workflow, model and search options) for {@code request}'s objective. */
    abstract PlanResult search(Space space, PlanEvaluator evaluator, PlanRequest request, long start);

    @Override
    public final PlanResult plan(Workflow workflow, PlanEvaluator evaluator, PlanRequest request) {
        long start = System.nanoTime();
        return plan(space(workflow, evaluator, request), evaluator, request, start);
    }

    /**
     * When a search started at {@code start} (before drawing the candidates) must stop: the time limit covers drawing
     * and searching, but when drawing alone took most of it the search still gets a quarter of the limit.
     */
    static long deadline(PlanRequest request, long start) {
        long limit = request.timeLimit().toNanos();
        return Math.max(start + limit, System.nanoTime() + limit / 4);
    }

    /** The candidates this planner searches: which of them it draws, and when (see {@link Space.Selection}). */
    abstract Space space(Workflow workflow, PlanEvaluator evaluator, PlanRequest request);

    PlanResult plan(Space space, PlanEvaluator evaluator, PlanRequest request, long start) {
        List<String> unplaceable = space.unplaceable();
        if (!unplaceable.isEmpty()) {
            return Outcomes.noPlan(space, unplaceable);
        }
        return search(space, evaluator, request, start);
    }
}
