// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.scaling.ScalingModel;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Bundles of fused chains: the event simulation against closed forms and a brute-force time-stepped reference. */
class ProcessorSharingTest {

    private static final long SEED = 42;
    private static final int SAMPLES = 64;
    /** No orchestration latency at all: a group's draws are its invocations' work alone. */
    private static final AwsLambdaPlatform CONSTANT = AwsLambdaPlatform.defaults()
            .withOverheads(AwsLambdaPlatform.DEFAULT_OVERHEADS.withInvoke(Platform.Lognormal.constant(0)))
            .withStates(new AwsLambdaPlatform.StateLatencies(Platform.Lognormal.constant(0), Platform.Lognormal.constant(0),
                    Platform.Lognormal.constant(0)));

    // One measured size (1769 MB), so a = 0: work is all CPU and speed is linear in the vCPUs an item holds.
    private static FunctionModel function(String name, int fanOut, int parallelism, double lo, double hi) {
        FunctionSpec spec = new FunctionSpec(name, null, 1769, List.of(), List.of(), fanOut, Retry.DEFAULT, 900_000, null);
        FunctionProfile p = new FunctionProfile(10, 0, parallelism, List.of(), Map.of(1769, List.of(lo, hi)));
        return new FunctionModel(spec, p, List.of(), false, SEED);
    }

    private static double work(FunctionModel f, int branch, int draw) {
        return f.quantiles(1769).applyAsDouble(Streams.uniform(f.stream(Streams.WORK, branch), draw));
    }

    private static double[] simulate(List<FunctionModel> chain, int memoryMB, int k) {
        return new GroupSimulator(SAMPLES, CONSTANT).simulate(chain, memoryMB, k, Orchestration.STANDARD, null,
                chain.get(0).fanOut > 1 ? MapForm.INLINE : null).latencyMs();
    }

