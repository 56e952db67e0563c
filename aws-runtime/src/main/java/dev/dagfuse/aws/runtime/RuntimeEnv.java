// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

/**
 * The environment variables a deployed group function reads (set by export and deploy). Every group function gets
 * the same code package; these tell it which group it is and where large outputs go.
 */
public final class RuntimeEnv {

    /** The plan group's id, e.g. {@code extract+classify}. */
    public static final String GROUP = "DAGFUSE_GROUP";
    /** The group's fused chain, comma-separated in order, e.g. {@code extract,classify}. */
    public static final String FUNCTIONS = "DAGFUSE_FUNCTIONS";
    /** The group's memory in MB (its pool is sized to the vCPUs Lambda gives that memory). */
    public static final String MEMORY_MB = "DAGFUSE_MEMORY_MB";
    /** The bucket outputs over the inline limit go to. */
    public static final String BUCKET = "DAGFUSE_BUCKET";
    /** The key prefix in that bucket (no trailing slash; may be empty). */
    public static final String PREFIX = "DAGFUSE_PREFIX";
    /** The largest output, in bytes of its inline (base64) form, passed inline in the state. */
    public static final String INLINE_LIMIT_BYTES = "DAGFUSE_INLINE_LIMIT_BYTES";
    /** Optional: an S3 endpoint (tests and S3-compatible stores). */
    public static final String S3_ENDPOINT = "DAGFUSE_S3_ENDPOINT";

    /** Where the packaged workflow is, in the code package (and on the class path). */
    public static final String WORKFLOW_RESOURCE = "dagfuse/workflow.yaml";
    /** The handler string of every group function. */
    public static final String HANDLER = GroupHandler.class.getName() + "::handleRequest";

    private RuntimeEnv() {
    }
}
