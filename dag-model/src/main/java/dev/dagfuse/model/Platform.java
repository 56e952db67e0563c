package dev.dagfuse.model;

/**
 * Where the workflow runs: prices, memory range and, for the local platform, its cores.
 *
 * @param name {@link #AWS_LAMBDA} or {@link #LOCAL}
 * @param architecture {@code x86_64} or {@code arm64}
 * @param region the AWS region (informational: default prices are us-east-1's)
 * @param orchestration {@code standard} or {@code express} (Step Functions workflow type)
 * @param cores the local platform's cores (0 on Lambda, where capacity is not the limit)
 * @param memoryMinMB the smallest memory size a function may have
 * @param memoryMaxMB the largest memory size a function may have
 * @param prices the unit prices
 */
public record Platform(String name, String architecture, String region, String orchestration, int cores,
                       int memoryMinMB, int memoryMaxMB, Prices prices) {

    public static final String AWS_LAMBDA = "aws-lambda";
    public static final String LOCAL = "local";
    /** Lambda gives one vCPU's worth of CPU time at 1,769 MB, proportionally below and above. */
    public static final int MB_PER_VCPU = 1769;
    /** Lambda's largest size, 10,240 MB, has 6 vCPUs. */
    public static final int MAX_VCPUS = 6;

    public static Platform awsLambda(String architecture) {
        Prices prices = "arm64".equals(architecture) ? Prices.LAMBDA_ARM64 : Prices.LAMBDA_X86_64;
        return new Platform(AWS_LAMBDA, architecture, "us-east-1", "standard", 0, 128, 10_240, prices);
    }

    public static Platform defaults() {
        return awsLambda("x86_64");
    }

    public static Platform local(int cores) {
        return new Platform(LOCAL, "x86_64", "local", "standard", cores, 128, 10_240, Prices.LOCAL);
    }

    public boolean isLocal() {
        return LOCAL.equals(name);
    }

    /** vCPUs available to one invocation at {@code memoryMB}, before any per-function parallelism cap. */
    public static double vcpus(int memoryMB) {
        return Math.min((double) memoryMB / MB_PER_VCPU, MAX_VCPUS);
    }
}
