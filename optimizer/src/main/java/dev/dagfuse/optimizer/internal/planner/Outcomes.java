// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.optimizer.Evaluation;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanResult;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turning a chosen set of options into results, and the wording of infeasibility. */
public final class Outcomes {

    /** Why a search that ran out of time returns no plan. */
    static final String OUT_OF_TIME = "No plan was found within the time limit; one may exist. Raise --time-limit.";

    private Outcomes() {
    }

    static Plan plan(Space space, List<Space.Option> chosen, Objective objective, SolverInfo info) {
        return new Plan(space.workflow.name(), objective, space.groups(chosen), null, info, space.model.orchestration());
    }

    /** The plan with the full model's numbers attached. */
    public static PlanResult.Planned planned(PlanEvaluator evaluator, Plan plan) {
        Evaluation e = evaluator.evaluate(plan);
        return new PlanResult.Planned(plan.withPredicted(e.predicted()), e);
    }

    /** Whether an evaluated plan meets the objective and breaks no hard limit of the platform. */
    static boolean meets(Objective objective, Evaluation evaluation) {
        return evaluation.violations().isEmpty() && meets(objective, evaluation.predicted());
    }

    static boolean meets(Objective objective, Predicted predicted) {
        if (objective instanceof Objective.Latency l) {
            return predicted.percentileMs(l.percentile()) <= l.targetMs();
        }
        return predicted.meanCostUsd() <= ((Objective.Budget) objective).budgetUsd();
    }

    /** "P95", "P99.9". */
    public static String label(double percentile) {
        return Objective.percentileKey(percentile).toUpperCase(Locale.ROOT);
    }

    /** "$0.000310": three significant digits, plain notation. */
    public static String usd(double value) {
        if (value == 0) {
            return "$0";
        }
        return "$" + new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    static PlanResult.Infeasible noPlan(Space space, List<String> unplaceable) {
        String f = unplaceable.get(0);
        for (Map.Entry<Integer, String> v : space.violations.entrySet()) {
            if (space.segments.get(v.getKey()).functions().contains(f)) {
                return new PlanResult.Infeasible("No plan exists: the function (" + f + ") breaks a limit of the "
                        + "platform at every size it fits (alone or fused, at any bundle size). " + v.getValue(),
                        null, null);
            }
        }
        int min = space.workflow.platform().memoryMinMB();
        int max = space.workflow.platform().memoryMaxMB();
        List<Integer> asked = space.request.memoryOptionsMB();
        if (!asked.isEmpty() && asked.stream().allMatch(m -> m < min || m > max)) {
            return new PlanResult.Infeasible("No plan exists: none of the memory sizes " + asked + " MB lies within the "
                    + "platform's " + min + ".." + max + " MB (" + space.workflow.platform().name() + "). Give sizes in "
                    + "that range with --memory-options.", null, null);
        }
        String sizes = asked.isEmpty() ? "any memory size the platform allows" : "the memory sizes " + asked + " MB";
        return new PlanResult.Infeasible("No plan exists: the function (" + f + ") fits none of " + sizes
                + " (alone or fused, at any bundle size): its peak memory needs more. Maybe allow larger sizes with"
                + " --memory-options or the platform's memoryMaxMB.", null, null);
    }

    static PlanResult.Infeasible tooSlow(Objective.Latency objective, PlanResult.Planned fastest, String who) {
        double reached = fastest.evaluation().predicted().percentileMs(objective.percentile());
        return new PlanResult.Infeasible(String.format(Locale.ROOT,
                "No plan meets %s ≤ %s: the fastest plan%s reaches %s %s at %s per request.",
                label(objective.percentile()), Quantities.formatMs(objective.targetMs()), who.isEmpty() ? "" : " " + who,
                label(objective.percentile()), Quantities.formatMs(reached),
                usd(fastest.evaluation().predicted().meanCostUsd())), fastest.plan(), fastest.evaluation());
    }

    static PlanResult.Infeasible overBudget(Objective.Budget objective, PlanResult.Planned cheapest, String who) {
        Predicted p = cheapest.evaluation().predicted();
        return new PlanResult.Infeasible(String.format(Locale.ROOT,
                "No plan costs ≤ %s per request: the cheapest plan%s costs %s per request (%s %s).",
                usd(objective.budgetUsd()), who.isEmpty() ? "" : " " + who, usd(p.meanCostUsd()), label(objective.percentile()),
                Quantities.formatMs(p.percentileMs(objective.percentile()))), cheapest.plan(), cheapest.evaluation());
    }
}
