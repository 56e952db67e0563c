// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/**
 * The documented range of every number dagfuse reads (docs/formats.md, "Ranges"), checked when a file is validated or
 * an option parsed: a value outside is bad input (exit 2), never an overflow, an OutOfMemoryError or a hang later.
 * Each bound says why it is where it is.
 */
public final class Ranges {

    /** Functions of a workflow (and groups of a plan): a 10,000-function DAG is already far beyond a Step Functions one. */
    public static final int MAX_FUNCTIONS = 10_000;
    /** Characters of a function's or workflow's name: a Lambda function name's limit. */
    public static final int MAX_NAME_LENGTH = 64;
    /** Parallel invocations of one function: the model draws every branch of every request. */
    public static final int MAX_FAN_OUT = 10_000;
    /** Monte Carlo requests drawn (--samples, model.samples): 1,000,000 give percentiles to 1e-6. */
    public static final int MAX_SAMPLES = 1_000_000;
    /** The largest arrival rate ({@code load.rate}, {@code --rate}): a million requests per second. */
    public static final double MAX_RATE_PER_SECOND = 1_000_000;
    /**
     * Provisioned environments of one group (a plan's {@code provisioned}): AWS Lambda's default concurrency quota of an
     * account and region is 1,000; a quota can be raised, so the bound is only against absurd values.
     */
    public static final int MAX_PROVISIONED = 100_000;
    /** The longest keep-alive of an idle environment ({@code platform.keepAlive}): a day. */
    public static final double MAX_KEEP_ALIVE_MS = 86_400_000;
    /** Bytes of one output: 10 GiB, what the largest Lambda instance (10,240 MB) can hold. */
    public static final long MAX_OUTPUT_BYTES = 10L * 1024 * 1024 * 1024;
    /** A latency sample, cold start or duration in a profile, in ms: a day (Lambda stops at 15 minutes). */
    public static final double MAX_SAMPLE_MS = 86_400_000;
    /** Samples per list (per size, or cold starts) of a profile. */
    public static final int MAX_SAMPLES_PER_LIST = 1_000_000;
    /** A latency target, in ms: 30 days (720h); a Standard workflow may run up to a year, a plan for that is not this tool's. */
    public static final double MAX_TARGET_MS = 30 * 86_400_000.0;
    /** A budget per request, in USD. */
    public static final double MAX_BUDGET_USD = 1_000;
    /** A price in a workflow's prices: 1 USD per unit (AWS's are below 0.0001). */
    public static final double MAX_PRICE_USD = 1;
    /** Threads one function keeps busy (parallelism). */
    public static final int MAX_PARALLELISM = 64;
    /** Cores of a local platform, or of a run. */
    public static final int MAX_CORES = 1_024;
    /** Memory sizes in MB where no platform range applies (a local platform's, a peak): 1 TiB. */
    public static final int MAX_MEMORY_MB = 1_048_576;
    /** Attempts of a handler call in the local executor. */
    public static final int MAX_ATTEMPTS = 100;
    /** How many times a request may run a function in a loop ({@code iterations:}). */
    public static final int MAX_ITERATIONS = 10_000;
    /** A retry back-off, or a hand-off latency's median, in ms: an hour. */
    public static final double MAX_DELAY_MS = 3_600_000;
    /** A Wait state's duration: at most a Standard execution's year. */
    public static final double MAX_WAIT_MS = 365 * 86_400_000.0;
    /** CP-SAT threads (--threads). */
    public static final int MAX_THREADS = 64;
    /** A planner's time limit (--time-limit), in ms: a day. */
    public static final double MAX_TIME_LIMIT_MS = 86_400_000;
    /** Points of a frontier (pareto, report --points): each is a planning run. */
    public static final int MAX_POINTS = 100;
    /** Requests of a run or an invoke (--requests), and warm-up requests. */
    public static final int MAX_REQUESTS = 1_000_000;
    /** Requests in flight (--concurrency), and requests per second (--rate). */
    public static final int MAX_CONCURRENCY = 10_000;
    /** Runs per function and size of a local profile (-n, --warmup, --cold-starts). */
    public static final int MAX_PROFILE_RUNS = 10_000;
    /** Bytes of a file dagfuse reads: 64 MiB (a profile of a million samples is about 12 MB). */
    public static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    /**
     * Characters in a row without a space in a YAML file: refused before parsing, since the YAML reader takes time
     * quadratic in the length of such a value (a 1 MB word: seconds and gigabytes).
     */
    public static final int MAX_WORD_CHARS = 65_536;

    private Ranges() {
    }
}
