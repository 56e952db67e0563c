// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import java.nio.file.Path;

/**
 * Settings of a local run.
 *
 * @param requests measured requests
 * @param warmup requests run first and left out of the statistics (JIT warm-up)
 * @param load how requests are issued
 * @param workDir where the local object store lives (a fresh sub-directory per run)
 * @param input the request input of entry functions, or {@code null} for each entry handler's
 *     {@code defaultInput(seed)} with the request's index as seed
 * @param cores cores shared by all invocations; 0 means the workflow's local platform cores, else the machine's
 * @param keepOutputs keep every request's outputs in the store after the run (failed requests' are always kept)
 * @param progress told about each finished request, or {@code null}
 */
public record RunOptions(int requests, int warmup, Load load, Path workDir, Object input, int cores,
                         boolean keepOutputs, ProgressListener progress) {

    public RunOptions {
        if (requests < 1) {
            throw new IllegalArgumentException("The requests (" + requests + ") must be ≥ 1.");
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("The warmup (" + warmup + ") must be ≥ 0.");
        }
        if (cores < 0) {
            throw new IllegalArgumentException("The cores (" + cores + ") must be ≥ 1 (0 = the platform's).");
        }
        if (load == null) {
            load = new Load.ClosedLoop(1);
        }
    }

    public static RunOptions of(int requests, Path workDir) {
        return new RunOptions(requests, 0, new Load.ClosedLoop(1), workDir, null, 0, false, null);
    }

    public RunOptions withLoad(Load l) {
        return new RunOptions(requests, warmup, l, workDir, input, cores, keepOutputs, progress);
    }

    public RunOptions withWarmup(int w) {
        return new RunOptions(requests, w, load, workDir, input, cores, keepOutputs, progress);
    }

    public RunOptions withCores(int c) {
        return new RunOptions(requests, warmup, load, workDir, input, c, keepOutputs, progress);
    }

    public RunOptions withInput(Object i) {
        return new RunOptions(requests, warmup, load, workDir, i, cores, keepOutputs, progress);
    }

    public RunOptions withProgress(ProgressListener p) {
        return new RunOptions(requests, warmup, load, workDir, input, cores, keepOutputs, p);
    }

    public RunOptions withKeepOutputs(boolean keep) {
        return new RunOptions(requests, warmup, load, workDir, input, cores, keep, progress);
    }

    /** Told as requests finish; called from executor threads, so keep it quick. */
    @FunctionalInterface
    public interface ProgressListener {
        void update(int finished, int failed, int total);
    }
}
