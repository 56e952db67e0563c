package dev.dagfuse.optimizer;

/**
 * The platform constants of the latency/cost model that are not prices (those are in the workflow's
 * {@code platform.prices}). Defaults and their sources are listed in docs/model.md.
 *
 * @param invokeOverheadMedianMs median of one Lambda invocation's overhead outside the handler (orchestrator →
 *     function → orchestrator); 25 ms, the warm invoke median of Wang et al. (ATC'18)
 * @param invokeOverheadSigma shape σ of the lognormal overhead (0 makes it a constant)
 * @param coldStartProbability probability that an invocation lands on a fresh environment (0: no arrival-rate model yet)
 * @param s3GetMedianMs median latency of one S3 GET round trip (small object), lognormal
 * @param s3PutMedianMs median latency of one S3 PUT round trip (small object), lognormal
 * @param s3Sigma shape σ of both S3 latency distributions
 * @param bandwidthBytesPerSecond network bandwidth of one execution environment (625 Mbit/s)
 * @param inlineLimitBytes largest payload passed inline between states (Step Functions: 256 KiB)
 * @param localInvokeOverheadMs the local platform's cost of starting one invocation (a task hand-off to a thread pool)
 * @param localStoreLatencyMs the local platform's fixed cost of one store operation (one object written, or one read)
 * @param localStoreBytesPerSecond the local platform's throughput of one store operation (serialize + write, or
 *     read + deserialize)
 */
public record ModelParameters(double invokeOverheadMedianMs, double invokeOverheadSigma, double coldStartProbability,
                              double s3GetMedianMs, double s3PutMedianMs, double s3Sigma,
                              double bandwidthBytesPerSecond, long inlineLimitBytes,
                              double localInvokeOverheadMs, double localStoreLatencyMs, double localStoreBytesPerSecond) {

    public ModelParameters {
        nonNegative(invokeOverheadMedianMs, "invokeOverheadMedianMs");
        nonNegative(invokeOverheadSigma, "invokeOverheadSigma");
        if (!(coldStartProbability >= 0 && coldStartProbability <= 1)) {
            throw new IllegalArgumentException("The cold start probability (" + coldStartProbability
                    + ") must be within 0..1. Maybe 0.01.");
        }
        nonNegative(s3GetMedianMs, "s3GetMedianMs");
        nonNegative(s3PutMedianMs, "s3PutMedianMs");
        nonNegative(s3Sigma, "s3Sigma");
        if (!(bandwidthBytesPerSecond > 0)) {
            throw new IllegalArgumentException("The bandwidth (" + bandwidthBytesPerSecond + " B/s) must be > 0.");
        }
        if (inlineLimitBytes < 0) {
            throw new IllegalArgumentException("The inline limit (" + inlineLimitBytes + " B) must be ≥ 0.");
        }
        nonNegative(localInvokeOverheadMs, "localInvokeOverheadMs");
        nonNegative(localStoreLatencyMs, "localStoreLatencyMs");
        if (!(localStoreBytesPerSecond > 0)) {
            throw new IllegalArgumentException("The local store throughput (" + localStoreBytesPerSecond
                    + " B/s) must be > 0.");
        }
    }

    /** The defaults of docs/model.md. */
    public static ModelParameters defaults() {
        return new ModelParameters(25, 0.3, 0, 20, 30, 0.5, 625e6 / 8, 256 * 1024, 0.05, 0.2, 200e6);
    }

    public ModelParameters withInvokeOverhead(double medianMs, double sigma) {
        return new ModelParameters(medianMs, sigma, coldStartProbability, s3GetMedianMs, s3PutMedianMs, s3Sigma,
                bandwidthBytesPerSecond, inlineLimitBytes, localInvokeOverheadMs, localStoreLatencyMs,
                localStoreBytesPerSecond);
    }

    public ModelParameters withColdStartProbability(double p) {
        return new ModelParameters(invokeOverheadMedianMs, invokeOverheadSigma, p, s3GetMedianMs, s3PutMedianMs, s3Sigma,
                bandwidthBytesPerSecond, inlineLimitBytes, localInvokeOverheadMs, localStoreLatencyMs,
                localStoreBytesPerSecond);
    }

    public ModelParameters withS3(double getMedianMs, double putMedianMs, double sigma) {
        return new ModelParameters(invokeOverheadMedianMs, invokeOverheadSigma, coldStartProbability, getMedianMs,
                putMedianMs, sigma, bandwidthBytesPerSecond, inlineLimitBytes, localInvokeOverheadMs,
                localStoreLatencyMs, localStoreBytesPerSecond);
    }

    public ModelParameters withLocalStore(double invokeOverheadMs, double storeLatencyMs, double storeBytesPerSecond) {
        return new ModelParameters(invokeOverheadMedianMs, invokeOverheadSigma, coldStartProbability, s3GetMedianMs,
                s3PutMedianMs, s3Sigma, bandwidthBytesPerSecond, inlineLimitBytes, invokeOverheadMs, storeLatencyMs,
                storeBytesPerSecond);
    }

    private static void nonNegative(double value, String name) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("The model parameter " + name + " (" + value + ") must be a number ≥ 0.");
        }
    }
}
