// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.maven;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.Draws;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.check.Tolerances;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Writes the workflow's current numbers (re-planned, or {@code <plan>} evaluated) as the baseline snapshot at
 * {@code <baseline>}: run {@code mvn dagfuse:write-baseline} to accept a change, and commit the file.
 */
@Mojo(name = "write-baseline", threadSafe = true, requiresProject = true)
public class WriteBaselineMojo extends AbstractDagfuseMojo {

    /** Monte Carlo requests drawn; recorded in the baseline and reused by every check against it. */
    @Parameter(property = "dagfuse.samples", defaultValue = "10000")
    int samples;

    /** The seed of the draws; recorded in the baseline and reused by every check against it. */
    @Parameter(property = "dagfuse.seed", defaultValue = "42")
    long seed;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("dagfuse write-baseline skipped");
            return;
        }
        if (samples < 1) {
            throw new MojoExecutionException("<samples> (" + samples + ") must be ≥ 1. Maybe 10000.");
        }
        CheckService.Result result = check(null, Tolerances.DEFAULT, new Draws(samples, seed), baseline.toPath(),
                "dagfuse: ");
        if (result instanceof CheckService.NoPlan noPlan) {
            throw new MojoExecutionException("dagfuse: " + noPlan.message());
        }
        CheckService.Written written = (CheckService.Written) result;
        getLog().info("dagfuse: " + Renderers.baselineWritten().render(written));
        written.failures().forEach(f -> getLog().warn("dagfuse: " + f));
    }
}
