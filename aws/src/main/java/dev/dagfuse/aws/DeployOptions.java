// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import java.net.URI;

/**
 * How {@code dagfuse deploy} and {@code dagfuse invoke} reach AWS.
 *
 * @param region the region (the workflow platform's when null)
 * @param endpoint one endpoint for every service (a test fake, LocalStack), or null for AWS's own
 * @param prefix put before every resource name
 * @param roleArn an existing role for the functions and the state machine (it must trust lambda.amazonaws.com and
 *     states.amazonaws.com); null: deploy creates two least-privilege roles
 * @param bucket the bucket for large values; null: {@code Layout.defaultBucket}
 * @param dryRun read the current state and print the changes, make none
 * @param prune delete the functions of this workflow that the plan no longer has
 * @param credentials explicit credentials, or null for the SDK's default chain
 */
public record DeployOptions(String region, URI endpoint, String prefix, String roleArn, String bucket, boolean dryRun,
                            boolean prune, Credentials credentials) {

    /** Static credentials; {@link #toString()} hides the secret. */
    public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", secret hidden]";
        }
    }

    public DeployOptions {
        prefix = prefix == null ? "" : prefix;
    }

    public static DeployOptions defaults() {
        return new DeployOptions(null, null, "", null, null, false, false, null);
    }

    public DeployOptions withEndpoint(URI e, Credentials c) {
        return new DeployOptions(region, e, prefix, roleArn, bucket, dryRun, prune, c);
    }

    public DeployOptions withDryRun(boolean d) {
        return new DeployOptions(region, endpoint, prefix, roleArn, bucket, d, prune, credentials);
    }

    public DeployOptions withPrune(boolean p) {
        return new DeployOptions(region, endpoint, prefix, roleArn, bucket, dryRun, p, credentials);
    }

    public DeployOptions withPrefix(String p) {
        return new DeployOptions(region, endpoint, p, roleArn, bucket, dryRun, prune, credentials);
    }

    public DeployOptions withRole(String arn) {
        return new DeployOptions(region, endpoint, prefix, arn, bucket, dryRun, prune, credentials);
    }

    ExportOptions exportOptions(String planLabel) {
        return new ExportOptions(prefix, region, null, bucket, null, planLabel);
    }
}
