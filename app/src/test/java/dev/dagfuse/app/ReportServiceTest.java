// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportServiceTest {

    @TempDir
    Path tmp;

    private static ReportService.Result report(Path workflow, Path plan, int points) {
        return Services.report().report(new ReportService.Request(workflow, null, plan, Fixture.SEARCH, points, "test"));
    }

    @Test
    void aGivenPlanIsShownWithTheAsDeployedPlanAndTheFrontier() {
        ReportService.Result result = report(Fixture.WORKFLOW, Fixture.FUSED, 3);
        assertThat(result).isInstanceOf(ReportData.class);
        ReportData data = (ReportData) result;
        assertThat(data.plan().groups()).extracting(g -> g.id()).containsExactly("split", "extract+classify", "merge");
        assertThat(data.plan().predicted()).isNotNull();
        assertThat(data.asDeployed().groups()).hasSize(4);
        assertThat(data.asDeployed().predicted()).isNotNull();
        assertThat(data.groups()).hasSize(3);
        assertThat(data.assumptions().get(0)).isEqualTo("The plan is " + Fixture.FUSED + ".");
        assertThat(data.frontier()).isNotEmpty();
        assertThat(data.frontierNote()).startsWith("The frontier: the plans that cp-sat found cheapest for P95 targets");
        assertThat(data.planCdf().probability()).last().isEqualTo(1.0);
        assertThat(data.generatedBy()).isEqualTo("test");
    }

    @Test
    void withoutAPlanTheWorkflowIsPlannedForItsObjective() {
        ReportData data = (ReportData) report(Fixture.WORKFLOW, null, 0);
        assertThat(data.plan().predicted().percentileMs(95)).isLessThanOrEqualTo(2500);
        assertThat(data.frontier()).isEmpty();
        assertThat(data.frontierNote()).startsWith("The frontier was not computed (--points 0)");
    }

    @Test
    void noPlanAtAllIsSaidAndNothingToPlanForIsBadInput() throws Exception {
        assertThat(report(Fixture.noPlan(Files.createDirectories(tmp.resolve("a"))), null, 0))
                .isInstanceOfSatisfying(ReportService.NoPlan.class,
                        noPlan -> assertThat(noPlan.message()).startsWith("No plan exists: "));
        Path noObjective = Fixture.workflow(Files.createDirectories(tmp.resolve("b")), "objective:\n  latency: { percentile: 95, target: 2.5s }\n", "");
        assertThatThrownBy(() -> report(noObjective, null, 0)).isInstanceOf(InputException.class)
                .hasMessageContaining("objective: There is nothing to plan for");
    }
}
