package dev.dagfuse.maven;

import dev.dagfuse.check.Formats;
import dev.dagfuse.check.RegressionCheck;
import dev.dagfuse.check.Snapshot;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Quantities;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** The parameters the goals share: the workflow, its profile, the plan and the planner. */
abstract class AbstractDagfuseMojo extends AbstractMojo {

    /** The workflow file. */
    @Parameter(property = "dagfuse.workflow", required = true)
    File workflow;

    /** The baseline: a snapshot written by the write-baseline goal (or dagfuse check --write-baseline), or a plan file. */
    @Parameter(property = "dagfuse.baseline", required = true)
    File baseline;

    /** The profile; default: profile.yaml beside the workflow, else the workflow's inline profiles. */
    @Parameter(property = "dagfuse.profile")
    File profile;

    /** The plan to check; default: the workflow re-planned for its objective. */
    @Parameter(property = "dagfuse.plan")
    File plan;

    /** The planner used to re-plan: cp-sat, exhaustive or greedy. */
    @Parameter(property = "dagfuse.solver", defaultValue = "cp-sat")
    String solver;

    /** The planner's time limit, e.g. 10s. */
    @Parameter(property = "dagfuse.timeLimit", defaultValue = "10s")
    String timeLimit;

    /** Skips the goal. */
    @Parameter(property = "dagfuse.skip", defaultValue = "false")
    boolean skip;

    Duration timeLimit() throws MojoExecutionException {
        try {
            return Duration.ofMillis(Math.round(Quantities.parseDurationMs(timeLimit)));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("<timeLimit>: " + e.getMessage());
        }
    }

    /** Bad input becomes a build error with one line per problem, as the CLI prints them. */
    static MojoExecutionException badInput(InputException e) {
        return new MojoExecutionException("dagfuse: bad input:" + System.lineSeparator() + e.errors().stream()
                .map(InputError::toString).collect(Collectors.joining(System.lineSeparator())), e);
    }

    static String describe(Snapshot s) {
        StringBuilder line = new StringBuilder("plan of " + s.plan().groups().size() + " groups (" + String.join(", ",
                s.plan().groups().stream().map(g -> g.id() + " " + g.memoryMB() + " MB").toList()) + ")");
        for (Map.Entry<Double, Double> e : s.predicted().latencyMs().entrySet()) {
            line.append(", ").append(RegressionCheck.percentileName(e.getKey())).append(' ')
                    .append(Formats.ms(e.getValue()));
        }
        return line.append(", ").append(Formats.usd(s.predicted().costPerMillionUsd())).append(" per 1M requests")
                .toString();
    }
}
