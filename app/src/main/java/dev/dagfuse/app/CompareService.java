// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.model.Objective;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The as-deployed plan, per-function power tuning, the greedy and the cp-sat planner at one objective
 * ({@code dagfuse compare}).
 */
public interface CompareService {

    /**
     * @param workflowFile the workflow
     * @param profileFile the profile, or {@code null} for profile.yaml beside the workflow (else inline profiles)
     * @param objective what to plan for
     * @param search the search options (its solver is not used: every planner is compared)
     * @param draws how the model draws
     */
    record Request(Path workflowFile, Path profileFile, ObjectiveChoice objective, Search search, Draws draws) {
        public Request {
            Objects.requireNonNull(workflowFile, "workflowFile");
            Objects.requireNonNull(objective, "objective");
            Objects.requireNonNull(search, "search");
            Objects.requireNonNull(draws, "draws");
        }
    }

    sealed interface Result permits Compared, NoPlan {
    }

    /**
     * @param rows as deployed, then those of power tuning, greedy and cp-sat that found a plan
     * @param missing one line per planner that found none within its share of the time limit (its row is left out)
     */
    record Compared(ModelContext context, Objective objective, List<Row> rows, List<String> missing) implements Result {
        public Compared {
            rows = List.copyOf(rows);
            missing = List.copyOf(missing);
        }

        public Compared(ModelContext context, Objective objective, List<Row> rows) {
            this(context, objective, rows, List.of());
        }
    }

    /**
     * One way of planning.
     *
     * @param name "as deployed", "power tuning", "greedy", "cp-sat"
     * @param note {@code null}, or "nearest plan" when it does not meet the objective
     */
    record Row(String name, EvaluatedPlan plan, String note) {
    }

    /**
     * A planner found no plan at all (a function fits no memory size, or the time limit came first: {@code outOfTime});
     * {@code reason} says why.
     */
    record NoPlan(String reason, boolean outOfTime) implements Result {
        public NoPlan(String reason) {
            this(reason, false);
        }
    }

    Result compare(Request request);
}
