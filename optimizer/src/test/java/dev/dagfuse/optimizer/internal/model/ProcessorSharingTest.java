package dev.dagfuse.optimizer.internal.model;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.optimizer.ModelParameters;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Bundles of fused chains: the event simulation against closed forms and a brute-force time-stepped reference. */
class ProcessorSharingTest {

    private static final long SEED = 42;
    private static final int SAMPLES = 64;
    private static final ModelParameters CONSTANT = ModelParameters.defaults().withInvokeOverhead(0, 0);

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
        return new GroupSimulator(SAMPLES, Platform.defaults(), CONSTANT).simulate(chain, memoryMB, k).latencyMs();
    }

    @ParameterizedTest
    @CsvSource({"2, 1769", "3, 1769", "4, 3538", "5, 5307"})
    void itemsThatCanUseTheWholeInvocationKeepItBusy(int k, int memoryMB) {
        // parallelism 6 ≥ cpu(m): the vCPUs are never idle while an item runs, so the makespan is Σ work / cpu(m)
        List<FunctionModel> chain = List.of(function("a", k, 6, 50, 150), function("b", k, 6, 10, 400));
        double[] latency = simulate(chain, memoryMB, k);
        double cpu = Platform.vcpus(memoryMB);
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
        double[] latency = simulate(chain, vcpus * Platform.MB_PER_VCPU, k);
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
        double capacity = Platform.vcpus(memoryMB);
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
}
