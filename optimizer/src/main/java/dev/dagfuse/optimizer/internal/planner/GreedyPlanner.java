// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.SolverInfo;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.optimizer.GroupModel;
import dev.dagfuse.optimizer.PlanEvaluator;
import dev.dagfuse.optimizer.PlanRequest;
import dev.dagfuse.optimizer.PlanResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Best-first search in the style of ORION and WiseFuse: start with every function alone at its smallest size,
 * then repeatedly apply the single change (one memory step, one bundle step, or fusing two neighbours of a chain)
 * that best improves the objective. First towards feasibility (lower percentile under a target; lower cost
 * under a budget), then towards the objective while staying feasible. A baseline, not an optimizer.
 */
public final class GreedyPlanner extends SpacePlanner {

    public static final String NAME = "greedy";
    /** Moves beyond which the search stops (each move is one step; this is far above what workflows need). */
    private static final int MAX_MOVES = 100_000;

    @Override
    public String name() {
        return NAME;
    }


    /** A walk looks at a few neighbours of one plan at a time: candidates are drawn when first looked at. */
    @Override
    Space space(Workflow workflow, GroupModel model, PlanRequest request) {
        return new Space(workflow, model, request, Space.Selection.LAZY, Double.POSITIVE_INFINITY);
    }

    @Override
    PlanResult search(Space space, PlanEvaluator evaluator, PlanRequest request, Work work) {
        Objective objective = request.objective();
        Walk walk = new Walk(space, evaluator, objective.percentile(), work);
        if (objective instanceof Objective.Latency l) {
            boolean feasible = walk.climb(State::latency, s -> true, l.targetMs(), true);
            if (!feasible && work.stoppedBy() != null) {
                return PlanResult.Infeasible.outOfTime(Outcomes.OUT_OF_TIME); // stopped before it reached the target
            }
            if (!feasible) {
                return Outcomes.tooSlow(l, finish(evaluator, space, walk, objective, work), "found by greedy search");
            }
            walk.climb(State::cost, s -> s.latency() <= l.targetMs(), Double.NEGATIVE_INFINITY, false);
        } else {
            Objective.Budget b = (Objective.Budget) objective;
            boolean feasible = walk.climb(State::cost, s -> true, b.budgetUsd(), true);
            if (!feasible && work.stoppedBy() != null) {
                return PlanResult.Infeasible.outOfTime(Outcomes.OUT_OF_TIME);
            }
            if (!feasible) {
                return Outcomes.overBudget(b, finish(evaluator, space, walk, objective, work), "found by greedy search");
            }
            walk.climb(State::latency, s -> s.cost() <= b.budgetUsd(), Double.NEGATIVE_INFINITY, false);
        }
        return finish(evaluator, space, walk, objective, work);
    }

    private static PlanResult.Planned finish(PlanEvaluator evaluator, Space space, Walk walk, Objective objective,
                                             Work work) {
        long wallMs = work.wallMs();
        Plan plan = Outcomes.plan(space, walk.current.options(), objective,
                new SolverInfo(NAME, "FEASIBLE", wallMs, walk.moves, Double.NaN));
        return Outcomes.planned(evaluator, plan);
    }

    /** A plan in the walk with its numbers. */
    record State(List<Space.Option> options, double cost, double latency) {
    }

    private interface Metric {
        double of(State s);
    }

    private interface Allowed {
        boolean test(State s);
    }

    private static final class Walk {
        private final Space space;
        private final PlanEvaluator evaluator;
        private final double percentile;
        private final Work work;
        State current;
        int moves;

        Walk(Space space, PlanEvaluator evaluator, double percentile, Work work) {
            this.space = space;
            this.evaluator = evaluator;
            this.percentile = percentile;
            this.work = work;
            this.current = state(initial());
        }

        /** Every function alone at its smallest size and bundle 1 (a chain that cannot be split starts whole). */
        private List<Space.Option> initial() {
            List<Space.Option> out = new ArrayList<>();
            for (int c = 0; c < space.chains.size(); c++) {
                int length = space.chains.get(c).size();
                List<Space.Option> singles = new ArrayList<>();
                for (int a = 0; a < length; a++) {
                    smallest(space.segmentAt(c, a, a)).ifPresent(singles::add);
                }
                if (singles.size() == length) {
                    out.addAll(singles);
                } else {
                    out.add(smallest(space.segmentAt(c, 0, length - 1)).orElseThrow(() -> new IllegalStateException(
                            "greedy needs every chain to fit alone or whole")));
                }
            }
            return out;
        }

        private Optional<Space.Option> smallest(int segment) {
            return space.optionsOfSegment.get(segment).stream()
                    .min(Comparator.comparingInt(Space.Option::bundleSize).thenComparingInt(Space.Option::memoryMB));
        }

        private State state(List<Space.Option> options) {
            // counted work: the candidates drawn for the first time, and the plan's draws combined
            double before = space.lazyDrawUnits();
            double[] draws = space.planDraws(options, evaluator);
            space.cost(options);
            work.chargeDraws((space.lazyDrawUnits() - before) * space.samples());
            work.chargePasses((double) options.size() * space.samples());
            // a plan over a limit of its orchestration (an Express execution's 5 minutes) is as slow as it gets
            double latency = space.model.requestLimitViolation(draws) != null ? Double.POSITIVE_INFINITY
                    : Quantiles.percentile(draws, percentile);
            return new State(List.copyOf(options), space.cost(options) + space.model.requestCostBound(draws), latency);
        }

