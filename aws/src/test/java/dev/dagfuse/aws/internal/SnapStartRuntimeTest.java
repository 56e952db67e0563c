// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.internal;

import dev.dagfuse.model.InputError;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** SnapStart is refused, naming groups[i].snapStart, where the runtime dagfuse deploys does not support it. */
class SnapStartRuntimeTest {

    private static Plan plan() {
        return new Plan("w", null, List.of(PlanGroup.of(List.of("a"), 1024, 1, 1),
                PlanGroup.of(List.of("b"), 1024, 1, 1).withSnapStart(true)), null, null);
    }

    @Test
    void theRuntimeDagfuseDeploysSupportsSnapStart() {
        assertThat(Layout.SNAP_START_RUNTIMES).contains(Layout.JAVA_RUNTIME);
        assertThat(Layout.snapStartErrors(plan(), Layout.JAVA_RUNTIME, "plan.json")).isEmpty();
    }

    @Test
    void aRuntimeWithoutSnapStartIsRefusedNamingTheGroup() {
        List<InputError> errors = Layout.snapStartErrors(plan(), "java8.al2", "plan.json");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).path()).isEqualTo("groups[1].snapStart");
        assertThat(errors.get(0).file()).isEqualTo("plan.json");
        assertThat(errors.get(0).message()).isEqualTo("The plan (plan.json) gives the group (b) SnapStart, but dagfuse "
                + "deploys it on the runtime (java8.al2), which SnapStart does not support (it supports java11, java17, "
                + "java21). Maybe remove snapStart from this group.");
    }
}
