package dev.dagfuse.check;

import dev.dagfuse.model.CostUnit;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;
import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The check as {@code dagfuse check} and the Maven plugin run it: load the workflow and its profile, re-plan it
 * (or take the given plan), evaluate with the baseline's model settings (same seed, samples and percentiles), and
 * compare with the baseline.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * The workflow's numbers now.
     *
     * @param snapshot the plan evaluated now, with what the numbers were computed from
     * @param failures problems that fail a check by themselves (the objective can no longer be met)
     * @param notes what the reader should know (the plan was re-planned by which solver, a missed target)
     * @param workflow the workflow read
     * @param profile the profile used
     * @param profileFile the profile file, or {@code null} for inline profiles only
     */
    public record Current(Snapshot snapshot, List<String> failures, List<String> notes, Workflow workflow,
                          Profile profile, Path profileFile) {
        public Current {
            failures = List.copyOf(failures);
            notes = List.copyOf(notes);
        }
    }

    /** Compares the workflow now with the baseline. Bad input is an {@link InputException}. */
    public static Outcome check(CheckRequest request) {
        Snapshot baseline = BaselineFiles.read(request.baselineFile());
        // the cheap check first: the workflow's name, before any planning
        String name = ModelFiles.readWorkflow(request.workflowFile()).name();
        if (!baseline.workflow().equals(name)) {
            throw new InputException(request.baselineFile().toString(), "workflow", "The baseline is for workflow ("
                    + baseline.workflow() + "), not for (" + name + ") of " + request.workflowFile()
                    + ". Give that workflow's baseline, or write one with --write-baseline.");
        }
        Current current = current(request.workflowFile(), request.profileFile(), request.planFile(), request.solver(),
                request.timeLimit(), baseline, ModelOptions.defaults());
        CheckResult result = RegressionCheck.compare(baseline, current.snapshot(), request.tolerances(),
                current.failures(), current.notes(), costUnit(current.workflow()));
        return new Outcome(result, current);
    }

    /** The unit of the workflow's costs: core-seconds on {@code platform: local}, else USD. */
    public static MetricCheck.Unit costUnit(Workflow workflow) {
        return workflow.platform().costUnit() == CostUnit.USD ? MetricCheck.Unit.USD : MetricCheck.Unit.CORE_SECONDS;
    }

    /**
     * The result of a check and the numbers now (e.g. to write them as the next baseline).
     *
     * @param result the comparison
     * @param current the workflow's numbers now
     */
    public record Outcome(CheckResult result, Current current) {
    }

    /**
     * Evaluates the workflow now: the given plan, or a new plan for the workflow's objective (else the baseline's).
     * With a baseline, its model settings are used, so that the numbers are comparable; without one (or for a plan
     * file as baseline), {@code defaults}.
     */
    public static Current current(Path workflowFile, Path profileFile, Path planFile, String solver, Duration timeLimit,
                                  Snapshot baseline, ModelOptions defaults) {
        Inputs.Loaded in = Inputs.loadForModel(workflowFile, profileFile);
        Workflow workflow = in.workflow();
        Objective objective = workflow.objective() != null ? workflow.objective()
                : baseline == null ? null : baseline.plan().objective();
        ModelOptions options = baseline != null && baseline.model() != null ? baseline.model() : defaults;
        if (baseline != null) {
            for (double p : baseline.predicted().latencyMs().keySet()) {
                options = options.withPercentile(p);
            }
        }
        if (objective != null) {
            options = options.withPercentile(objective.percentile());
        }
        PlanEvaluator evaluator = Models.monteCarlo(workflow, in.profile(), options);
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Plan plan;
        Evaluation evaluation;
        if (planFile != null) {
            plan = ModelFiles.readPlan(planFile, workflow);
            evaluation = evaluator.evaluate(plan);
            notes.add("The plan is " + planFile + ", evaluated now.");
            if (objective instanceof Objective.Latency l) {
                double reached = evaluation.predicted().percentileMs(l.percentile());
                if (reached > l.targetMs() + 1e-9) {
                    notes.add("The plan misses the objective " + RegressionCheck.objective(l) + ": it reaches "
                            + Formats.ms(reached) + ".");
                }
            }
        } else {
            if (objective == null) {
                throw new InputException(workflowFile.toString(), "objective", "There is nothing to re-plan for: the "
                        + "workflow has no objective (and the baseline's plan none). Add objective: latency: "
                        + "{percentile: 95, target: 3s}, or give the plan to check with --plan.");
            }
            Planner planner;
            try {
                planner = Planners.byName(solver);
            } catch (IllegalArgumentException e) {
                throw new InputException(null, "", e.getMessage());
            }
            PlanResult result;
            try {
                result = planner.plan(workflow, evaluator, PlanRequest.of(objective).withTimeLimit(timeLimit));
            } catch (IllegalArgumentException e) {
                // the request cannot be searched, e.g. too large for the exhaustive planner
                throw new InputException(workflowFile.toString(), "", e.getMessage());
            }
            if (result instanceof PlanResult.Planned planned) {
                plan = planned.plan();
                evaluation = planned.evaluation();
                notes.add("Re-planned with " + planner.name() + " for " + RegressionCheck.objective(objective) + ".");
                String status = plan.solver() == null ? null : plan.solver().status();
                if (status != null && !"OPTIMAL".equals(status)) {
                    notes.add("The planner's status is " + status + " (not proven optimal, e.g. its time limit was "
                            + "reached): re-planning may not give the same plan every time; raise the time limit or "
                            + "check a committed plan with --plan.");
                }
            } else {
                PlanResult.Infeasible infeasible = (PlanResult.Infeasible) result;
                String failure = "The objective " + RegressionCheck.objective(objective) + " can no longer be met ("
                        + infeasible.reason().replaceAll("\\s+", " ").replaceAll("\\.$", "") + ").";
                if (infeasible.nearest() == null) {
                    throw new NoPlanException(failure);
                }
                failures.add(failure);
                plan = infeasible.nearest();
                evaluation = infeasible.nearestEvaluation() != null ? infeasible.nearestEvaluation()
                        : evaluator.evaluate(plan);
                notes.add("The objective cannot be met: compared is the plan nearest to it (the fastest for a latency "
                        + "target, the cheapest for a budget), from " + planner.name() + ".");
            }
        }
        Snapshot snapshot = snapshot(workflow, in.profile(), plan, evaluation, options);
        return new Current(snapshot, failures, notes, workflow, in.profile(), in.profileFile());
    }

    /** A snapshot of a plan's evaluation: what {@code --write-baseline} writes. */
    public static Snapshot snapshot(Workflow workflow, Profile profile, Plan plan, Evaluation evaluation,
                                    ModelOptions options) {
        List<GroupNumbers> groups = evaluation.groups().stream()
                .map(g -> new GroupNumbers(g.groupId(), g.latencyMs(), g.meanCostUsd())).toList();
        return new Snapshot(workflow.name(), Hashes.workflow(workflow), Hashes.profile(profile), profile.source(),
                ModelVersion.current(), options, plan.withPredicted(evaluation.predicted()), groups);
    }

    /** No plan exists at all (a function fits no memory size): the check fails without numbers to compare. */
    public static final class NoPlanException extends RuntimeException {
        public NoPlanException(String message) {
            super(message);
        }
    }
}