        /**
         * Takes the best improving move on {@code metric} among those whose result is {@code allowed}, until the
         * metric is ≤ {@code stopAt} (when {@code stopAtLimit}) or no move improves. Returns whether it reached
         * {@code stopAt}.
         */
        boolean climb(Metric metric, Allowed allowed, double stopAt, boolean stopAtLimit) {
            while (!(stopAtLimit && metric.of(current) <= stopAt)) {
                if (moves >= MAX_MOVES || !work.left()) {
                    break;
                }
                State best = null;
                for (List<Space.Option> candidate : neighbours(current.options())) {
                    State s = state(candidate);
                    if (!allowed.test(s) || metric.of(s) >= metric.of(current)) {
                        continue;
                    }
                    if (best == null || metric.of(s) < metric.of(best)
                            || (metric.of(s) == metric.of(best) && secondary(s, metric) < secondary(best, metric))) {
                        best = s;
                    }
                }
                if (best == null) {
                    break;
                }
                current = best;
                moves++;
            }
            return metric.of(current) <= stopAt;
        }

        /** Ties on the metric go to the plan better on the other number. */
        private static double secondary(State s, Metric metric) {
            return metric.of(s) == s.cost() ? s.latency() : s.cost();
        }

        /**
         * Every plan one step away: memory ±1 step, bundle size ±1 step, another variant (architecture, Map form) at the
         * same size, or two neighbours of a chain fused.
         */
        private List<List<Space.Option>> neighbours(List<Space.Option> plan) {
            List<List<Space.Option>> out = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                Space.Option o = plan.get(i);
                List<Space.Option> all = space.optionsOfSegment.get(o.segment());
                for (Space.Option alt : all) {
                    if (!alt.variant().equals(o.variant()) && alt.memoryMB() == o.memoryMB()
                            && alt.bundleSize() == o.bundleSize()) {
                        out.add(replace(plan, i, alt));
                    }
                }
                List<Space.Option> opts = all.stream().filter(alt -> alt.variant().equals(o.variant())).toList();
                for (Space.Option alt : stepMemory(opts, o)) {
                    out.add(replace(plan, i, alt));
                }
                for (Space.Option alt : stepBundle(opts, o)) {
                    out.add(replace(plan, i, alt));
                }
                Space.Segment s = space.segment(o);
                for (int j = 0; j < plan.size(); j++) {
                    Space.Segment t = space.segment(plan.get(j));
                    if (t.chain() == s.chain() && t.from() == s.to() + 1) {
                        Space.Option lower = plan.get(j);
                        fused(o, lower, space.segmentAt(s.chain(), s.from(), t.to())).ifPresent(f -> {
                            List<Space.Option> next = new ArrayList<>(plan);
                            next.remove(lower);
                            next.set(next.indexOf(o), f);
                            out.add(next);
                        });
                    }
                }
            }
            return out;
        }

        private static List<Space.Option> replace(List<Space.Option> plan, int i, Space.Option alt) {
            List<Space.Option> next = new ArrayList<>(plan);
            next.set(i, alt);
            return next;
        }

        /** The next smaller and larger memory size at the same bundle size. */
        private static List<Space.Option> stepMemory(List<Space.Option> opts, Space.Option o) {
            Space.Option down = null;
            Space.Option up = null;
            for (Space.Option alt : opts) {
                if (alt.bundleSize() != o.bundleSize()) {
                    continue;
                }
                if (alt.memoryMB() < o.memoryMB() && (down == null || alt.memoryMB() > down.memoryMB())) {
                    down = alt;
                }
                if (alt.memoryMB() > o.memoryMB() && (up == null || alt.memoryMB() < up.memoryMB())) {
                    up = alt;
                }
            }
            List<Space.Option> out = new ArrayList<>();
            if (down != null) {
                out.add(down);
            }
            if (up != null) {
                out.add(up);
            }
            return out;
        }

        /** The next smaller and larger bundle size, at the smallest memory ≥ the current that fits it. */
        private static List<Space.Option> stepBundle(List<Space.Option> opts, Space.Option o) {
            Integer smaller = null;
            Integer larger = null;
            for (Space.Option alt : opts) {
                int k = alt.bundleSize();
                if (k < o.bundleSize() && (smaller == null || k > smaller)) {
                    smaller = k;
                }
                if (k > o.bundleSize() && (larger == null || k < larger)) {
                    larger = k;
                }
            }
            List<Space.Option> out = new ArrayList<>();
            for (Integer k : new Integer[] {smaller, larger}) {
                if (k != null) {
                    atLeast(opts, k, o.memoryMB()).ifPresent(out::add);
                }
            }
            return out;
        }

        private static Optional<Space.Option> atLeast(List<Space.Option> opts, int bundleSize, int memoryMB) {
            return opts.stream().filter(a -> a.bundleSize() == bundleSize && a.memoryMB() >= memoryMB)
                    .min(Comparator.comparingInt(Space.Option::memoryMB));
        }

        /** The fused segment at the larger of the two memories and bundle sizes (or the next that fits), upper's variant. */
        private Optional<Space.Option> fused(Space.Option upper, Space.Option lower, int segment) {
            List<Space.Option> opts = space.optionsOfSegment.get(segment).stream()
                    .filter(a -> java.util.Objects.equals(a.variant().map(), upper.variant().map())
                            && java.util.Objects.equals(a.variant().architecture(), upper.variant().architecture()))
                    .toList();
            int k = Math.max(upper.bundleSize(), lower.bundleSize());
            int m = Math.max(upper.memoryMB(), lower.memoryMB());
            return opts.stream().filter(a -> a.bundleSize() >= k && a.memoryMB() >= m)
                    .min(Comparator.comparingInt(Space.Option::bundleSize).thenComparingInt(Space.Option::memoryMB));
        }
    }
}
