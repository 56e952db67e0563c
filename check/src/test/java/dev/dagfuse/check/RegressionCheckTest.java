// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import dev.dagfuse.check.Fixtures.G;
import org.junit.jupiter.api.Test;

import static dev.dagfuse.check.Fixtures.fused;
import static dev.dagfuse.check.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegressionCheckTest {

    private static final Tolerances FIVE = new Tolerances(0.05, 0.05);

    @Test
    void anUnchangedSnapshotPassesWithNothingChanged() {
        Snapshot s = snapshot(fused());
        CheckResult r = RegressionCheck.compare(s, s, FIVE);
        assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.PASS);
        assertThat(r.totals()).extracting(MetricCheck::key).containsExactly("costPerMillionUsd", "p50Ms", "p95Ms");
        assertThat(r.totals()).allSatisfy(m -> assertThat(m.change()).isZero());
        assertThat(r.changedGroups()).isEmpty();
        assertThat(r.groups()).hasSize(3).allSatisfy(g -> assertThat(g.kind()).isEqualTo(GroupChange.Kind.SAME));
        assertThat(r.reasons()).isEmpty();
    }

    @Test
    void memoryForcedDownIsARegressionNamingTheGroup() {
        Snapshot before = snapshot(fused());
        Snapshot after = Fixtures.withWorkflowHash(snapshot(G.of("split", 1024, 400, 0.00002),
                G.of("extract+classify", 512, 2600, 0.0004).fanOut(30, 1), G.of("merge", 512, 150, 0.000003)),
                "sha256:" + "c".repeat(64));
        CheckResult r = RegressionCheck.compare(before, after, FIVE);
        assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.REGRESSION);
        assertThat(r.regressions()).extracting(MetricCheck::key).containsExactly("p50Ms", "p95Ms");
        assertThat(r.blamedGroups()).singleElement().satisfies(g -> {
            assertThat(g.label()).isEqualTo("extract+classify");
            assertThat(g.kind()).isEqualTo(GroupChange.Kind.RECONFIGURED);
            assertThat(g.configChanges()).containsExactly("memory 2048 → 512 MB");
        });
        assertThat(r.reasons()).anySatisfy(reason -> assertThat(reason).startsWith("The workflow changed"));
    }

    @Test
    void aRemovedFusionIsARegroupedGroupNamedAsTheCause() {
        Snapshot before = snapshot(fused());
        Snapshot after = snapshot(G.of("split", 1024, 400, 0.00002), G.of("extract", 2048, 500, 0.00025).fanOut(30, 1),
                G.of("classify", 2048, 550, 0.00025).fanOut(30, 1), G.of("merge", 512, 150, 0.000003));
        CheckResult r = RegressionCheck.compare(before, after, FIVE);
        assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.REGRESSION);
        assertThat(r.groups()).extracting(GroupChange::label)
                .containsExactly("split", "extract+classify → extract, classify", "merge");
        GroupChange regrouped = r.groups().get(1);
        assertThat(regrouped.kind()).isEqualTo(GroupChange.Kind.REGROUPED);
        assertThat(regrouped.blamed()).isTrue();
        assertThat(regrouped.configChanges()).first().asString()
                .isEqualTo("fusion removed: extract+classify split into extract, classify");
        // cost adds up exactly; latency of the two pieces is summed, and flagged as approximate
        MetricCheck cost = regrouped.metrics().get(0);
        assertThat(cost.baseline()).isCloseTo(400, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(cost.current()).isCloseTo(500, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(regrouped.metrics().get(1).approximate()).isTrue();
        assertThat(regrouped.metrics().get(1).current()).isEqualTo(1050);
        assertThat(r.groups().get(0).blamed()).isFalse();
        assertThat(r.reasons()).singleElement().asString().contains("the plan's changes explain the regression");
    }

    @Test
    void aChangeWithinToleranceAndAnImprovementPass() {
        Snapshot before = snapshot(fused());
        Snapshot slightlyWorse = snapshot(G.of("split", 1024, 400, 0.00002),
                G.of("extract+classify", 2048, 930, 0.000412).fanOut(30, 1), G.of("merge", 512, 150, 0.000003));
        CheckResult r = RegressionCheck.compare(before, slightlyWorse, FIVE);
        assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.PASS);
        assertThat(r.changedGroups()).extracting(GroupChange::label).containsExactly("extract+classify");
        assertThat(r.blamedGroups()).isEmpty();
        assertThat(r.totals().get(0).status()).isEqualTo(MetricCheck.Status.OK);

        CheckResult tight = RegressionCheck.compare(before, slightlyWorse, new Tolerances(0.01, 0.01));
        assertThat(tight.verdict()).isEqualTo(CheckResult.Verdict.REGRESSION);

        CheckResult better = RegressionCheck.compare(slightlyWorse, before, FIVE);
        assertThat(better.verdict()).isEqualTo(CheckResult.Verdict.PASS);
        assertThat(better.totals()).allSatisfy(m -> assertThat(m.status()).isEqualTo(MetricCheck.Status.IMPROVED));
    }

    @Test
    void aProfileChangeAloneIsNamedAsTheReason() {
        Snapshot before = snapshot(fused());
        Snapshot after = snapshot("sha256:" + "d".repeat(64), "1", G.of("split", 1024, 400, 0.00002),
                G.of("extract+classify", 2048, 1200, 0.0006).fanOut(30, 1), G.of("merge", 512, 150, 0.000003));
        CheckResult r = RegressionCheck.compare(before, after, FIVE);
        assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.REGRESSION);
        assertThat(r.reasons()).singleElement().asString()
                .startsWith("The profile changed since the baseline (source local-jvm, sha256 bbbbbbbbbbbb → dddddddddddd)")
                .endsWith("the regression comes from the new measurements.");
        assertThat(r.blamedGroups()).extracting(GroupChange::label).containsExactly("extract+classify");
    }

    @Test
    void aModelChangeAloneIsNamedAsTheReason() {
        Snapshot before = snapshot(fused());
        Snapshot after = snapshot("sha256:" + "b".repeat(64), "2", G.of("split", 1024, 500, 0.00002),
                G.of("extract+classify", 2048, 900, 0.0004).fanOut(30, 1), G.of("merge", 512, 150, 0.000003));
        CheckResult r = RegressionCheck.compare(before, after, FIVE);
        assertThat(r.reasons()).singleElement().asString().startsWith("The model changed since the baseline (version 1 → 2)")
                .contains("comes from the model");
        // split's own latency rose by 25%: it is the group named
        assertThat(r.blamedGroups()).extracting(GroupChange::label).containsExactly("split");
    }

    @Test
    void withoutGroupNumbersThePlanChangesAreNamed() {
        Snapshot before = Snapshot.ofPlan(snapshot(fused()).plan());
        Snapshot after = snapshot(G.of("split", 512, 700, 0.00002), G.of("extract+classify", 2048, 900, 0.0004).fanOut(30, 1),
                G.of("merge", 512, 150, 0.000003));
        CheckResult r = RegressionCheck.compare(before, after, FIVE);
        assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.REGRESSION);
        assertThat(r.blamedGroups()).extracting(GroupChange::label).containsExactly("split");
        assertThat(r.groups()).allSatisfy(g -> assertThat(g.metrics()).isEmpty());
        assertThat(r.reasons()).singleElement().asString().startsWith("The baseline is a plan file");
    }

    @Test
    void addedAndRemovedFunctionsAreGroupsOfTheirOwn() {
        Snapshot before = snapshot(fused());
        Snapshot after = snapshot(G.of("split", 1024, 400, 0.00002), G.of("extract+classify", 2048, 900, 0.0004).fanOut(30, 1),
                G.of("thumbnail", 512, 100, 0.000002));
        CheckResult r = RegressionCheck.compare(before, after, FIVE);
        assertThat(r.groups()).extracting(GroupChange::label, GroupChange::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("split", GroupChange.Kind.SAME),
                org.assertj.core.groups.Tuple.tuple("extract+classify", GroupChange.Kind.SAME),
                org.assertj.core.groups.Tuple.tuple("thumbnail", GroupChange.Kind.ADDED),
                org.assertj.core.groups.Tuple.tuple("merge", GroupChange.Kind.REMOVED));
    }

    @Test
    void anotherWorkflowsBaselineIsRejected() {
        Snapshot s = snapshot(fused());
        Snapshot other = new Snapshot("other", s.workflowHash(), s.profileHash(), s.profileSource(), s.modelVersion(),
                s.model(), new dev.dagfuse.model.Plan("other", null, s.plan().groups(), s.predicted(), s.plan().solver()),
                s.groups());
        assertThatThrownBy(() -> RegressionCheck.compare(s, other, FIVE)).hasMessageContaining("workflow (video-analytics)");
    }

    @Test
    void aFailureAloneFailsTheCheckAndLeadsTheVerdict() {
        Snapshot s = snapshot(fused());
        CheckResult r = RegressionCheck.compare(s, s, FIVE, java.util.List.of("The objective P95 ≤ 3.00s can no longer be met."),
                java.util.List.of("Re-planned with cp-sat."));
        assertThat(r.verdict()).isEqualTo(CheckResult.Verdict.REGRESSION);
        assertThat(r.regressions()).isEmpty();
        assertThat(r.failures()).containsExactly("The objective P95 ≤ 3.00s can no longer be met.");
    }

    @Test
    void tolerancesParseAsPercentages() {
        assertThat(Tolerances.parsePercent("5%")).isEqualTo(0.05);
        assertThat(Tolerances.parsePercent("2.5")).isEqualTo(0.025);
        assertThat(Tolerances.parsePercent("+0%")).isZero();
        assertThatThrownBy(() -> Tolerances.parsePercent("five")).hasMessageContaining("Maybe 5% or 2.5%");
        assertThatThrownBy(() -> Tolerances.parsePercent("-5%")).isInstanceOf(IllegalArgumentException.class);
    }
}
