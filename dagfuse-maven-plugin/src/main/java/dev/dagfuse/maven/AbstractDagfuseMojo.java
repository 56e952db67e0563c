// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.maven;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.Draws;
import dev.dagfuse.app.RequestException;
import dev.dagfuse.app.Search;
import dev.dagfuse.app.Services;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Quantities;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

/** The parameters the goals share (the workflow, its profile, the plan and the planner) and the call of the check. */
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

    /**
     * Runs the check service: against {@code against} (or none), writing the numbers now to {@code write} (or not).
     * Bad input is a build error with one line per problem, as the CLI prints them; another request that cannot be
     * served, a build error with {@code prefix}.
     */
    CheckService.Result check(Path against, Tolerances tolerances, Draws draws, Path write, String prefix)
            throws MojoExecutionException {
        try {
            return Services.check().check(new CheckService.Request(workflow.toPath(), path(profile), against,
                    path(plan), tolerances, Search.of(solver, timeLimit()), draws, write));
        } catch (InputException e) {
            throw new MojoExecutionException("dagfuse: bad input:" + System.lineSeparator() + e.errors().stream()
                    .map(InputError::toString).collect(Collectors.joining(System.lineSeparator())), e);
        } catch (RequestException | IllegalArgumentException e) {
            throw new MojoExecutionException(prefix + e.getMessage(), e);
        }
    }

    private Duration timeLimit() throws MojoExecutionException {
        try {
            return Duration.ofMillis(Math.round(Quantities.parseDurationMs(timeLimit)));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("<timeLimit>: " + e.getMessage());
        }
    }

    private static Path path(File file) {
        return file == null ? null : file.toPath();
    }
}
