// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;

/** Runs a planned workflow for real and measures it. */
public interface Executor {

    /**
     * Runs {@code options.requests()} requests of {@code workflow} as {@code plan} groups it, and reports what
     * was measured. A request that fails does not stop the others; {@link #stop()} ends the run early with a
     * partial report.
     */
    RunReport run(Workflow workflow, Plan plan, RunOptions options);

    /** Asks a running {@link #run} to stop: no new requests or invocations start; {@code run} returns soon. */
    void stop();
}
