// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code dagfuse invoke} measured: each execution, per group its span in each execution (from the group's first
 * state entered to its last state exited, from the execution history), next to the plan's predicted latency.
 *
 * @param workflow the workflow's name
 * @param stateMachineArn the state machine run
 * @param concurrency executions in flight at once
 * @param executions each execution, in start order
 * @param groups per plan group, its spans over the succeeded executions
 * @param predictedMs the plan's predicted latency by percentile (50, 95, 99), empty when the plan has none
 */
public record InvokeReport(String workflow, String stateMachineArn, int concurrency, List<Execution> executions,
                           List<GroupTimes> groups, Map<Double, Double> predictedMs) {

    public InvokeReport {
        executions = List.copyOf(executions);
        groups = List.copyOf(groups);
        predictedMs = Map.copyOf(predictedMs);
    }

    /** One execution: its name, status, start-to-stop latency, and the error and cause when it failed. */
    public record Execution(String name, String status, double latencyMs, String error, String cause) {
        public boolean ok() {
            return "SUCCEEDED".equals(status);
        }
    }

    /** One group's span per succeeded execution, in ms. */
    public record GroupTimes(String group, int bundleSize, int invocations, List<Double> spansMs) {
        public GroupTimes {
            spansMs = List.copyOf(spansMs);
        }
    }

    public long failed() {
        return executions.stream().filter(e -> !e.ok()).count();
    }

    /** Percentile {@code p} (0..100) of {@code values}, interpolated between order statistics (type 7, as the model's). */
    public static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double h = (v.length - 1) * p / 100.0;
        int lo = (int) Math.floor(h);
        int hi = Math.min(v.length - 1, lo + 1);
        return v[lo] + (h - lo) * (v[hi] - v[lo]);
    }

    /** The report as the CLI prints it. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append(String.format(Locale.ROOT, "dagfuse invoke: %s, %d executions, concurrency %d, state machine %s%n",
                workflow, executions.size(), concurrency, stateMachineArn));
        sb.append(String.format(Locale.ROOT, "executions: %d ok, %d failed%n", executions.size() - failed(), failed()));
        for (Execution e : executions) {
            if (!e.ok()) {
                sb.append("  ").append(e.name()).append(": ").append(e.status()).append(' ')
                        .append(e.error() == null ? "" : e.error()).append(e.cause() == null ? "" : ": " + e.cause()).append(nl);
            }
        }
        List<Double> ok = new ArrayList<>();
        executions.stream().filter(Execution::ok).forEach(e -> ok.add(e.latencyMs()));
        sb.append(nl).append(String.format(Locale.ROOT, "%-14s %10s %10s %10s %10s%n", "latency (ms)", "P50", "P95", "P99", "mean"));
        double mean = ok.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double[] measured = {percentile(ok, 50), percentile(ok, 95), percentile(ok, 99)};
        sb.append(String.format(Locale.ROOT, "%-14s %10.1f %10.1f %10.1f %10.1f%n", "measured", measured[0], measured[1],
                measured[2], mean));
        Double[] predicted = {predictedMs.get(50.0), predictedMs.get(95.0), predictedMs.get(99.0)};
        if (Arrays.stream(predicted).allMatch(p -> p != null)) {
            sb.append(String.format(Locale.ROOT, "%-14s %10.1f %10.1f %10.1f%n", "predicted", predicted[0], predicted[1], predicted[2]));
            sb.append(String.format(Locale.ROOT, "%-14s %9.1f%% %9.1f%% %9.1f%%%n", "error",
                    100 * (measured[0] - predicted[0]) / predicted[0], 100 * (measured[1] - predicted[1]) / predicted[1],
                    100 * (measured[2] - predicted[2]) / predicted[2]));
            sb.append("(predicted: the plan file's own numbers, the Monte Carlo model on the workflow's platform; measured: "
                    + "Step Functions execution start to stop)").append(nl);
        } else {
            sb.append("(no prediction: the plan file has no predicted P50/P95/P99; 'dagfuse plan -o' writes them)").append(nl);
        }
        sb.append(nl).append(String.format(Locale.ROOT, "%-28s %6s %7s %9s %9s %9s%n", "group", "bundle", "inv/req",
                "P50 ms", "P95 ms", "P99 ms"));
        for (GroupTimes g : groups) {
            sb.append(String.format(Locale.ROOT, "%-28s %6d %7d %9.1f %9.1f %9.1f%n", g.group(), g.bundleSize(),
                    g.invocations(), percentile(g.spansMs(), 50), percentile(g.spansMs(), 95), percentile(g.spansMs(), 99)));
        }
        sb.append("(group: its first state entered to its last state exited, from each execution's history)").append(nl);
        return sb.toString();
    }
}
