// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler;

import dev.dagfuse.model.Workflow;
import dev.dagfuse.profiler.internal.LocalRunner;

import java.util.Map;

/**
 * Measures a workflow's Java handlers in this JVM ({@code profile --target local}); see docs/profiling.md for
 * what each number means and how it is taken.
 */
public final class LocalProfiler {

    /**
     * @param runs measured runs per function and thread count ({@code -n})
     * @param warmup runs before measuring, per thread count
     * @param coldStarts first calls in fresh class loaders per function
     * @param seed the seed of the entry handlers' {@code defaultInput}
     * @param parallelism per function, a known parallelism that replaces the measured one
     * @param maxThreads the most threads to measure with (normally the machine's cores)
     * @param loader where handler classes are loaded from (the application class loader normally)
     */
    public record Options(int runs, int warmup, int coldStarts, long seed, Map<String, Integer> parallelism,
                          int maxThreads, ClassLoader loader) {

        public Options {
            if (runs < 1) {
                throw new IllegalArgumentException("The number of runs (" + runs + ") must be ≥ 1. Maybe -n 30.");
            }
            if (warmup < 0) {
                throw new IllegalArgumentException("The number of warm-up runs (" + warmup + ") must be ≥ 0. Maybe --warmup 3.");
            }
            if (coldStarts < 0) {
                throw new IllegalArgumentException("The number of cold starts (" + coldStarts + ") must be ≥ 0. Maybe --cold-starts 5.");
            }
            if (maxThreads < 1) {
                throw new IllegalArgumentException("The number of threads (" + maxThreads + ") must be ≥ 1.");
            }
            parallelism = Map.copyOf(parallelism);
            for (Map.Entry<String, Integer> e : parallelism.entrySet()) {
                if (e.getValue() < 1) {
                    throw new IllegalArgumentException("The parallelism (" + e.getValue() + ") of function (" + e.getKey()
                            + ") must be ≥ 1: the threads one invocation keeps busy.");
                }
            }
            loader = loader == null ? LocalProfiler.class.getClassLoader() : loader;
        }

        /** 30 runs after 3 warm-ups, 5 cold starts, seed 1, up to the machine's cores. */
        public static Options defaults() {
            return new Options(30, 3, 5, 1, Map.of(), Runtime.getRuntime().availableProcessors(), null);
        }

        public Options withRuns(int n) {
            return new Options(n, warmup, coldStarts, seed, parallelism, maxThreads, loader);
        }

        public Options withWarmup(int w) {
            return new Options(runs, w, coldStarts, seed, parallelism, maxThreads, loader);
        }

        public Options withColdStarts(int c) {
            return new Options(runs, warmup, c, seed, parallelism, maxThreads, loader);
        }

        public Options withSeed(long s) {
            return new Options(runs, warmup, coldStarts, s, parallelism, maxThreads, loader);
        }

        public Options withParallelism(Map<String, Integer> p) {
            return new Options(runs, warmup, coldStarts, seed, p, maxThreads, loader);
        }

        public Options withMaxThreads(int t) {
            return new Options(runs, warmup, coldStarts, seed, parallelism, t, loader);
        }

        /** Handler classes from {@code l} (e.g. over a user's jars); cold starts load them anew from its URLs too. */
        public Options withLoader(ClassLoader l) {
            return new Options(runs, warmup, coldStarts, seed, parallelism, maxThreads, l);
        }
    }

    private LocalProfiler() {
    }

    /**
     * Profiles every function of {@code workflow} that has a handler.
     *
     * @throws dev.dagfuse.model.InputException when a handler class cannot be loaded or no function has one
     */
    public static ProfileRun profile(Workflow workflow, Options options, Progress progress) {
        return new LocalRunner(workflow, options, progress).run();
    }
}
