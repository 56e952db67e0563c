package dev.dagfuse.maven;

import dev.dagfuse.check.CheckFormat;
import dev.dagfuse.check.CheckRequest;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.Checks;
import dev.dagfuse.check.Tolerances;
import dev.dagfuse.model.InputException;
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
 * (a pull-request comment) and JUnit XML (each check a test case) to {@code <reportDirectory>}.
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
        CheckResult result;
        try {
            result = Checks.check(new CheckRequest(workflow.toPath(), profile == null ? null : profile.toPath(),
                    baseline.toPath(), plan == null ? null : plan.toPath(), tolerances, solver, timeLimit())).result();
        } catch (InputException e) {
            throw badInput(e);
        } catch (Checks.NoPlanException e) {
            if (failOnRegression) {
                throw new MojoFailureException("dagfuse check: REGRESSION: " + e.getMessage());
            }
            getLog().warn("dagfuse check: REGRESSION: " + e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("dagfuse check: " + e.getMessage(), e);
        }
        File dir = reportDirectory;
        String text = CheckFormat.text.render(result);
        ModelFiles.writeAtomically(new File(dir, "check.txt").toPath(), text);
        ModelFiles.writeAtomically(new File(dir, "check.md").toPath(), CheckFormat.markdown.render(result));
        ModelFiles.writeAtomically(new File(dir, "check.json").toPath(), CheckFormat.json.render(result));
        ModelFiles.writeAtomically(new File(dir, "TEST-dagfuse-check.xml").toPath(), CheckFormat.junit.render(result));
        for (String line : text.split("\\R")) {
            if (result.passed()) {
                getLog().info(line);
            } else {
                getLog().error(line);
            }
        }
        getLog().info("dagfuse check: results in " + dir);
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
}
