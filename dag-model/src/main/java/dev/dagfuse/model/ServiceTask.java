// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/**
 * A step that is not a Lambda function: a Step Functions service integration (DynamoDB, SQS, SNS, an HTTP endpoint,
 * …: {@code service:} in the workflow) or a Wait state ({@code wait: 5s}). It takes a latency drawn from its
 * distribution and costs a price per call; it is never fused, bundled or sized, and has no cold start.
 *
 * @param latency its latency per call (a Wait: a constant)
 * @param priceUsd what one call costs (a Wait: 0; the state transition is the orchestration's)
 * @param isWait whether it is a Wait state
 */
public record ServiceTask(Platform.Lognormal latency, double priceUsd, boolean isWait) {

    public ServiceTask {
        if (latency == null) {
            throw new IllegalArgumentException("A service task needs a latency.");
        }
        if (!(priceUsd >= 0 && priceUsd <= Ranges.MAX_PRICE_USD)) {
            throw new IllegalArgumentException("The price per call (" + priceUsd + " USD) must be within 0.."
                    + Ranges.MAX_PRICE_USD + ".");
        }
    }

    public static ServiceTask waitFor(double ms) {
        return new ServiceTask(Platform.Lognormal.constant(ms), 0, true);
    }

    /** The profile the model reads for it: no output, no memory, its median latency (the draws come from {@link #latency}). */
    public FunctionProfile profile() {
        return new FunctionProfile(0, 0, 1, java.util.List.of(),
                java.util.Map.of(dev.dagfuse.model.scaling.ScalingModel.MB_PER_VCPU, java.util.List.of(latency.medianMs())));
    }
}
