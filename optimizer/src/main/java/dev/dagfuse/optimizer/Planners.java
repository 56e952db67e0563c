package dev.dagfuse.optimizer;

import dev.dagfuse.optimizer.internal.planner.CpSatPlanner;
import dev.dagfuse.optimizer.internal.planner.ExhaustivePlanner;
import dev.dagfuse.optimizer.internal.planner.GreedyPlanner;

import java.util.List;

/** The planners by name. */
public final class Planners {

    /** The default planner's name. */
    public static final String DEFAULT = CpSatPlanner.NAME;

    private Planners() {
    }

    /** {@code cp-sat}, {@code exhaustive}, {@code greedy}. */
    public static List<String> names() {
        return List.of(CpSatPlanner.NAME, ExhaustivePlanner.NAME, GreedyPlanner.NAME);
    }

    public static Planner byName(String name) {
        return switch (name) {
            case CpSatPlanner.NAME -> new CpSatPlanner();
            case ExhaustivePlanner.NAME -> new ExhaustivePlanner();
            case GreedyPlanner.NAME -> new GreedyPlanner();
            default -> throw new IllegalArgumentException("The solver (" + name + ") is not known. Use one of: "
                    + String.join(", ", names()) + ".");
        };
    }

    public static Planner defaultPlanner() {
        return byName(DEFAULT);
    }
}
