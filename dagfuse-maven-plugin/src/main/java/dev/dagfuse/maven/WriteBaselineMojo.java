package dev.dagfuse.maven;

import dev.dagfuse.check.BaselineFiles;
import dev.dagfuse.check.Checks;
import dev.dagfuse.model.InputException;
import dev.dagfuse.optimizer.ModelOptions;
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
        ModelOptions options = new ModelOptions(samples, seed, ModelOptions.defaults().percentiles());
        try {
            Checks.Current current = Checks.current(workflow.toPath(), profile == null ? null : profile.toPath(),
                    plan == null ? null : plan.toPath(), solver, timeLimit(), null, options);
            BaselineFiles.write(current.snapshot(), baseline.toPath());
            getLog().info("dagfuse: wrote " + baseline + ": " + describe(current.snapshot()));
            current.failures().forEach(f -> getLog().warn("dagfuse: " + f));
        } catch (InputException e) {
            throw badInput(e);
        } catch (Checks.NoPlanException | IllegalArgumentException e) {
            throw new MojoExecutionException("dagfuse: " + e.getMessage(), e);
        }
    }
}
