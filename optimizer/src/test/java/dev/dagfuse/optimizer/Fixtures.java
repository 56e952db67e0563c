// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Workflows and profiles built in code for the model's tests. */
final class Fixtures {

    private Fixtures() {
    }

    static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT, 900_000, null);
    }

    static List<Double> lognormal(long seed, int n, double median, double sigma) {
        Random random = new Random(seed);
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(median * Math.exp(sigma * random.nextGaussian()));
        }
        return out;
    }

    static FunctionProfile profile(long outputBytes, int parallelism, Map<Integer, List<Double>> latency) {
        return new FunctionProfile(outputBytes, 0, parallelism, List.of(), latency);
    }

    static Workflow workflow(Platform platform, FunctionSpec... functions) {
        return Workflow.of("test", platform, List.of(functions));
    }

    static Profile profiles(Map<String, FunctionProfile> byName) {
        return new Profile("synthetic", Map.of(), new LinkedHashMap<>(byName));
    }

    /**
     * No variance outside the work: every group's state is entered after a constant {@code overheadMs} and its
     * invocations start at once (no per-iteration latency); constant S3 latencies (Lambda's other defaults).
     */
    static Overheads constantOverhead(double overheadMs) {
        Platform.Lognormal state = Platform.Lognormal.constant(overheadMs);
        return new Overheads(AwsLambdaPlatform.DEFAULT_OVERHEADS.withInvoke(Platform.Lognormal.constant(0))
                .withStore(Platform.Lognormal.constant(20), Platform.Lognormal.constant(30)),
                new AwsLambdaPlatform.StateLatencies(state, state, state));
    }

    /** Lambda's overheads and state hand-offs, for a test. */
    record Overheads(Platform.Overheads lambda, AwsLambdaPlatform.StateLatencies states) {

        Overheads withColdStartProbability(double p) {
            return new Overheads(lambda.withColdStartProbability(p), states);
        }
    }

    /** The workflow on Lambda (its own settings) with these overheads and hand-offs. */
    static Workflow with(Workflow w, Overheads overheads) {
        return w.withPlatform(((AwsLambdaPlatform) w.platform()).withOverheads(overheads.lambda())
                .withStates(overheads.states()));
    }
}
