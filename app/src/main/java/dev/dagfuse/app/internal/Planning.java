// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.CompareService;
import dev.dagfuse.app.EvaluatedPlan;
import dev.dagfuse.app.ObjectiveChoice;
import dev.dagfuse.app.ParetoService;
import dev.dagfuse.app.PlanService;
import dev.dagfuse.app.RequestException;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;
import dev.dagfuse.optimizer.TimeBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plan, pareto and compare: load, resolve the objective, model, search. */
public final class Planning implements PlanService, ParetoService, CompareService {

    @Override
    public PlanService.Result plan(PlanService.Request request) {
        // one budget for the whole command: reading, drawing, searching and the final evaluations
        TimeBudget budget = TimeBudget.start(request.search().timeLimit());
        Inputs.Loaded in = Inputs.loadForModel(request.workflowFile(), request.profileFile());
        Objective objective = objective(request.objective(), in.workflow());
        Session session = new Session(in, Session.drawn(request.draws(), null).withPercentile(objective.percentile()));
        Planner planner = Session.planner(request.search().solver());
        // the planner gets most of the limit; the rest is for the baselines and the waterfall shown beside its plan
        PlanResult result = session.plan(planner, Session.request(objective, request.search()),
                budget.slice(PLANNER_SHARE));
        if (result instanceof PlanResult.Infeasible late && late.outOfTime()) {
            // out of time already: nothing is shown next to the as-deployed plan, so it is not drawn
            return new Infeasible(session.context(), objective, late.reason(), null, null, null, true);
        }
        // the baselines are drawn as the plan's prediction was (fewer requests when it could not be evaluated again)
        Session shown = session.drawingAs(result);
        EvaluatedPlan asDeployed = shown.asDeployed(objective);
        EvaluatedPlan other = shown.asDeployedOtherOrchestration(objective);
        if (result instanceof PlanResult.Planned planned) {
            // the waterfall evaluates several plans: left out when the limit has passed (the output then shows none)
            List<PlanService.Move> waterfall = budget.stopByWallClock() ? List.of() : shown.waterfall(planned.plan());
            if (request.planFile() != null) {
                ModelFiles.writePlan(planned.plan(), request.planFile());
            }
            return new Planned(shown.context(), objective, new EvaluatedPlan(planned.plan(), planned.evaluation()),
                    asDeployed, other, waterfall, request.planFile());
        }
        PlanResult.Infeasible infeasible = (PlanResult.Infeasible) result;
        EvaluatedPlan nearest = infeasible.nearest() == null ? null
                : shown.evaluated(infeasible.nearest(), infeasible.nearestEvaluation());
        return new Infeasible(shown.context(), objective, infeasible.reason(), nearest, asDeployed, other,
                infeasible.outOfTime());
    }

    @Override
    public ParetoService.Result pareto(ParetoService.Request request) {
        TimeBudget budget = TimeBudget.start(request.search().timeLimit());
        Inputs.Loaded in = Inputs.loadForModel(request.workflowFile(), request.profileFile());
        double percentile = percentile(request.percentile(), in.workflow());
        Session session = new Session(in, Session.drawn(request.draws(), null).withPercentile(percentile));
        Planner planner = Session.planner(request.search().solver());
        Planners.Frontier found;
        try {
            // the sweep sets its own targets; the request carries the percentile and the search options
            PlanRequest base = Session.request(new Objective.Latency(percentile, 1e15), request.search());
            found = Planners.pareto(planner, in.workflow(), session.evaluator(), base, request.points(), budget);
        } catch (IllegalArgumentException e) {
            throw new RequestException(e.getMessage());
        }
        List<PlanResult.Planned> sweep = found.plans();
        List<EvaluatedPlan> frontier = new ArrayList<>();
        for (int i = 0; i < sweep.size(); i++) {
            frontier.add(new EvaluatedPlan(sweep.get(i).plan(), sweep.get(i).evaluation()));
            if (request.planDirectory() != null) {
                ModelFiles.writePlan(sweep.get(i).plan(), request.planDirectory()
                        .resolve(String.format(Locale.ROOT, "point-%02d.json", i + 1)));
            }
        }
        return new ParetoService.Result(session.context(), percentile, frontier, found.searched(), found.dropped(),
                found.stoppedBy());
    }

