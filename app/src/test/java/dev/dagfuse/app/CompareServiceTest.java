// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CompareServiceTest {

    @TempDir
    Path tmp;

    private static CompareService.Result compare(Path workflow) {
        return Services.compare().compare(new CompareService.Request(workflow, null, ObjectiveChoice.declared(),
                Fixture.SEARCH, Fixture.DRAWS));
    }

    @Test
    void theFourWaysOfPlanningAreComparedAtOneObjective() {
        CompareService.Result result = compare(Fixture.WORKFLOW);
        assertThat(result).isInstanceOf(CompareService.Compared.class);
        CompareService.Compared compared = (CompareService.Compared) result;
        assertThat(compared.rows()).extracting(CompareService.Row::name)
                .containsExactly("as deployed", "power tuning", "greedy", "cp-sat");
        assertThat(compared.rows().get(0).plan().plan().solver().name()).isEqualTo("baseline");
        // cp-sat is exact: no plan that meets the objective is cheaper
        double cpSat = compared.rows().get(3).plan().evaluation().predicted().meanCostUsd();
        assertThat(compared.rows()).filteredOn(r -> r.note() == null
                        && r.plan().evaluation().predicted().percentileMs(95) <= 2500)
                .allSatisfy(r -> assertThat(r.plan().evaluation().predicted().meanCostUsd())
                        .isGreaterThanOrEqualTo(cpSat * (1 - 1e-9)));
    }

    @Test
    void noPlanAtAllStopsTheComparison() throws Exception {
        assertThat(compare(Fixture.noPlan(tmp))).isInstanceOfSatisfying(CompareService.NoPlan.class,
                noPlan -> assertThat(noPlan.reason()).startsWith("No plan exists"));
    }
}
