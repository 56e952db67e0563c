// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.app.render.ProfileView;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Prices;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.profiler.FunctionReport;
import dev.dagfuse.profiler.ProfileRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileTextTest {

    static final FunctionProfile TWO_SIZES = new FunctionProfile(1_500_000, 180, 1, List.of(300.0, 400.0, 500.0),
            Map.of(1024, List.of(1000.4, 1100.0, 1200.0), 2048, List.of(600.0, 650.0, 700.0)));
    static final FunctionProfile ONE_SIZE = new FunctionProfile(100, 0, 2, List.of(), Map.of(1769, List.of(50.0)));

    static String row(String table, int mb) {
        return table.lines().filter(l -> l.trim().startsWith(mb + " ")).findFirst().orElse("");
    }

    @Test
    void rowsSayWhetherTheyAreMeasuredInterpolatedOrFitted() {
        Profile p = new Profile("aws-lambda", Map.of("region", "us-east-1"), Map.of("split", TWO_SIZES));
        String table = ProfileText.render(new ProfileView(p, null, List.of(128, 256, 1536, 3008)));
        assertThat(row(table, 1024)).contains(" 3 ").endsWith("measured");
        assertThat(row(table, 1536)).contains(" - ").endsWith("interpolated");
        assertThat(row(table, 3008)).endsWith("fitted a+b/cpu");
        // below 180 MB x 1.1 = 198 MB: infeasible, hidden and counted
        assertThat(row(table, 128)).isEmpty();
        assertThat(row(table, 256)).endsWith("fitted a+b/cpu");
        assertThat(table).contains("(1 smaller size hidden: below peak memory x 1.1)");
        assertThat(table).contains("peak memory 180.0 MB (feasible from 198 MB)", "output 1500.0 KB",
                "cold start p50 400ms (n=3)", "least squares over 2 sizes");
    }

    @Test
    void theCostOfAMeasuredSizeIsTheMeanBilledDurationTimesThePrice() {
        Profile p = new Profile("aws-lambda", Map.of(), Map.of("split", TWO_SIZES));
        String table = ProfileText.render(new ProfileView(p, null, List.of()));
        // billed: ceil(1000.4)=1001, 1100, 1200 → mean 1100.33 ms at 1 GB
        double expected = (1001 + 1100 + 1200) / 3.0 / 1000 * 1.0 * Prices.LAMBDA_X86_64.gbSecondUsd()
                + Prices.LAMBDA_X86_64.requestUsd();
        assertThat(row(table, 1024)).contains(String.format(Locale.ROOT, "$%.3g", expected).replace("e-0", "e-"));
    }

    @Test
    void oneMeasuredSizeSaysThatAllCpuIsAssumedAndUsesTheWorkflowsPlatform() {
        Workflow w = Workflow.of("w", AwsLambdaPlatform.of("arm64"), List.of(
                new FunctionSpec("f", null, 512, List.of(2560), List.of(), 1, Retry.DEFAULT, 1000, null)));
        Profile p = new Profile("local-jvm", Map.of(), Map.of("f", ONE_SIZE));
        String table = ProfileText.render(new ProfileView(p, w, List.of(3538)));
        assertThat(table).contains("one measured size, so a = 0 is assumed", "arm64", "cpu(m) = min(m/1769, 2, 6)");
        assertThat(row(table, 512)).endsWith("fitted b/cpu (one size: a=0 assumed), as deployed");
        assertThat(row(table, 2560)).isNotEmpty();
        // parallelism 2: 3538 MB has twice the CPU of 1769 MB, so half the time
        assertThat(row(table, 3538)).contains("25ms");
        assertThat(table).contains("peak memory unknown");
    }

    @Test
    void theRunSummaryListsSizesAndNotes() {
        Profile p = new Profile("local-jvm", Map.of(), Map.of("split", TWO_SIZES));
        ProfileRun run = new ProfileRun(p, List.of(
                new FunctionReport("split", FunctionReport.Status.PROFILED, 7, 1, "ArithmeticException: / by zero", List.of("a note")),
                new FunctionReport("merge", FunctionReport.Status.FAILED, 0, 3, "IllegalStateException: boom", List.of())));
        String s = ProfileText.summary(run);
        assertThat(s).contains("split     profiled  1024  3  1.10s").contains("merge     failed       -");
        assertThat(s).contains("split: first error: ArithmeticException: / by zero", "split: a note",
                "merge: no successful run: IllegalStateException: boom");
    }
}