    @Override
    public CompareService.Result compare(CompareService.Request request) {
        TimeBudget budget = TimeBudget.start(request.search().timeLimit());
        Inputs.Loaded in = Inputs.loadForModel(request.workflowFile(), request.profileFile());
        Objective objective = objective(request.objective(), in.workflow());
        Session session = new Session(in, Session.drawn(request.draws(), null).withPercentile(objective.percentile()));
        PlanRequest planRequest = Session.request(objective, request.search());
        Workflow workflow = in.workflow();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("as deployed", session.asDeployed(objective), null));
        List<String> names = List.of("power tuning", "greedy", "cp-sat");
        List<String> missing = new ArrayList<>();
        NoPlan last = null;
        for (String name : names) {
            // the three planners share the one limit, in fixed parts (deterministic work allowances)
            TimeBudget part = budget.slice(COMPARE_SHARES.get(name));
            PlanResult result = name.equals("power tuning")
                    ? Planners.powerTuned(workflow, session.evaluator(), planRequest, part)
                    : Planners.byName(name).plan(workflow, session.evaluator(), planRequest, part);
            if (result instanceof PlanResult.Planned p) {
                rows.add(new Row(name, new EvaluatedPlan(p.plan(), p.evaluation()), null));
            } else {
                PlanResult.Infeasible inf = (PlanResult.Infeasible) result;
                if (inf.nearest() == null) {
                    if (!inf.outOfTime()) {
                        return new NoPlan(inf.reason(), false); // no plan at all: the same for every planner
                    }
                    // out of its share of the limit: the others are still compared
                    missing.add(name + ": " + inf.reason());
                    last = new NoPlan(inf.reason(), true);
                    continue;
                }
                rows.add(new Row(name, session.evaluated(inf.nearest(), inf.nearestEvaluation()), "nearest plan"));
            }
        }
        if (rows.size() == 1) {
            return last; // only as deployed: nothing to compare it with
        }
        return new Compared(session.context(), objective, rows, missing);
    }

    /** plan's part of the limit for the planner (drawing and searching). */
    private static final double PLANNER_SHARE = 0.85;

    /** compare's parts of the limit: cp-sat, the planner compared, gets half. */
    private static final java.util.Map<String, Double> COMPARE_SHARES = java.util.Map.of("power tuning", 0.15,
            "greedy", 0.25, "cp-sat", 0.5);

    /** The objective a request chose, resolved against the workflow. */
    static Objective objective(ObjectiveChoice choice, Workflow workflow) {
        try {
            if (choice instanceof ObjectiveChoice.Latency l) {
                return new Objective.Latency(percentile(l.percentile(), workflow), l.targetMs());
            }
            if (choice instanceof ObjectiveChoice.Budget b) {
                return new Objective.Budget(b.budgetUsd(), percentile(b.percentile(), workflow));
            }
        } catch (IllegalArgumentException e) {
            throw new RequestException(e.getMessage());
        }
        Objective declared = workflow.objective();
        if (declared == null) {
            throw new RequestException("The workflow (" + workflow.name() + ") declares no objective:"
                    + " give --p95 3s, --percentile 99 --target 5s or --budget 0.00025, or add objective: to it.");
        }
        Double percentile = choice.percentile();
        if (percentile != null && percentile != declared.percentile()) {
            throw new RequestException("--percentile " + percentile + " needs --target or --budget"
                    + " (the workflow's objective is about P" + declared.percentile() + ").");
        }
        return declared;
    }

    /** The given percentile, else the workflow objective's, else 95. */
    static double percentile(Double given, Workflow workflow) {
        if (given != null) {
            return given;
        }
        return workflow.objective() != null ? workflow.objective().percentile() : 95.0;
    }
}
