// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

/**
 * How a plan is laid out on AWS.
 *
 * @param prefix put before every resource name (functions, state machine, roles), e.g. {@code dev-}; may be empty
 * @param region the region the ARNs name (the workflow platform's when null)
 * @param account the account the ARNs of a bare ASL export name ({@code 123456789012} when null: replace it, or let
 *     deploy and the templates fill in the real ARNs)
 * @param bucket the bucket large values go through; null: the templates create one, deploy derives a name
 * @param keyPrefix the key prefix in that bucket; null: {@code dagfuse/WORKFLOW}
 * @param planLabel how messages name the plan (its file name)
 */
public record ExportOptions(String prefix, String region, String account, String bucket, String keyPrefix,
                            String planLabel) {

    public static final String PLACEHOLDER_ACCOUNT = "123456789012";

    public ExportOptions {
        prefix = prefix == null ? "" : prefix;
        planLabel = planLabel == null ? "plan" : planLabel;
    }

    public static ExportOptions defaults() {
        return new ExportOptions("", null, null, null, null, "plan");
    }

    public ExportOptions withPrefix(String p) {
        return new ExportOptions(p, region, account, bucket, keyPrefix, planLabel);
    }

    public ExportOptions withRegion(String r) {
        return new ExportOptions(prefix, r, account, bucket, keyPrefix, planLabel);
    }

    public ExportOptions withAccount(String a) {
        return new ExportOptions(prefix, region, a, bucket, keyPrefix, planLabel);
    }

    public ExportOptions withBucket(String b) {
        return new ExportOptions(prefix, region, account, b, keyPrefix, planLabel);
    }

    public ExportOptions withPlanLabel(String l) {
        return new ExportOptions(prefix, region, account, bucket, keyPrefix, l);
    }
}
