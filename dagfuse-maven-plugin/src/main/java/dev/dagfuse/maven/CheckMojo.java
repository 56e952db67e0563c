// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.maven;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.Draws;
import dev.dagfuse.app.render.Format;
import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.io.ModelFiles;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;

/**
 * The dagfuse cost/latency regression check inside {@code mvn verify}: re-plans the workflow (or evaluates
 * {@code <plan>}) with the baseline's model settings and fails the build when the cost per 1M requests or a latency
 * percentile rose by more than the tolerance, naming the groups that caused it. Writes the result as text, Markdown
 * (a pull-request comment), JSON and JUnit XML (each check a test case) to {@code <reportDirectory>}.
 */
@Mojo(name = "check", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true, requiresProject = true)
public class CheckMojo extends AbstractDagfuseMojo {

    /** Largest allowed increase of the cost per 1M requests, e.g. 5%. */
    @Parameter(property = "dagfuse.maxCostIncrease", defaultValue = "5%")
    String maxCostIncrease;

    /** Largest allowed increase of each latency percentile, e.g. 5%. */
    @Parameter(property = "dagfuse.maxLatencyIncrease", defaultValue = "5%")
    String maxLatencyIncrease;

    /** Whether a regression fails the build (otherwise it is logged as a warning). */
    @Parameter(property = "dagfuse.failOnRegression", defaultValue = "true")
    boolean failOnRegression;

    /** Where check.txt, check.md, check.json and TEST-dagfuse-check.xml are written. */
    @Parameter(property = "dagfuse.reportDirectory", defaultValue = "${project.build.directory}/dagfuse")
    File reportDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("dagfuse check skipped");
            return;
        }
        Tolerances tolerances;
        try {
            tolerances = new Tolerances(Tolerances.parsePercent(maxCostIncrease), Tolerances.parsePercent(maxLatencyIncrease));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("<maxCostIncrease>/<maxLatencyIncrease>: " + e.getMessage());
        }
        CheckService.Result outcome = check(baseline.toPath(), tolerances, Draws.RECORDED_OR_DEFAULT, null,
                "dagfuse check: ");
        if (outcome instanceof CheckService.NoPlan noPlan) {
            if (failOnRegression) {
                throw new MojoFailureException("dagfuse check: REGRESSION: " + noPlan.message());
            }
            getLog().warn("dagfuse check: REGRESSION: " + noPlan.message());
            return;
        }
        CheckResult result = ((CheckService.Checked) outcome).result();
        String text = Renderers.check(Format.TEXT).render(result);
        write("check.txt", text);
        write("check.md", Renderers.check(Format.MARKDOWN).render(result));
        write("check.json", Renderers.check(Format.JSON).render(result));
        write("TEST-dagfuse-check.xml", Renderers.check(Format.JUNIT).render(result));
        for (String line : text.split("\\R")) {
            if (result.passed()) {
                getLog().info(line);
            } else {
                getLog().error(line);
            }
        }
        getLog().info("dagfuse check: results in " + reportDirectory);
        if (!result.passed()) {
            String headline = text.lines().findFirst().orElse("REGRESSION");
            String blame = text.lines().skip(1).findFirst().filter(l -> l.startsWith("Group")).orElse("");
            String message = "dagfuse check: " + headline + (blame.isEmpty() ? "" : " " + blame);
            if (failOnRegression) {
                throw new MojoFailureException(message);
            }
            getLog().warn(message + " (failOnRegression is false)");
        }
    }

    private void write(String name, String text) {
        ModelFiles.writeAtomically(new File(reportDirectory, name).toPath(), text);
    }
}
