// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import dev.dagfuse.model.Objective;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Quantities;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Compares a workflow's current numbers with a baseline's. The verdict is on the request-level numbers (cost per
 * 1M requests and every latency percentile of the baseline); the groups explain it: a group is named when its own
 * numbers got worse by more than the tolerance, or, failing that, when it contributes most to the regression, or,
 * when the baseline has no group numbers (a plan file), when its plan changed.
 */
public final class RegressionCheck {

    private RegressionCheck() {
    }

    public static CheckResult compare(Snapshot baseline, Snapshot current, Tolerances tolerances) {
        return compare(baseline, current, tolerances, List.of(), List.of());
    }

    /**
     * Like {@link #compare(Snapshot, Snapshot, Tolerances)}; any of {@code failures} fails the check by itself, and
     * {@code notes} say how the current numbers were obtained.
     */
    public static CheckResult compare(Snapshot baseline, Snapshot current, Tolerances tolerances, List<String> failures,
                                      List<String> notes) {
        return compare(baseline, current, tolerances, failures, notes, MetricCheck.Unit.USD);
    }

    /**
     * Like {@link #compare(Snapshot, Snapshot, Tolerances, List, List)}, with the unit of the costs: USD on Lambda,
     * {@link MetricCheck.Unit#CORE_SECONDS} for a workflow on {@code platform: local}.
     */
    public static CheckResult compare(Snapshot baseline, Snapshot current, Tolerances tolerances, List<String> failures,
                                      List<String> notes, MetricCheck.Unit costUnit) {
        if (costUnit == MetricCheck.Unit.MS) {
            throw new IllegalArgumentException("A cost is in USD or core-seconds, not in milliseconds.");
        }
        if (!baseline.workflow().equals(current.workflow())) {
            throw new IllegalArgumentException("The baseline is for workflow (" + baseline.workflow()
                    + "), not for (" + current.workflow() + ").");
        }
        // a gate never passes on numbers it could not read (the file readers refuse them; this is for callers)
        List<Double> known = new ArrayList<>(baseline.predicted().latencyMs().values());
        known.add(baseline.predicted().meanCostUsd());
        for (double v : known) {
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("The baseline's predicted numbers must be finite and ≥ 0; one is ("
                        + v + ").");
            }
        }
        List<MetricCheck> totals = new ArrayList<>();
        totals.add(MetricCheck.of("cost per 1M requests", "costPerMillionUsd", costUnit,
                baseline.predicted().costPerMillionUsd(), current.predicted().costPerMillionUsd(),
                tolerances.maxCostIncrease(), false));
        for (Map.Entry<Double, Double> e : baseline.predicted().latencyMs().entrySet()) {
            Double now = current.predicted().latencyMs().get(e.getKey());
            totals.add(MetricCheck.of(percentileName(e.getKey()), Objective.percentileKey(e.getKey()) + "Ms",
                    MetricCheck.Unit.MS, e.getValue(), now == null ? Double.NaN : now, tolerances.maxLatencyIncrease(),
                    false));
        }
        boolean regression = !failures.isEmpty() || totals.stream().anyMatch(MetricCheck::regressed);
        List<GroupChange> groups = groups(baseline, current, tolerances, costUnit);
        if (regression) {
            groups = blame(groups, totals, baseline);
        }
        CheckResult.Verdict verdict = regression ? CheckResult.Verdict.REGRESSION : CheckResult.Verdict.PASS;
        return new CheckResult(current.workflow(), verdict, tolerances, failures, totals, groups,
                reasons(baseline, current, regression, groups), notes, baseline, current);
    }

    /** "P95", "P99.9". */
    public static String percentileName(double percentile) {
        return Objective.percentileKey(percentile).toUpperCase(Locale.ROOT);
    }

    // --- groups -------------------------------------------------------------------------------------------------

    private static List<GroupChange> groups(Snapshot baseline, Snapshot current, Tolerances tol, MetricCheck.Unit unit) {
        List<PlanGroup> old = baseline.plan().groups();
        List<PlanGroup> now = current.plan().groups();
        List<GroupChange> out = new ArrayList<>();
        Set<PlanGroup> pairedOld = new LinkedHashSet<>();
        Set<PlanGroup> handledNew = new LinkedHashSet<>();
        for (PlanGroup c : now) {
            if (handledNew.contains(c)) {
                continue;
            }
            PlanGroup b = old.stream().filter(o -> o.functions().equals(c.functions())).findFirst().orElse(null);
            if (b != null) {
                pairedOld.add(b);
                handledNew.add(c);
                out.add(pair(b, c, baseline, current, tol, unit));
                continue;
            }
            // The functions of c are grouped differently: collect every group, old and new, connected to c
            // through shared functions.
            Set<PlanGroup> regionOld = new LinkedHashSet<>();
            Set<PlanGroup> regionNew = new LinkedHashSet<>();
            regionNew.add(c);
            boolean grew = true;
            while (grew) {
                grew = false;
                for (PlanGroup o : old) {
                    if (!regionOld.contains(o) && regionNew.stream().anyMatch(n -> shares(n, o))) {
                        regionOld.add(o);
                        grew = true;
                    }
                }
                for (PlanGroup n : now) {
                    if (!regionNew.contains(n) && regionOld.stream().anyMatch(o -> shares(n, o))) {
                        regionNew.add(n);
                        grew = true;
                    }
                }
            }
            pairedOld.addAll(regionOld);
            handledNew.addAll(regionNew);
            out.add(region(List.copyOf(regionOld), now.stream().filter(regionNew::contains).toList(), baseline,
                    current, tol, unit));
        }
        for (PlanGroup o : old) {
            if (!pairedOld.contains(o)) {
                out.add(region(List.of(o), List.of(), baseline, current, tol, unit));
            }
        }
        return out;
    }

    private static boolean shares(PlanGroup a, PlanGroup b) {
        return a.functions().stream().anyMatch(b.functions()::contains);
    }

    private static GroupChange pair(PlanGroup b, PlanGroup c, Snapshot baseline, Snapshot current, Tolerances tol,
                                   MetricCheck.Unit unit) {
        List<String> changes = new ArrayList<>();
        if (b.memoryMB() != c.memoryMB()) {
            changes.add("memory " + b.memoryMB() + " → " + c.memoryMB() + " MB");
        }
        if (b.fanOut() != c.fanOut()) {
            changes.add("fan-out " + b.fanOut() + " → " + c.fanOut());
        }
        if (b.bundleSize() != c.bundleSize()) {
            changes.add("bundle size " + b.bundleSize() + " → " + c.bundleSize() + " (" + b.invocations() + " → "
                    + c.invocations() + " invocations)");
        }
        GroupChange.Kind kind = changes.isEmpty() ? GroupChange.Kind.SAME : GroupChange.Kind.RECONFIGURED;
        return new GroupChange(c.id(), kind, List.of(b.id()), List.of(c.id()), changes,
                metrics(List.of(b), List.of(c), baseline, current, tol, unit), false);
    }

    private static GroupChange region(List<PlanGroup> old, List<PlanGroup> now, Snapshot baseline, Snapshot current,
                                      Tolerances tol, MetricCheck.Unit unit) {
        List<String> oldIds = old.stream().map(PlanGroup::id).toList();
        List<String> newIds = now.stream().map(PlanGroup::id).toList();
        GroupChange.Kind kind;
        String label;
        List<String> changes = new ArrayList<>();
        if (now.isEmpty()) {
            kind = GroupChange.Kind.REMOVED;
            label = String.join(", ", oldIds);
            changes.add("removed from the workflow");
        } else if (old.isEmpty()) {
            kind = GroupChange.Kind.ADDED;
            label = String.join(", ", newIds);
            changes.add("new in the workflow");
        } else {
            kind = GroupChange.Kind.REGROUPED;
            label = String.join(", ", oldIds) + " → " + String.join(", ", newIds);
            if (old.size() == 1 && now.size() > 1) {
                changes.add("fusion removed: " + oldIds.get(0) + " split into " + String.join(", ", newIds));
            } else if (old.size() > 1 && now.size() == 1) {
                changes.add("fused: " + String.join(", ", oldIds) + " into " + newIds.get(0));
            } else {
                changes.add("regrouped: " + String.join(", ", oldIds) + " → " + String.join(", ", newIds));
            }
            changes.add("memory " + memories(old) + " → " + memories(now) + " MB");
            Set<String> oldFunctions = functions(old);
            Set<String> newFunctions = functions(now);
            List<String> gone = oldFunctions.stream().filter(f -> !newFunctions.contains(f)).toList();
            List<String> added = newFunctions.stream().filter(f -> !oldFunctions.contains(f)).toList();
            if (!gone.isEmpty()) {
                changes.add("functions removed: " + String.join(", ", gone));
            }
            if (!added.isEmpty()) {
                changes.add("functions added: " + String.join(", ", added));
            }
        }
        return new GroupChange(label, kind, oldIds, newIds, changes, metrics(old, now, baseline, current, tol, unit), false);
    }

    private static String memories(List<PlanGroup> groups) {
        return String.join(" + ", groups.stream().map(g -> Integer.toString(g.memoryMB())).toList());
    }

    private static Set<String> functions(List<PlanGroup> groups) {
        Set<String> out = new LinkedHashSet<>();
        groups.forEach(g -> out.addAll(g.functions()));
        return out;
    }

    /**
     * A set of groups' cost (exact: costs add up) and latency percentiles. Several groups of one region run one
     * after another (they are pieces of one fusible chain), so their latency is approximated by the sum of their
     * percentiles, which is flagged as approximate.
     */
    private static List<MetricCheck> metrics(List<PlanGroup> old, List<PlanGroup> now, Snapshot baseline,
                                             Snapshot current, Tolerances tol, MetricCheck.Unit unit) {
        Numbers b = numbers(old, baseline);
        Numbers c = numbers(now, current);
        if ((b == null && !old.isEmpty()) || (c == null && !now.isEmpty()) || (b == null && c == null)) {
            return List.of();
        }
        boolean approximate = old.size() > 1 || now.size() > 1;
        List<MetricCheck> out = new ArrayList<>();
        out.add(MetricCheck.of("cost per 1M requests", "costPerMillionUsd", unit,
                b == null ? Double.NaN : b.cost * 1e6, c == null ? Double.NaN : c.cost * 1e6, tol.maxCostIncrease(), false));
        Set<Double> percentiles = new LinkedHashSet<>();
        if (b != null) {
            percentiles.addAll(b.latency.keySet());
        } else {
            percentiles.addAll(c.latency.keySet());
        }
        for (double p : percentiles) {
            double before = b == null ? Double.NaN : b.latency.getOrDefault(p, Double.NaN);
            double after = c == null ? Double.NaN : c.latency.getOrDefault(p, Double.NaN);
            out.add(MetricCheck.of(percentileName(p), Objective.percentileKey(p) + "Ms", MetricCheck.Unit.MS, before,
                    after, tol.maxLatencyIncrease(), approximate));
        }
        return out;
    }

    private record Numbers(double cost, Map<Double, Double> latency) {
    }

    private static Numbers numbers(List<PlanGroup> groups, Snapshot snapshot) {
        if (groups.isEmpty()) {
            return null;
        }
        double cost = 0;
        Map<Double, Double> latency = new TreeMap<>();
        for (PlanGroup g : groups) {
            GroupNumbers n = snapshot.group(g.id()).orElse(null);
            if (n == null) {
                return null;
            }
            cost += n.meanCostUsd();
            n.latencyMs().forEach((p, v) -> latency.merge(p, v, Double::sum));
        }
        return new Numbers(cost, latency);
    }

    // --- blame --------------------------------------------------------------------------------------------------

    private static List<GroupChange> blame(List<GroupChange> groups, List<MetricCheck> totals, Snapshot baseline) {
        Set<String> blamed = new LinkedHashSet<>();
        boolean costRegressed = totals.stream().anyMatch(m -> m.regressed() && m.isCost());
        List<MetricCheck> latencyRegressed = totals.stream().filter(m -> m.regressed() && !m.isCost()).toList();
        boolean haveNumbers = groups.stream().anyMatch(g -> !g.metrics().isEmpty());
        if (!haveNumbers) {
            // A plan file as baseline: no group numbers, so name the groups whose plan changed.
            groups.stream().filter(g -> g.kind() != GroupChange.Kind.SAME).forEach(g -> blamed.add(g.label()));
        } else {
            if (costRegressed) {
                blameBy(groups, m -> m.isCost(), blamed);
            }
            for (MetricCheck total : latencyRegressed) {
                blameBy(groups, m -> m.key().equals(total.key()), blamed);
            }
        }
        List<GroupChange> out = new ArrayList<>();
        for (GroupChange g : groups) {
            out.add(blamed.contains(g.label()) ? g.blame() : g);
        }
        return out;
    }

    /** Names the groups whose matching metric regressed; if none did, the one whose increase is largest. */
    private static void blameBy(List<GroupChange> groups, Predicate<MetricCheck> which, Set<String> blamed) {
        boolean any = false;
        for (GroupChange g : groups) {
            if (g.metrics().stream().filter(which).anyMatch(MetricCheck::regressed)) {
                blamed.add(g.label());
                any = true;
            }
        }
        if (!any) {
            groups.stream()
                    .filter(g -> g.metrics().stream().filter(which).anyMatch(m -> !Double.isNaN(m.delta()) && m.delta() > 0))
                    .max(Comparator.comparingDouble(g -> g.metrics().stream().filter(which)
                            .mapToDouble(MetricCheck::delta).max().orElse(0)))
                    .ifPresent(g -> blamed.add(g.label()));
        }
    }

    // --- reasons ------------------------------------------------------------------------------------------------

    private static List<String> reasons(Snapshot baseline, Snapshot current, boolean regression,
                                        List<GroupChange> groups) {
        List<String> out = new ArrayList<>();
        if (baseline.isPlanOnly()) {
            out.add("The baseline is a plan file: it records no workflow or profile hash nor model version, so a "
                    + "profile or model change cannot be told apart from a workflow change. Write a snapshot with "
                    + "dagfuse check --write-baseline to have them named.");
        } else {
            boolean workflowChanged = !Objects.equals(baseline.workflowHash(), current.workflowHash());
            boolean profileChanged = baseline.profileHash() != null && current.profileHash() != null
                    && !baseline.profileHash().equals(current.profileHash());
            boolean modelChanged = baseline.modelVersion() != null && current.modelVersion() != null
                    && !baseline.modelVersion().equals(current.modelVersion());
            String consequence = regression ? "the regression" : "the difference";
            if (profileChanged) {
                out.add("The profile changed since the baseline (" + sourceChange(baseline, current) + "sha256 "
                        + Hashes.shortForm(baseline.profileHash()) + " → " + Hashes.shortForm(current.profileHash()) + ")"
                        + (workflowChanged || modelChanged ? "." : ", the workflow and the model did not: " + consequence
                        + " comes from the new measurements."));
            }
            if (modelChanged) {
                out.add("The model changed since the baseline (version " + baseline.modelVersion() + " → "
                        + current.modelVersion() + ")" + (workflowChanged || profileChanged ? "." : ", the workflow and "
                        + "the profile did not: " + consequence + " comes from the model, not from your change."));
            }
            if (workflowChanged) {
                out.add("The workflow changed since the baseline (sha256 " + Hashes.shortForm(baseline.workflowHash())
                        + " → " + Hashes.shortForm(current.workflowHash()) + ").");
            }
            if (!workflowChanged && !profileChanged && !modelChanged
                    && groups.stream().anyMatch(g -> g.kind() != GroupChange.Kind.SAME)) {
                out.add("The workflow, the profile and the model are unchanged: the plan's changes explain "
                        + consequence + ".");
            }
        }
        String before = objective(baseline.plan().objective());
        String after = objective(current.plan().objective());
        if (before != null && after != null && !before.equals(after)) {
            out.add("The objective changed: " + before + " → " + after + ".");
        }
        return out;
    }

    private static String sourceChange(Snapshot baseline, Snapshot current) {
        if (baseline.profileSource() == null || current.profileSource() == null) {
            return "";
        }
        return baseline.profileSource().equals(current.profileSource()) ? "source " + current.profileSource() + ", "
                : "source " + baseline.profileSource() + " → " + current.profileSource() + ", ";
    }

    /** "P95 ≤ 3.00s", "minimum P95 within $0.0002 per request", or {@code null} for none. */
    public static String objective(Objective objective) {
        if (objective instanceof Objective.Latency l) {
            return percentileName(l.percentile()) + " ≤ " + Quantities.formatMs(l.targetMs());
        }
        if (objective instanceof Objective.Budget b) {
            return "minimum " + percentileName(b.percentile()) + " within $" + b.budgetUsd() + " per request";
        }
        return null;
    }
}