    @ParameterizedTest
    @CsvSource({"2, 1769", "3, 1769", "4, 3538", "5, 5307"})
    void itemsThatCanUseTheWholeInvocationKeepItBusy(int k, int memoryMB) {
        // parallelism 6 ≥ cpu(m): the vCPUs are never idle while an item runs, so the makespan is Σ work / cpu(m)
        List<FunctionModel> chain = List.of(function("a", k, 6, 50, 150), function("b", k, 6, 10, 400));
        double[] latency = simulate(chain, memoryMB, k);
        double cpu = ScalingModel.vcpus(memoryMB);
        for (int i = 0; i < SAMPLES; i++) {
            double total = 0;
            for (int b = 0; b < k; b++) {
                total += work(chain.get(0), b, i) + work(chain.get(1), b, i);
            }
            assertThat(latency[i]).isCloseTo(total / cpu, within(1e-6));
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 1, 2", "3, 2, 6", "2, 2, 5"})
    void enoughVcpusRunEveryItemAlone(int k, int parallelism, int vcpus) {
        List<FunctionModel> chain = List.of(function("a", k, parallelism, 50, 150), function("b", k, 1, 10, 400));
        double[] latency = simulate(chain, vcpus * ScalingModel.MB_PER_VCPU, k);
        for (int i = 0; i < SAMPLES; i++) {
            double longest = 0;
            for (int b = 0; b < k; b++) {
                longest = Math.max(longest, work(chain.get(0), b, i) / parallelism + work(chain.get(1), b, i));
            }
            assertThat(latency[i]).isCloseTo(longest, within(1e-6));
        }
    }

    @ParameterizedTest
    @CsvSource({"3, 1, 2, 3538", "4, 2, 1, 5307", "3, 1, 4, 1769", "5, 2, 3, 7076"})
    void mixedParallelismMatchesATimeSteppedReference(int k, int pa, int pb, int memoryMB) {
        List<FunctionModel> chain = List.of(function("a", k, pa, 20, 120), function("b", k, pb, 30, 90));
        double[] latency = simulate(chain, memoryMB, k);
        double capacity = ScalingModel.vcpus(memoryMB);
        for (int i = 0; i < 5; i++) {
            double[][] works = new double[k][2];
            for (int b = 0; b < k; b++) {
                works[b][0] = work(chain.get(0), b, i);
                works[b][1] = work(chain.get(1), b, i);
            }
            assertThat(latency[i]).isCloseTo(stepped(works, new int[] {pa, pb}, capacity), within(0.1));
        }
    }

    // Independent reference: advance time in 4 µs steps, re-dividing the vCPUs by water-filling at every step.
    private static double stepped(double[][] works, int[] caps, double capacity) {
        int k = works.length;
        int[] stage = new int[k];
        double[] left = new double[k];
        for (int b = 0; b < k; b++) {
            left[b] = works[b][0];
        }
        double dt = 0.004;
        double t = 0;
        while (true) {
            int active = 0;
            for (int b = 0; b < k; b++) {
                if (stage[b] < 2) {
                    active++;
                }
            }
            if (active == 0) {
                return t;
            }
            double[] share = new double[k];
            boolean[] fixed = new boolean[k];
            double remaining = capacity;
            int open = active;
            boolean changed = true;
            while (changed) {
                changed = false;
                double fair = remaining / open;
                for (int b = 0; b < k; b++) {
                    if (stage[b] < 2 && !fixed[b] && caps[stage[b]] <= fair) {
                        share[b] = caps[stage[b]];
                        fixed[b] = true;
                        remaining -= share[b];
                        open--;
                        changed = true;
                    }
                }
            }
            for (int b = 0; b < k; b++) {
                if (stage[b] < 2 && !fixed[b]) {
                    share[b] = remaining / open;
                }
            }
            for (int b = 0; b < k; b++) {
                if (stage[b] < 2) {
                    left[b] -= share[b] * dt;
                    while (stage[b] < 2 && left[b] <= 0) {
                        double carry = -left[b];
                        stage[b]++;
                        if (stage[b] < 2) {
                            left[b] = works[b][stage[b]] - carry;
                        }
                    }
                }
            }
            t += dt;
        }
    }

    /**
     * Random chains (2–4 functions, mixed parallelism, fitted a + b / c with a > 0, zero-work items) against a
     * straightforward event simulation that rescans every item at every event: the per-function clocks and heaps
     * must give the same makespans.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void perFunctionClocksMatchAnItemByItemEventSimulation(long seed) {
        matchesItemByItem(seed, false);
    }

    /** Functions measured at one size (a = 0: all CPU) and one cap run at one speed: the summed-work closed form. */
    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
    void oneSpeedChainsMatchAnItemByItemEventSimulation(long seed) {
        matchesItemByItem(seed, true);
    }

    private static void matchesItemByItem(long seed, boolean oneSpeed) {
        Random random = new Random(seed);
        int parallelism = 1 + random.nextInt(4);
        int length = 2 + random.nextInt(3);
        int k = 2 + random.nextInt(40);
        List<FunctionModel> chain = new ArrayList<>();
        for (int f = 0; f < length; f++) {
            double lo = random.nextInt(4) == 0 ? 0 : 1 + random.nextDouble() * 50;
            double hi = lo + random.nextDouble() * 300;
            // two measured sizes, so the fit has a serial part a > 0 and speed is sublinear in the vCPUs
            double serial = 0.2 + 0.6 * random.nextDouble();
            FunctionSpec spec = new FunctionSpec("f" + f, null, 1769, List.of(), List.of(), k, Retry.DEFAULT, 900_000, null);
            FunctionProfile p = oneSpeed
                    ? new FunctionProfile(10, 0, parallelism, List.of(), Map.of(1769, List.of(lo, hi)))
                    : new FunctionProfile(10, 0, 1 + random.nextInt(4), List.of(), Map.of(1769, List.of(lo, hi),
                            3538, List.of(lo * (serial + (1 - serial) / 2), hi * (serial + (1 - serial) / 2))));
            chain.add(new FunctionModel(spec, p, List.of(), false, SEED + seed));
        }
        int memoryMB = 128 + random.nextInt(10_113);
        double[] latency = simulate(chain, memoryMB, k);
        for (int i = 0; i < SAMPLES; i++) {
            double[][] works = new double[k][length];
            for (int b = 0; b < k; b++) {
                for (int f = 0; f < length; f++) {
                    works[b][f] = work(chain.get(f), b, i);
                }
            }
            double expected = itemByItem(chain, works, ScalingModel.vcpus(memoryMB));
            assertThat(latency[i]).as("draw %d", i).isCloseTo(expected, within(1e-7 * (1 + expected)));
        }
    }

    // Reference: at every event, water-fill the vCPUs item by item and advance every active item.
    private static double itemByItem(List<FunctionModel> chain, double[][] works, double capacity) {
        int k = works.length;
        int length = chain.size();
        int[] stage = new int[k];
        double[] left = new double[k];
        for (int b = 0; b < k; b++) {
            stage[b] = 0;
            while (stage[b] < length && works[b][stage[b]] <= 0) {
                stage[b]++;
            }
            left[b] = stage[b] < length ? works[b][stage[b]] : 0;
        }
        double time = 0;
        while (true) {
            List<Integer> active = new ArrayList<>();
            for (int b = 0; b < k; b++) {
                if (stage[b] < length) {
                    active.add(b);
                }
            }
            if (active.isEmpty()) {
                return time;
            }
            active.sort((x, y) -> Integer.compare(chain.get(stage[x]).parallelism, chain.get(stage[y]).parallelism));
            double[] speed = new double[k];
            double free = capacity;
            for (int c = 0; c < active.size(); c++) {
                int b = active.get(c);
                double share = Math.min(chain.get(stage[b]).parallelism, free / (active.size() - c));
                speed[b] = chain.get(stage[b]).speed(share);
                free -= share;
            }
            double dt = Double.POSITIVE_INFINITY;
            for (int b : active) {
                dt = Math.min(dt, left[b] / speed[b]);
            }
            time += dt;
            for (int b : active) {
                left[b] -= speed[b] * dt;
                if (left[b] <= 1e-9 * (1 + dt)) {
                    do {
                        stage[b]++;
                    } while (stage[b] < length && works[b][stage[b]] <= 0);
                    left[b] = stage[b] < length ? works[b][stage[b]] : 0;
                }
            }
        }
    }
}
