// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/**
 * The unit prices of AWS Lambda, S3 and Step Functions, in USD. Defaults are AWS us-east-1 list prices
 * (see docs/model.md for the sources); every field can be overridden under {@code platform.prices}.
 *
 * @param gbSecondUsd Lambda duration price per GB-second
 * @param requestUsd Lambda price per invocation
 * @param s3PutUsd S3 price per PUT request
 * @param s3GetUsd S3 price per GET request
 * @param stateTransitionUsd Step Functions Standard price per state transition
 * @param expressRequestUsd Step Functions Express price per workflow request
 * @param expressGbSecondUsd Step Functions Express duration price per GB-second (billed in 64 MB, 100 ms units)
 */
public record Prices(double gbSecondUsd, double requestUsd, double s3PutUsd, double s3GetUsd,
                     double stateTransitionUsd, double expressRequestUsd, double expressGbSecondUsd) {

    public static final Prices LAMBDA_X86_64 = new Prices(0.0000166667, 0.20 / 1e6, 0.005 / 1e3, 0.0004 / 1e3,
            0.025 / 1e3, 1.00 / 1e6, 0.0000166667);
    public static final Prices LAMBDA_ARM64 = new Prices(0.0000133334, 0.20 / 1e6, 0.005 / 1e3, 0.0004 / 1e3,
            0.025 / 1e3, 1.00 / 1e6, 0.0000166667);
}
