// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.planner;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded random DAGs for planner tests: chains (fusible runs), fan-outs with per-branch chains, joins. */
final class RandomWorkflows {

    private RandomWorkflows() {
    }

    static Workflow generate(long seed, int functions, int[] fanOuts) {
        SplittableRandom r = new SplittableRandom(seed);
        List<FunctionSpec> specs = new ArrayList<>();
        List<Integer> fan = new ArrayList<>();
        for (int i = 0; i < functions; i++) {
            List<String> after = new ArrayList<>();
            int fanOut;
            if (i == 0) {
                fanOut = 1;
            } else {
                double u = r.nextDouble();
                if (u < 0.55) {
                    after.add("f" + (i - 1));
                } else if (u < 0.8 || i < 3) {
                    after.add("f" + r.nextInt(i));
                } else {
                    int a = r.nextInt(i);
                    int b = r.nextInt(i);
                    after.add("f" + Math.min(a, b));
                    if (a != b) {
                        after.add("f" + Math.max(a, b));
                    }
                }
                int parentFan = fan.get(Integer.parseInt(after.get(0).substring(1)));
                fanOut = parentFan > 1 && r.nextDouble() < 0.6 ? parentFan : fanOuts[r.nextInt(fanOuts.length)];
            }
            fan.add(fanOut);
            specs.add(new FunctionSpec("f" + i, null, 1024, List.of(), after, fanOut, Retry.DEFAULT,
                    FunctionSpec.DEFAULT_TIMEOUT_MS, null));
        }
        return Workflow.of("random-" + seed, AwsLambdaPlatform.defaults(), specs);
    }

    static FunctionSpec fn(String name, int fanOut, String... after) {
        return new FunctionSpec(name, null, 1024, List.of(), List.of(after), fanOut, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }
}
