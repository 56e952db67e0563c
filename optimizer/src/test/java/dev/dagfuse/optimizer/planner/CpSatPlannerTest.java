// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.planner;

import dev.dagfuse.optimizer.Planner;
import dev.dagfuse.optimizer.Planners;

class CpSatPlannerTest extends PlannerContractTest {
    @Override
    Planner planner() {
        return Planners.byName("cp-sat");
    }
}
