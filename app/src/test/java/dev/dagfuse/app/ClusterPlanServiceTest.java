// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.app.ClusterPlanService.PoolPlan;
import dev.dagfuse.app.ClusterPlanService.WorkflowPlan;
import dev.dagfuse.optimizer.queueing.ErlangC;
import dev.dagfuse.optimizer.queueing.FairShare;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * plan-cluster on generated workflows whose answers have closed forms: a single function of constant latency is an
 * M/M/c pool whose request latency percentile is that latency plus Erlang C's waiting percentile; the cores divided
 * among workflows are the weighted max-min fair shares of their demands.
 */
class ClusterPlanServiceTest {

    private static final Search SEARCH = Search.of("cp-sat", Duration.ofSeconds(60));
    private static final Draws DRAWS = new Draws(4_000, 11L);

    @TempDir
    Path dir;

    /** A one-function workflow on a cluster: every draw takes {@code ms} on a 1-core container. */
    private Path single(String name, double ms, double targetMs, int clusterCores) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(name));
        Path file = sub.resolve("workflow.yaml");
        String samples = String.join(", ", java.util.Collections.nCopies(7, String.format(Locale.ROOT, "%.1f", ms)));
        Files.writeString(file, String.format(Locale.ROOT, """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: %s
                objective:
                  latency: { percentile: 95, target: %.0fms }
                platform: { name: cluster, cores: %d, memoryMB: %d, containerCores: [1] }
                functions:
                  work:
                    memoryMB: 1024
                    memoryOptionsMB: [1024]
                    profile:
                      outputBytes: 1KB
                      peakMemoryMB: 50
                      parallelism: 1
                      latencyMs:
                        1769: [%s]
                """, name, targetMs, clusterCores, clusterCores * 2048, samples));
        return file;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void aSingleGroupPoolIsTheFewestContainersWhoseMgcPercentileMeetsTheTarget(long seed) throws IOException {
        Random random = new Random(seed);
        double serviceMs = 50 + random.nextInt(350);
        double erlangs = 0.2 + 5 * random.nextDouble();
        double rate = erlangs * 1000 / serviceMs;
        double targetMs = serviceMs + 20 + random.nextInt(400);
        Path file = single("w" + seed, serviceMs, targetMs, 64);

        ClusterPlanService.Result r = Services.planCluster().plan(new ClusterPlanService.Request(List.of(file),
                List.of(rate), List.of(), 0.5, SEARCH, DRAWS));

        WorkflowPlan w = r.workflows().get(0);
        assertThat(w.infeasible()).isNull();
        PoolPlan pool = w.pools().get(0);
        double s = pool.pool().serviceMs();
        assertThat(s).as("the mean busy time of an invocation").isCloseTo(serviceMs, within(0.01 * serviceMs + 0.2));
        // every profiled latency is the same: nearly constant service, which waits about half as long as
        // exponential (Allen–Cunneen's (1 + c_s²)/2 × Erlang C, within the approximation's and simulation's 15%)
        double cv = pool.pool().serviceCv();
        assertThat(cv).as("c_s of constant samples").isLessThan(0.05);
        double factor = (1 + cv * cv) / 2;
        double mu = 1000 / s;
        int c = pool.containers();
        assertThat(pool.alone().meanWaitMs()).isCloseTo(factor * 1000 * ErlangC.meanWait(c, rate, mu),
                within(0.15 * factor * 1000 * ErlangC.meanWait(c, rate, mu) + 0.5));
        double waitMs = pool.alone().waitPercentileMs();
        assertThat(w.model().queue(0, c, 1, 95).waitPercentileMs()).isEqualTo(waitMs);
        // constant latency L: the request's P95 is L plus the wait's P95 (the Monte Carlo's, within its sampling error)
        double latency = w.plan().evaluation().predicted().latencyMs().get(95.0);
        // the sampling error of a P95 from n draws: sqrt(p(1 − p)/n) over the wait's density there, about θ·(1 − p)
        double theta = (c * mu - rate) / factor;
        double error = 4 * Math.sqrt(0.95 * 0.05 / DRAWS.samples()) / (theta * 0.05) * 1000 + 1;
        assertThat(w.aloneMs().get(95.0)).isCloseTo(latency + waitMs, within(error));
        assertThat(w.aloneMs().get(95.0)).isLessThanOrEqualTo(targetMs);
        // one container fewer would be unstable or miss the target (unless that is within the sampling error)
        if (c - 1 > rate / mu) {
            double fewer = latency + w.model().queue(0, c - 1, 1, 95).waitPercentileMs();
            if (Math.abs(fewer - targetMs) > error) {
                assertThat(fewer).as("with %d containers", c - 1).isGreaterThan(targetMs);
            }
        }
        assertThat(w.demandedCores()).isEqualTo(c);
        assertThat(w.allocatedCores()).isEqualTo(c);
        assertThat(w.meets()).isTrue();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {21, 22, 23, 24})
    void theCoresAreDividedByWeightedMaxMinFairShare(long seed) throws IOException {
        Random random = new Random(seed);
        int capacity = 6 + random.nextInt(10);
        int n = 2 + random.nextInt(2);
        List<Path> files = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(single("w" + i, 100, 400, capacity));
            rates.add(5.0 + random.nextInt(60)); // 0.5..6.4 erlangs each
            weights.add(1.0 + random.nextInt(3));
        }
        ClusterPlanService.Result r = Services.planCluster().plan(new ClusterPlanService.Request(files, rates, weights,
                0.5, SEARCH, DRAWS));

        assertThat(r.infeasibleAlone()).isFalse();
        List<FairShare.Claim> claims = new ArrayList<>();
        double allocated = 0;
        for (WorkflowPlan w : r.workflows()) {
            claims.add(new FairShare.Claim(w.name(), w.demandedCores(), w.weight()));
            allocated += w.allocatedCores();
            assertThat(w.allocatedCores()).isLessThanOrEqualTo(w.demandedCores() + 1e-9);
        }
        if (r.demandedCores() <= capacity) {
            assertThat(allocated).isEqualTo(r.demandedCores());
            assertThat(r.allMeet()).isTrue();
            return;
        }
        assertThat(allocated).isCloseTo(capacity, within(1e-9));
        // weighted max-min: everyone short of its demand has the same allocation per weight, and no one served in
        // full has more per weight than that level
        List<FairShare.Share> expected = FairShare.allocate(capacity, claims);
        for (int i = 0; i < n; i++) {
            assertThat(r.workflows().get(i).allocatedCores()).isCloseTo(expected.get(i).allocation(), within(1e-9));
        }
        double level = -1;
        for (WorkflowPlan w : r.workflows()) {
            if (w.allocatedCores() < w.demandedCores() - 1e-9) {
                double perWeight = w.allocatedCores() / w.weight();
                assertThat(level < 0 || Math.abs(level - perWeight) < 1e-9).isTrue();
                level = perWeight;
            }
        }
        for (WorkflowPlan w : r.workflows()) {
            if (w.allocatedCores() >= w.demandedCores() - 1e-9) {
                assertThat(w.demandedCores() / w.weight()).isLessThanOrEqualTo(level + 1e-9);
            }
            // a short workflow's containers are deflated, never below the floor, or taken away at the floor
            for (PoolPlan p : w.pools()) {
                assertThat(p.keptContainers()).isLessThanOrEqualTo(p.containers());
                if (p.keptContainers() > 0) {
                    assertThat(p.cpuShare()).isBetween(0.5, 1.0);
                }
                if (p.keptContainers() < p.containers()) {
                    assertThat(p.cpuShare()).isEqualTo(0.5);
                }
            }
            double served = w.pools().stream().mapToDouble(p -> p.keptContainers() * p.cpuShare()
                    * p.pool().coresPerContainer()).sum();
            assertThat(served).isLessThanOrEqualTo(w.allocatedCores() + 1e-9);
        }
    }

    @Test
    void aHeavyWorkflowCannotStarveALightOne() throws IOException {
        Path heavy = single("heavy", 100, 400, 16);
        Path light = single("light", 100, 400, 16);
        // heavy offers 50 erlangs (needs ~52+ containers), light 1 erlang: light asks for less than half the cluster
        ClusterPlanService.Result r = Services.planCluster().plan(new ClusterPlanService.Request(List.of(heavy, light),
                List.of(500.0, 10.0), List.of(), 0.5, SEARCH, DRAWS));

        WorkflowPlan h = r.workflows().get(0);
        WorkflowPlan l = r.workflows().get(1);
        assertThat(r.infeasibleAlone()).as("heavy needs more than the cluster").isTrue();
        assertThat(h.infeasible()).contains("more than the cluster's 16 cores");
        assertThat(l.meets()).isTrue();

        // heavy within the cluster alone (14 erlangs: 15 or 16 cores), but not beside light at the same weight
        Path heavy2 = single("heavy2", 100, 400, 16);
        ClusterPlanService.Result shared = Services.planCluster().plan(new ClusterPlanService.Request(
                List.of(heavy2, light), List.of(140.0, 10.0), List.of(), 0.5, SEARCH, DRAWS));
        WorkflowPlan h2 = shared.workflows().get(0);
        WorkflowPlan l2 = shared.workflows().get(1);
        assertThat(shared.infeasibleAlone()).isFalse();
        assertThat(shared.demandedCores()).isGreaterThan(16);
        assertThat(l2.allocatedCores()).as("light's whole demand").isEqualTo(l2.demandedCores());
        assertThat(l2.pools().get(0).cpuShare()).isEqualTo(1.0);
        assertThat(l2.predictedMs()).isEqualTo(l2.aloneMs().get(95.0));
        assertThat(l2.meets()).isTrue();
        assertThat(h2.allocatedCores()).isEqualTo(16 - l2.demandedCores());
        assertThat(h2.meets()).isFalse();
        assertThat(h2.missMs()).isPositive();

        // at 10 times light's weight, light still keeps its weighted proportional share, 16 × 1/11 cores
        ClusterPlanService.Result weighted = Services.planCluster().plan(new ClusterPlanService.Request(
                List.of(heavy2, light), List.of(140.0, 10.0), List.of(10.0, 1.0), 0.5, SEARCH, DRAWS));
        assertThat(weighted.workflows().get(1).allocatedCores())
                .isCloseTo(Math.min(l2.demandedCores(), 16.0 / 11), within(1e-9));
    }

    @Test
    void badRequestsSayWhatIsValid() throws IOException {
        Path a = single("a", 100, 400, 8);
        assertThatThrownBy(() -> Services.planCluster().plan(new ClusterPlanService.Request(List.of(a, a), List.of(1.0),
                List.of(), 0.5, SEARCH, DRAWS))).isInstanceOf(RequestException.class)
                .hasMessageContaining("1 rate(s) for 2 workflow(s)");
        Path other = single("b", 100, 400, 4);
        assertThatThrownBy(() -> Services.planCluster().plan(new ClusterPlanService.Request(List.of(a, other),
                List.of(1.0, 1.0), List.of(), 0.5, SEARCH, DRAWS))).isInstanceOf(RequestException.class)
                .hasMessageContaining("share one cluster");
        assertThatThrownBy(() -> Services.planCluster().plan(new ClusterPlanService.Request(List.of(a), List.of(1.0),
                List.of(), 0, SEARCH, DRAWS))).isInstanceOf(RequestException.class).hasMessageContaining("--floor (0.0)");
    }
}
