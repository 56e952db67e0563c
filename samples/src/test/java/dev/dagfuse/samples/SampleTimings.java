// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures every sample function's CPU time per invocation at the workflow's fan-out: a few warm-up runs
 * (JIT, the classifier's cold start), then the median, min and max over the measured runs' invocations.
 *
 * <p>Run by hand, not by surefire: {@code java -cp <classpath> dev.dagfuse.samples.SampleTimings [runs] [sample...]}.
 */
public final class SampleTimings {

    private SampleTimings() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> names = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : Samples.NAMES;
        for (String name : names) {
            List<Samples.Step> steps = Samples.steps(name);
            for (int warmUp = 0; warmUp < 3; warmUp++) {
                Samples.run(steps, 1000 + warmUp);
            }
            Map<String, List<Long>> times = new LinkedHashMap<>();
            for (int run = 0; run < runs; run++) {
                Samples.Run result = Samples.run(steps, run);
                result.cpuNanos().forEach((function, nanos) -> {
                    List<Long> list = times.computeIfAbsent(function, f -> new ArrayList<>());
                    for (long n : nanos) {
                        list.add(n);
                    }
                });
                if (run == 0) {
                    Object last = result.outputs().get(steps.get(steps.size() - 1).name()).get(0);
                    System.out.println(name + ": " + describe(last));
                }
            }
            for (Map.Entry<String, List<Long>> entry : times.entrySet()) {
                long[] sorted = entry.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
                System.out.printf("  %-9s x%-3d median %6.1f ms  min %6.1f  max %6.1f  (%d invocations)%n", entry.getKey(),
                        steps.stream().filter(s -> s.name().equals(entry.getKey())).findFirst().orElseThrow().fanOut(),
                        sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6, sorted.length);
            }
        }
    }

    private static String describe(Object output) {
        try {
            return (String) output.getClass().getMethod("summary").invoke(output);
        } catch (ReflectiveOperationException e) {
            return String.valueOf(output);
        }
    }
}
