// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.EvaluatedPlan;
import dev.dagfuse.app.internal.render.Units;
import dev.dagfuse.check.BaselineFiles;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.MetricCheck;
import dev.dagfuse.check.RegressionCheck;
import dev.dagfuse.check.Snapshot;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The check as {@code dagfuse check} and the Maven plugin run it: load the workflow and its profile, re-plan it (or
 * take the given plan), evaluate with the baseline's model settings (same seed, samples and percentiles), and compare
 * with the baseline.
 */
public final class Checking implements CheckService {

    /**
     * The workflow's numbers now.
     *
     * @param snapshot the plan evaluated now, with what the numbers were computed from
     * @param failures problems that fail a check by themselves (the objective can no longer be met)
     * @param notes what the reader should know (the plan was re-planned by which solver, a missed target)
     * @param workflow the workflow read
     */
    private record Current(Snapshot snapshot, List<String> failures, List<String> notes, Workflow workflow) {
    }

    /** No plan exists at all: the check fails without numbers. */
    private static final class NoPlanFound extends RuntimeException {
        NoPlanFound(String message) {
            super(message);
        }
    }

    @Override
    public Result check(Request request) {
        try {
            if (request.baselineFile() == null) {
                return write(current(request, null, Session.drawn(request.draws(), null)), request.writeBaseline());
            }
            Snapshot baseline = BaselineFiles.read(request.baselineFile());
            // the cheap check first: the workflow's name, before any planning
            String name = ModelFiles.readWorkflow(request.workflowFile()).name();
            if (!baseline.workflow().equals(name)) {
                throw new InputException(request.baselineFile().toString(), "workflow", "The baseline is for workflow ("
                        + baseline.workflow() + "), not for (" + name + ") of " + request.workflowFile()
                        + ". Give that workflow's baseline, or write one with --write-baseline.");
            }
            Current current = current(request, baseline, ModelOptions.defaults());
            CheckResult result = RegressionCheck.compare(baseline, current.snapshot(), request.tolerances(),
                    current.failures(), current.notes(), MetricCheck.Unit.of(current.workflow().platform().costUnit()));
            return new Checked(result, request.writeBaseline() == null ? null : write(current, request.writeBaseline()));
        } catch (NoPlanFound e) {
            return new NoPlan(e.getMessage());
        }
    }

    private static Written write(Current current, Path file) {
        BaselineFiles.write(current.snapshot(), file);
        return new Written(file, current.snapshot(), current.workflow().platform().costUnit(), current.failures());
    }

    /**
     * The workflow now: the given plan, or a new plan for the workflow's objective (else the baseline's). With a
     * baseline, its model settings are used, so that the numbers are comparable; without one (or for a plan file as
     * baseline), {@code defaults}.
     */
    private static Current current(Request request, Snapshot baseline, ModelOptions defaults) {
        Inputs.Loaded in = Inputs.loadForModel(request.workflowFile(), request.profileFile());
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
        Session session = new Session(in, options);
        Plan given = request.planFile() == null ? null : ModelFiles.readPlan(request.planFile(), workflow);
        PlanChoice choice = PlanChoice.choose(session, given, request.planFile(), objective, request.search(),
                request.workflowFile(), "There is nothing to re-plan for: the workflow has no objective (and the "
                        + "baseline's plan none). Add objective: latency: {percentile: 95, target: 3s}, or give the plan "
                        + "to check with --plan.");
        List<String> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (choice instanceof PlanChoice.Given g) {
            notes.add("The plan is " + g.file() + ", evaluated now.");
            if (objective instanceof Objective.Latency l) {
                double reached = g.plan().evaluation().predicted().percentileMs(l.percentile());
                if (reached > l.targetMs() + 1e-9) {
                    notes.add("The plan misses the objective " + RegressionCheck.objective(l) + ": it reaches "
                            + Units.msOrNone(reached) + ".");
                }
            }
        } else if (choice instanceof PlanChoice.Planned p) {
            notes.add("Re-planned with " + p.planner() + " for " + RegressionCheck.objective(objective) + ".");
            Plan plan = p.plan().plan();
            String status = plan.solver() == null ? null : plan.solver().status();
            if (status != null && !"OPTIMAL".equals(status)) {
                notes.add("The planner's status is " + status + " (not proven optimal, e.g. its time limit was "
                        + "reached): re-planning may not give the same plan every time; raise the time limit or "
                        + "check a committed plan with --plan.");
            }
        } else {
            String reason = choice instanceof PlanChoice.Nearest n ? n.reason() : ((PlanChoice.None) choice).reason();
            String failure = "The objective " + RegressionCheck.objective(objective) + " can no longer be met ("
                    + reason.replaceAll("\\s+", " ").replaceAll("\\.$", "") + ").";
            if (choice instanceof PlanChoice.None) {
                throw new NoPlanFound(failure);
            }
            failures.add(failure);
            notes.add("The objective cannot be met: compared is the plan nearest to it (the fastest for a latency "
                    + "target, the cheapest for a budget), from " + ((PlanChoice.Nearest) choice).planner() + ".");
        }
        EvaluatedPlan chosen = choice.plan();
        Snapshot snapshot = Snapshot.of(workflow, in.profile(), chosen.plan(), chosen.evaluation(), options);
        return new Current(snapshot, failures, notes, workflow);
    }
}
