// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.executor.Load;
import dev.dagfuse.executor.RunOptions;
import dev.dagfuse.executor.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The ml-pipeline sample (its handlers are on the test class path), one request at a time. */
class RunServiceTest {

    static final Path SAMPLE = Path.of("../samples/ml-pipeline/workflow.yaml");

    @TempDir
    Path tmp;

    private static RunOptions options(Load load, Path dir) {
        return RunOptions.of(2, dir).withCores(2).withLoad(load);
    }

    @Test
    void theAsDeployedPlanRunsAndIsPredictedForTheRunsCores() {
        RunService.Prepared run = Services.run().prepare(new RunService.Request(SAMPLE, null, null));
        assertThat(run.workflow().name()).isEqualTo("ml-pipeline");
        assertThat(run.plan().solver().name()).isEqualTo("baseline");
        RunService.Result result = run.run(options(new Load.ClosedLoop(1), tmp));
        RunReport report = result.report();
        assertThat(report.succeeded()).isEqualTo(2);
        assertThat(report.predicted()).isNotNull();
        assertThat(report.predictedSource()).startsWith("Monte Carlo model, local platform with 2 cores, profile ")
                .endsWith(", 10000 draws, one request at a time");
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void aPredictionOfAnotherLoadSaysThatItLeavesOutQueueing() {
        RunService.Result result = Services.run().prepare(new RunService.Request(SAMPLE, null, null))
                .run(options(new Load.ClosedLoop(2), tmp));
        assertThat(result.notes()).singleElement().asString()
                .startsWith("note: the model predicts one request at a time; this run had ");
    }
}
