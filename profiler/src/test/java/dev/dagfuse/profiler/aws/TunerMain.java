// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.aws;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.profiler.AwsProfiler;
import dev.dagfuse.profiler.Progress;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A child process for the Ctrl-C test: tunes one function against the fake at the given endpoint until killed. */
public final class TunerMain {

    private TunerMain() {
    }

    public static void main(String[] args) {
        Workflow w = Workflow.of("wf", AwsLambdaPlatform.defaults(), List.of(
                new FunctionSpec("split", null, 1024, List.of(), List.of(), 1, Retry.DEFAULT, 60_000, null)));
        AwsProfiler.Options o = new AwsProfiler.Options(List.of(512, 2048), 10_000, false, "wf-", URI.create(args[0]),
                "us-east-1", AwsProfilerTest.STATIC, Map.of(), Map.of(), Duration.ofMillis(5), Duration.ofSeconds(10));
        PrintWriter err = new PrintWriter(System.err, true);
        AwsProfiler.profile(w, o, Progress.plain(err));
    }
}
