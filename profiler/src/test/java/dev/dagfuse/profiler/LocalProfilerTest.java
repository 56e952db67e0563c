// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.profiler.handlers.TestHandlers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalProfilerTest {

    private static final LocalProfiler.Options QUICK = LocalProfiler.Options.defaults()
            .withRuns(5).withWarmup(1).withColdStarts(2).withMaxThreads(1);

    static FunctionSpec fn(String name, Class<?> handler, int fanOut, String... after) {
        return new FunctionSpec(name, handler == null ? null : handler.getName(), 1024, List.of(), List.of(after),
                fanOut, Retry.DEFAULT, 60_000, null);
    }

    static Workflow pipeline() {
        return Workflow.of("pipe", AwsLambdaPlatform.defaults(), List.of(
                fn("source", TestHandlers.Source.class, 1),
                fn("square", TestHandlers.Square.class, 3, "source"),
                fn("sum", TestHandlers.Sum.class, 1, "square")));
    }

    static FunctionReport report(ProfileRun run, String name) {
        return run.functions().stream().filter(f -> f.function().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void profilesEveryFunctionOnItsPredecessorsRealOutputs() {
        ProfileRun run = LocalProfiler.profile(pipeline(), QUICK, Progress.none());

        assertThat(run.hasFailures()).isFalse();
        Profile p = run.profile();
        assertThat(p.source()).isEqualTo("local-jvm");
        assertThat(p.machine()).containsKeys("cpuModel", "cores", "jvm");
        // the local platform's store and hand-off costs, under the keys the optimizer reads (docs/model.md)
        assertThat(Double.parseDouble(p.machine().get("localStoreLatencyMs"))).isGreaterThanOrEqualTo(0);
        assertThat(Double.parseDouble(p.machine().get("localStoreBytesPerSecond"))).isPositive();
        assertThat(Double.parseDouble(p.machine().get("localInvokeOverheadMs"))).isPositive().isLessThan(100);
        assertThat(p.functions()).containsOnlyKeys("source", "square", "sum");
        for (FunctionProfile f : p.functions().values()) {
            assertThat(f.latencyMs()).containsOnlyKeys(ScalingModel.MB_PER_VCPU);
            assertThat(f.latencyMs().get(ScalingModel.MB_PER_VCPU)).hasSize(5).allMatch(ms -> ms > 0);
            assertThat(f.parallelism()).isEqualTo(1);
            assertThat(f.peakMemoryMB()).isGreaterThanOrEqualTo(0);
        }
        // sum ran on a gather of 3 branches (it throws otherwise) and returned one serialized Double
        assertThat(report(run, "sum").errors()).isZero();
        assertThat(p.function("sum").outputBytes()).isBetween(50L, 200L);
        // source's list of 12 doubles is larger than a Double
        assertThat(p.function("source").outputBytes()).isGreaterThan(p.function("sum").outputBytes());
        // every branch of the fan-out ran in the reference run, plus warm-up and measured runs
        assertThat(report(run, "square").successes()).isGreaterThanOrEqualTo(3 + 1 + 5);
    }

    @Test
    void theProfileIsAValidProfileFile(@TempDir Path dir) {
        Workflow w = pipeline();
        ProfileRun run = LocalProfiler.profile(w, QUICK, Progress.none());
        Path file = dir.resolve("profile.yaml");
        ModelFiles.writeProfile(run.profile(), file);
        Profile back = ModelFiles.readProfile(file, w);
        assertThat(back.functions().keySet()).containsExactly("source", "square", "sum");
        assertThat(back.function("square").latencyMs()).isEqualTo(run.profile().function("square").latencyMs());
        assertThat(back.machine()).isEqualTo(run.profile().machine());
    }

    @Test
    void warmUpRunsUntilTheLatencyIsSteadySoThatNoSampleIsAWarmUpRun() {
        Workflow w = Workflow.of("slow-start", AwsLambdaPlatform.defaults(), List.of(
                fn("slow", TestHandlers.SlowStart.class, 1)));
        List<String> notes = new ArrayList<>();
        // 1 warm-up run asked for, as with --warmup 1: the first 12 calls (reference run included) get faster
        ProfileRun run = LocalProfiler.profile(w, QUICK.withRuns(10).withColdStarts(0), recording(notes));
        List<Double> samples = run.profile().functions().get("slow").latencyMs().get(1769);
        assertThat(samples).hasSize(10).allSatisfy(ms -> assertThat(ms).isLessThan(14.0));
        String warmup = run.profile().machine().get("warmupRuns");
        assertThat(warmup).startsWith("slow ");
        int runs = Integer.parseInt(warmup.substring("slow ".length()).split("[ ,]")[0]);
        assertThat(runs).as(warmup).isGreaterThanOrEqualTo(11).isLessThanOrEqualTo(200);
        assertThat(report(run, "slow").notes()).anyMatch(n -> n.startsWith("warm-up runs to a steady state: "));
    }

    @Test
    void aHandlerThatThrowsIsReportedAndTheOthersAreStillProfiled() {
        Workflow w = Workflow.of("boom", AwsLambdaPlatform.defaults(), List.of(
                fn("source", TestHandlers.Source.class, 1),
                fn("boom", TestHandlers.Boom.class, 1, "source"),
                fn("after", TestHandlers.AfterBoom.class, 1, "boom"),
                fn("square", TestHandlers.Square.class, 3, "source")));
        List<String> notes = new ArrayList<>();
        ProfileRun run = LocalProfiler.profile(w, QUICK, recording(notes));

        assertThat(run.hasFailures()).isTrue();
        FunctionReport boom = report(run, "boom");
        assertThat(boom.status()).isEqualTo(FunctionReport.Status.FAILED);
        assertThat(boom.error()).isEqualTo("IllegalStateException: boom: the model file is missing");
        // reference (2 attempts) + 1 warm-up (all failed: no steady-state warm-up) + 5 measured, all failed
        assertThat(boom.errors()).isEqualTo(2 + 1 + 5);
        assertThat(boom.successes()).isZero();
        FunctionReport after = report(run, "after");
        assertThat(after.status()).isEqualTo(FunctionReport.Status.FAILED);
        assertThat(after.error()).contains("predecessor (boom)");
        assertThat(run.profile().functions()).containsOnlyKeys("source", "square");
        assertThat(notes).anyMatch(n -> n.contains("boom") && n.contains("FAILED") && n.contains("8 errors")
                && n.contains("the model file is missing"));
    }

    @Test
    void occasionalErrorsAreCountedAndTheSuccessfulRunsKept() {
        Workflow w = Workflow.of("flaky", AwsLambdaPlatform.defaults(), List.of(fn("flaky", TestHandlers.Flaky.class, 1)));
        ProfileRun run = LocalProfiler.profile(w, QUICK.withColdStarts(0).withRuns(9), Progress.none());
        FunctionReport flaky = report(run, "flaky");
        assertThat(flaky.status()).isEqualTo(FunctionReport.Status.PROFILED);
        assertThat(flaky.errors()).isPositive();
        assertThat(flaky.error()).isEqualTo("ArithmeticException: every third call fails");
        int samples = run.profile().function("flaky").latencyMs().get(ScalingModel.MB_PER_VCPU).size();
        assertThat(samples).isLessThan(9).isGreaterThan(0);
        assertThat(run.hasFailures()).isFalse();
    }

    @Test
    void anOutputThatIsNotSerializableIsAnError() {
        Workflow w = Workflow.of("ns", AwsLambdaPlatform.defaults(), List.of(fn("ns", TestHandlers.NotSerializable.class, 1),
                fn("next", TestHandlers.AfterBoom.class, 1, "ns")));
        ProfileRun run = LocalProfiler.profile(w, QUICK.withColdStarts(0), Progress.none());
        assertThat(report(run, "ns").error()).contains("not java.io.Serializable").contains("java.lang.Object");
        assertThat(report(run, "next").status()).isEqualTo(FunctionReport.Status.FAILED);
    }

    @Test
    void coldStartsIncludeStaticInitializationInAFreshClassLoader() {
        Workflow w = Workflow.of("cold", AwsLambdaPlatform.defaults(), List.of(fn("init", TestHandlers.SlowInit.class, 1)));
        ProfileRun run = LocalProfiler.profile(w, QUICK.withColdStarts(3), Progress.none());
        FunctionProfile p = run.profile().function("init");
        assertThat(p.coldStartMs()).as(report(run, "init").notes().toString()).hasSize(3);
        // the static initializer does ~30x the work of a warm call; a fresh loader runs it every time
        double warm = p.latencyMs().get(ScalingModel.MB_PER_VCPU).stream().mapToDouble(d -> d).min().orElseThrow();
        assertThat(p.coldStartMs()).allMatch(c -> c > 5 * warm);
    }

    @Test
    void aParallelFunctionIsMeasuredWithMoreThreadsUnderLargerSizes() {
        Workflow w = Workflow.of("par", AwsLambdaPlatform.defaults(), List.of(fn("par", TestHandlers.ParallelSum.class, 1)));
        LocalProfiler.Options options = QUICK.withColdStarts(0).withMaxThreads(2).withParallelism(Map.of("par", 2));
        ProfileRun run = LocalProfiler.profile(w, options, Progress.none());
        FunctionProfile p = run.profile().function("par");
        assertThat(p.parallelism()).isEqualTo(2);
        assertThat(p.latencyMs()).containsOnlyKeys(1769, 3538);
        assertThat(report(run, "par").notes()).contains("parallelism 2 as given");
    }

    @Test
    void aSingleThreadedFunctionIsMeasuredAsParallelismOne() {
        Workflow w = Workflow.of("one", AwsLambdaPlatform.defaults(), List.of(fn("one", TestHandlers.SlowInit.class, 1)));
        ProfileRun run = LocalProfiler.profile(w, QUICK.withColdStarts(0).withMaxThreads(2), Progress.none());
        FunctionProfile p = run.profile().function("one");
        assertThat(p.parallelism()).isEqualTo(1);
        assertThat(p.latencyMs()).containsOnlyKeys(1769);
        assertThat(report(run, "one").notes()).anyMatch(n -> n.startsWith("parallelism 1 measured"));
    }

    @Test
    void functionsWithoutHandlersAreSkipped() {
        Workflow w = Workflow.of("mixed", AwsLambdaPlatform.defaults(), List.of(fn("source", TestHandlers.Source.class, 1),
                fn("remote", null, 1, "source"), fn("later", TestHandlers.AfterBoom.class, 1, "remote")));
        ProfileRun run = LocalProfiler.profile(w, QUICK.withColdStarts(0), Progress.none());
        assertThat(report(run, "remote").status()).isEqualTo(FunctionReport.Status.SKIPPED);
        assertThat(report(run, "later").status()).isEqualTo(FunctionReport.Status.SKIPPED);
        assertThat(report(run, "later").notes()).containsExactly("not profiled locally: its predecessor (remote) was not run");
        assertThat(run.hasFailures()).isFalse();
        assertThat(run.profile().functions()).containsOnlyKeys("source");
    }

    @Test
    void badHandlerClassesAreInputErrors() {
        Workflow w = Workflow.of("bad", AwsLambdaPlatform.defaults(), List.of(
                new FunctionSpec("a", "no.such.Handler", 1024, List.of(), List.of(), 1, Retry.DEFAULT, 1000, null),
                fn("b", TestHandlers.NotAHandler.class, 1)));
        assertThatThrownBy(() -> LocalProfiler.profile(w, QUICK, Progress.none()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("functions.a.handler: The handler class (no.such.Handler) of function (a) is not on the class path")
                .hasMessageContaining("functions.b.handler: The handler class (" + TestHandlers.NotAHandler.class.getName()
                        + ") of function (b) does not implement dev.dagfuse.handler.Handler");
    }

    @Test
    void aWorkflowWithoutHandlersHasNothingToProfile() {
        Workflow w = Workflow.of("none", AwsLambdaPlatform.defaults(), List.of(fn("a", null, 1)));
        assertThatThrownBy(() -> LocalProfiler.profile(w, QUICK, Progress.none()))
                .isInstanceOf(InputException.class).hasMessageContaining("nothing to run locally");
    }

    static Progress recording(List<String> notes) {
        return new Progress() {
            @Override public void addSteps(long steps) { }
            @Override public void step() { }
            @Override public void phase(String text) { }
            @Override public synchronized void note(String line) { notes.add(line); }
            @Override public void close() { }
        };
    }
}
