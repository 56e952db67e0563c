// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.maven;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.Draws;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.Load;
import dev.dagfuse.model.Quantities;
import dev.dagfuse.model.Ranges;
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

    /**
     * The requests' arrival rate (e.g. {@code 5/s}, {@code 300/min}) for the Lambda cold-start model, as the CLI's
     * {@code --rate}: recorded in the baseline and reused by every check against it. Unset: the workflow's
     * {@code load.rate}, else none.
     */
    @Parameter(property = "dagfuse.rate")
    String rate;

    @Override
    public void execute() throws MojoExecutionException {
        if (skip) {
            getLog().info("dagfuse write-baseline skipped");
            return;
        }
        if (samples < 1) {
            throw new MojoExecutionException("<samples> (" + samples + ") must be ≥ 1. Maybe 10000.");
        }
        CheckService.Result result = check(null, Tolerances.DEFAULT, new Draws(samples, seed, ratePerSecond()),
                baseline.toPath(), "dagfuse: ");
        if (result instanceof CheckService.NoPlan noPlan) {
            throw new MojoExecutionException("dagfuse: " + noPlan.message());
        }
        CheckService.Written written = (CheckService.Written) result;
        getLog().info("dagfuse: " + Renderers.baselineWritten().render(written));
        written.failures().forEach(f -> getLog().warn("dagfuse: " + f));
    }

    private Double ratePerSecond() throws MojoExecutionException {
        if (rate == null || rate.isBlank()) {
            return null;
        }
        double perSecond;
        try {
            perSecond = Quantities.parseRatePerSecond(rate);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("dagfuse: <rate>: " + e.getMessage());
        }
        if (!(perSecond > 0 && perSecond <= Ranges.MAX_RATE_PER_SECOND)) {
            throw new MojoExecutionException("dagfuse: " + Load.problem(perSecond, "<rate>"));
        }
        return perSecond;
    }
}
