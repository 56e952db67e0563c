// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.Draws;
import dev.dagfuse.app.EvaluatedPlan;
import dev.dagfuse.app.ModelContext;
import dev.dagfuse.app.PlanService;
import dev.dagfuse.app.RequestException;
import dev.dagfuse.app.Search;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;
import dev.dagfuse.optimizer.Plans;
import dev.dagfuse.optimizer.TimeBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A workflow and its profile with the model over them: the load → model step every service starts with, and the
 * plan → evaluate steps they share.
 */
final class Session {

    private final Inputs.Loaded in;
    private final ModelOptions options;
    private final PlanEvaluator evaluator;

    Session(Inputs.Loaded in, ModelOptions options) {
        this.in = in;
        this.options = options;
        checkMemory(in.workflow(), options.samples());
        this.evaluator = Models.monteCarlo(in.workflow(), in.profile(), options);
    }

    private Session(Inputs.Loaded in, ModelOptions options, PlanEvaluator evaluator) {
        this.in = in;
        this.options = options;
        this.evaluator = evaluator;
    }

    /**
     * This session drawing as many requests as {@code result}'s prediction (a planner that searched a large workflow
     * with fewer requests and had no time to evaluate its plan again at the full samples): so that the plan and its
     * baselines compare on the same draws. This session when the prediction drew as many as it does.
     */
    Session drawingAs(PlanResult result) {
        Plan plan = result instanceof PlanResult.Planned p ? p.plan()
                : result instanceof PlanResult.Infeasible i ? i.nearest() : null;
        if (plan == null || plan.predicted() == null || plan.predicted().model() == null
                || plan.predicted().model().samples() >= options.samples()) {
            return this;
        }
        int samples = plan.predicted().model().samples();
        return new Session(in, new ModelOptions(samples, options.seed(), options.percentiles(), options.ratePerSecond()),
                evaluator.withSamples(samples));
    }

    /** Refuses, before any work, draws that would not fit in this JVM's heap (instead of an OutOfMemoryError later). */
    static void checkMemory(Workflow workflow, int samples) {
        long needed = Models.memoryBytes(workflow, samples);
        long heap = Runtime.getRuntime().maxMemory();
        // the model's caches may take up to half of the heap
        if (needed > heap / 2) {
            int fits = (int) Math.max(1, Math.min(samples, (long) samples * (heap / 2) / needed / 1000 * 1000));
            throw new RequestException(String.format(Locale.ROOT, "Drawing %,d requests of workflow (%s) needs about %.1f "
                    + "GB of memory; this JVM may use %.1f GB, half of it for the draws. Maybe --samples %d, or a larger "
                    + "heap (e.g. DAGFUSE_JAVA_OPTS=-Xmx16g).", samples, workflow.name(), needed / 1e9, heap / 1e9,
                    Math.max(1, fits)));
        }
    }

    /** The model's settings from the request's draws, else what {@code plan} records (may be null), else defaults. */
    static ModelOptions drawn(Draws draws, Plan plan) {
        ModelOptions recorded = ModelOptions.defaults().withDrawsOf(plan);
        return new ModelOptions(draws.samples() != null ? draws.samples() : recorded.samples(),
                draws.seed() != null ? draws.seed() : recorded.seed(), recorded.percentiles(),
                draws.ratePerSecond() != null ? draws.ratePerSecond() : recorded.ratePerSecond());
    }

    /** The planner of that name; an unknown name is a {@link RequestException}. */
    static Planner planner(String solver) {
        try {
            return Planners.byName(solver);
        } catch (IllegalArgumentException e) {
            throw new RequestException(e.getMessage());
        }
    }

    /** The optimizer's request; options it refuses are a {@link RequestException}. */
    static PlanRequest request(Objective objective, Search search) {
        try {
            return new PlanRequest(objective, search.fusion(), search.bundling(), search.memoryOptionsMB(),
                    search.timeLimit(), search.threads(), search.gap());
        } catch (IllegalArgumentException e) {
            throw new RequestException(e.getMessage());
        }
    }

    Workflow workflow() {
        return in.workflow();
    }

    Inputs.Loaded inputs() {
        return in;
    }

    ModelOptions options() {
        return options;
    }

    PlanEvaluator evaluator() {
        return evaluator;
    }

    ModelContext context() {
        return new ModelContext(in.workflow(), in.profile(), in.profileFile(), options);
    }

    EvaluatedPlan evaluate(Plan plan) {
        return new EvaluatedPlan(plan, evaluator.evaluate(plan));
    }

    /** The plan with the numbers a planner gave it, else evaluated now. */
    EvaluatedPlan evaluated(Plan plan, Evaluation evaluation) {
        return evaluation != null ? new EvaluatedPlan(plan, evaluation) : evaluate(plan);
    }

    /** The as-deployed plan (no fusion, no bundling, every function at its memoryMB) for {@code objective}. */
    EvaluatedPlan asDeployed(Objective objective) {
        Plan declared = Plans.asDeployed(in.workflow());
        return evaluate(new Plan(declared.workflow(), objective, declared.groups(), null, declared.solver()));
    }

    /** The as-deployed plan under the platform's other orchestration, or {@code null} when it offers none. */
    EvaluatedPlan asDeployedOtherOrchestration(Objective objective) {
        Plan other = Plans.asDeployedUnderTheOtherOrchestration(in.workflow());
        return other == null ? null : evaluate(new Plan(other.workflow(), objective, other.groups(), null,
                other.solver(), other.orchestration()));
    }

    /** Where {@code plan}'s saving comes from, move by move ({@link Plans#waterfall}). */
    List<PlanService.Move> waterfall(Plan plan) {
        List<PlanService.Move> moves = new ArrayList<>();
        for (Plans.Step s : Plans.waterfall(in.workflow(), plan, evaluator)) {
            Plan p = s.plan();
            moves.add(new PlanService.Move(s.move(), new EvaluatedPlan(new Plan(p.workflow(), plan.objective(),
                    p.groups(), p.predicted(), p.solver(), p.orchestration()), s.evaluation())));
        }
        return moves;
    }

    /** Plans with {@code planner}; a request it refuses (e.g. too large for the exhaustive search) is a {@link RequestException}. */
    PlanResult plan(Planner planner, PlanRequest request, TimeBudget budget) {
        try {
            return planner.plan(in.workflow(), evaluator, request, budget);
        } catch (IllegalArgumentException e) {
            throw new RequestException(e.getMessage());
        }
    }
}
