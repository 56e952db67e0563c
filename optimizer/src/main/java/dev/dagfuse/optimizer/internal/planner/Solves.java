// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The CP-SAT solves in progress, stopped before the JVM exits. With CP-SAT's own SIGINT handler off (it outlived the
 * solve and aborted the JVM with {@code std::bad_function_call} on a later Ctrl-C), Ctrl-C is the JVM's again: its
 * shutdown hooks run while a solve may still be in native code, so a hook asks every running solve to stop
 * ({@link CpSolver#stopSearch}) and waits for them to return before the JVM unloads anything; no new solve starts
 * after that, and the thread that asked for one waits for the JVM to end. The exit status stays the one the JVM was
 * ending with (130 after Ctrl-C, 143 after SIGTERM).
 */
final class Solves {

    /** How long the hook waits for running solves to return (they stop within milliseconds). */
    private static final long STOP_WAIT_MS = 5_000;
    private static final Object LOCK = new Object();
    private static final Set<CpSolver> RUNNING = new HashSet<>();
    private static boolean hooked;
    private static boolean closing;

    private Solves() {
    }

    /** Polls running solves' budgets (a daemon thread, so that it never keeps the JVM alive). */
    private static final java.util.concurrent.ScheduledExecutorService WATCH =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dagfuse-cp-sat-deadline");
                t.setDaemon(true);
                return t;
            });
    /** How often a running solve's wall-clock deadline is checked. */
    private static final long WATCH_MS = 10;

    /**
     * Solves {@code model}, stopping it ({@link CpSolver#stopSearch}) once {@code budget}'s wall-clock deadline has
     * passed: the deadline is read on the budget's clock (a test's may be fake), never handed to the solver.
     */
    static CpSolverStatus solve(CpSolver solver, CpModel model, dev.dagfuse.optimizer.TimeBudget budget) {
        java.util.concurrent.ScheduledFuture<?> watch = WATCH.scheduleWithFixedDelay(() -> {
            if (budget.expired()) {
                solver.stopSearch();
            }
        }, WATCH_MS, WATCH_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            return solve(solver, model);
        } finally {
            watch.cancel(false);
        }
    }

    /** Solves {@code model}, unless the JVM is exiting. */
    static CpSolverStatus solve(CpSolver solver, CpModel model) {
        synchronized (LOCK) {
            while (closing) {
                // the JVM is exiting: nothing this thread would do next matters, and a new solve must not start
                try {
                    LOCK.wait(1_000);
                } catch (InterruptedException e) {
                    // keep waiting: the JVM ends this thread
                }
            }
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(Solves::stopAll, "dagfuse-cp-sat-stop"));
                hooked = true;
            }
            RUNNING.add(solver);
        }
        try {
            return solver.solve(model);
        } finally {
            synchronized (LOCK) {
                RUNNING.remove(solver);
                LOCK.notifyAll();
            }
        }
    }

    private static void stopAll() {
        long end = System.currentTimeMillis() + STOP_WAIT_MS;
        synchronized (LOCK) {
            closing = true;
            // stopSearch reaches a solve only once it has started in native code: ask again until all have returned
            while (!RUNNING.isEmpty() && System.currentTimeMillis() < end) {
                for (CpSolver s : List.copyOf(RUNNING)) {
                    s.stopSearch();
                }
                waitQuietly(20);
            }
        }
    }

    private static void waitQuietly(long ms) {
        try {
            LOCK.wait(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
