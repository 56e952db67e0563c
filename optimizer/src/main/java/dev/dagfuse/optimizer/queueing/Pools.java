// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import dev.dagfuse.model.stats.Quantiles;

import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A workflow's request latency when each of its groups runs in a pool of containers that queue the group's
 * invocations: the model's latency draws (each invocation finding a free container) plus, per draw, each group's
 * wait in its pool. The waits are those of an M/G/c queue, simulated: Poisson arrivals, service times with the
 * group's mean and coefficient of variation c_s (gamma distributed: exponential at c_s = 1, so M/M/c's Erlang C is
 * reproduced there; constant at c_s = 0), c containers serving first come, first served (Kiefer–Wolfowitz);
 * 200,000 arrivals after 20,000 to reach the steady state, kept as 4,097 quantiles. Sizes the
 * pools so that a latency percentile meets a target with few cores ({@link #size}).
 *
 * <p>What is assumed, and where it is only an approximation:
 * <ul>
 * <li>each pool's invocations arrive as a Poisson stream of rate {@code requests/s × invocations per request}, with
 * gamma service times of the group's mean (the model's mean busy time of one invocation) and c_s: only the mean and
 * c_s are the model's, the shape beyond them is assumed; the simulation's own error is a few percent in the mean wait
 * at utilisation 0.8 (GeneralServiceWaitsTest);</li>
 * <li>a group whose request makes k invocations waits for the longest of k independent waits (the k arrive
 * together, which a Poisson stream does not capture: an approximation that errs low when k nears the containers);</li>
 * <li>a request's added time is the sum of its groups' waits: exact for a chain of groups, an upper bound where
 * groups run side by side (max(a + x, b + y) ≤ max(a, b) + x + y); the pools' waits are independent;</li>
 * <li>a container deflated to a CPU share s serves at s times its rate (its work scales with CPU), so each request
 * also takes (1/s − 1) × the group's mean service time longer in it (the mean, not each draw's own).</li>
 * </ul>
 * Each pool's simulation uses the same arrivals and service draws (its seed) whatever its containers and share, so a
 * container more never lengthens a wait (the percentile falls with the containers, which the sizing relies on), and
 * each request's wait is drawn by inversion from one uniform per draw and group (common random numbers).
 */
public final class Pools {

    /**
     * One group's pool.
     *
     * @param group the group's id
     * @param invocationsPerSecond the invocations arriving at the pool per second (requests/s × invocations per request)
     * @param serviceMs the mean time an invocation holds a container at its full CPU, &gt; 0
     * @param invocationsPerRequest the invocations one request makes, ≥ 1 (it waits for the longest of their waits)
     * @param coresPerContainer the cores of one container, ≥ 1
     * @param serviceCv the service time's coefficient of variation (standard deviation over mean), ≥ 0; 1: exponential
     */
    public record Pool(String group, double invocationsPerSecond, double serviceMs, int invocationsPerRequest,
                       int coresPerContainer, double serviceCv) {

        /** Exponential service (M/M/c). */
        public Pool(String group, double invocationsPerSecond, double serviceMs, int invocationsPerRequest,
                    int coresPerContainer) {
            this(group, invocationsPerSecond, serviceMs, invocationsPerRequest, coresPerContainer, 1);
        }

        public Pool {
            if (!(serviceCv >= 0) || Double.isInfinite(serviceCv)) {
                throw new IllegalArgumentException("The service time's coefficient of variation of group " + group
                        + " (" + serviceCv + ") must be finite and ≥ 0.");
            }
            Checks.arrivalRate(invocationsPerSecond);
            if (!(serviceMs > 0) || Double.isInfinite(serviceMs)) {
                throw new IllegalArgumentException("The service time of group " + group + " (" + serviceMs
                        + " ms) must be finite and > 0.");
            }
            if (invocationsPerRequest < 1 || coresPerContainer < 1) {
                throw new IllegalArgumentException("The invocations per request (" + invocationsPerRequest
                        + ") and cores per container (" + coresPerContainer + ") of group " + group + " must be ≥ 1.");
            }
        }

        /** The offered load in erlangs at CPU share {@code share}: λ × mean service time / share. */
        public double erlangs(double share) {
            return invocationsPerSecond * serviceMs / 1000 / share;
        }

        /** The same pool with service times of coefficient of variation {@code cv}. */
        public Pool withServiceCv(double cv) {
            return new Pool(group, invocationsPerSecond, serviceMs, invocationsPerRequest, coresPerContainer, cv);
        }

        /** The fewest containers that keep the queue stable at {@code share}. */
        public int stableContainers(double share) {
            return (int) Math.floor(erlangs(share) + 1e-12) + 1;
        }
    }

    /**
     * One pool's queue, per invocation, as simulated.
     *
     * @param utilisation ρ = a / c (≥ 1: unstable)
     * @param waitProbability the share of invocations that wait (1 when unstable)
     * @param meanWaitMs E[W] (infinite when unstable)
     * @param waitPercentileMs the percentile of one invocation's wait (infinite when unstable)
     */
    public record Queue(double utilisation, double waitProbability, double meanWaitMs, double waitPercentileMs) {

        public boolean stable() {
            return utilisation < 1;
        }
    }

    /** Standard deviation (n − 1) over mean of service-time draws: a pool's c_s; 0 for constant draws or a mean of 0. */
    public static double coefficientOfVariation(double[] serviceMs) {
        double mean = new Mean().evaluate(serviceMs);
        return serviceMs.length > 1 && mean > 0 ? new StandardDeviation().evaluate(serviceMs, mean) / mean : 0;
    }

    private final double[] draws;
    private final List<Pool> pools;
    private final double[][] uniforms;
    private final long seed;
    /** Per pool, its simulations by (containers, share): each a sorted quantile grid of one invocation's wait. */
    private final List<Map<Double, Map<Integer, Waits>>> simulated;

    /**
     * @param latencyDraws the model's request latency per draw (ms), each invocation finding a free container
     * @param pools the workflow's pools, one per group
     * @param seed the seed of the waits' uniforms
     */
    public Pools(double[] latencyDraws, List<Pool> pools, long seed) {
        if (latencyDraws.length == 0) {
            throw new IllegalArgumentException("The latency draws are empty. Maybe --samples 10000.");
        }
        this.draws = latencyDraws.clone();
        this.pools = List.copyOf(pools);
        this.seed = seed;
        this.simulated = caches(this.pools.size());
        Random random = new Random(seed);
        uniforms = new double[this.pools.size()][draws.length];
        for (double[] row : uniforms) {
            for (int i = 0; i < row.length; i++) {
                row[i] = random.nextDouble();
            }
        }
    }

    public List<Pool> pools() {
        return pools;
    }

    /** The model's request latency per draw, without waits (a copy). */
    public double[] draws() {
        return draws.clone();
    }

    /** The same draws (and seed's uniforms) with other pools, e.g. their service times as measured. */
    public Pools withPools(double[] latencyDraws, List<Pool> others) {
        if (others.size() != pools.size() || latencyDraws.length != draws.length) {
            throw new IllegalArgumentException("The pools (" + others.size() + ") and draws (" + latencyDraws.length
                    + ") must match these (" + pools.size() + ", " + draws.length + ").");
        }
        return new Pools(latencyDraws, others, uniforms, seed);
    }

    private Pools(double[] latencyDraws, List<Pool> pools, double[][] uniforms, long seed) {
        this.draws = latencyDraws.clone();
        this.pools = List.copyOf(pools);
        this.uniforms = uniforms;
        this.seed = seed;
        this.simulated = caches(this.pools.size());
    }

    private static List<Map<Double, Map<Integer, Waits>>> caches(int n) {
        List<Map<Double, Map<Integer, Waits>>> caches = new ArrayList<>();
        for (int g = 0; g < n; g++) {
            caches.add(new ConcurrentHashMap<>());
        }
        return caches;
    }

    /** Pool {@code g}'s simulated waits with {@code containers} at CPU share {@code share} (stable only). */
    private Waits waits(int g, int containers, double share) {
        return simulated.get(g).computeIfAbsent(share, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(containers, c -> Waits.simulate(pools.get(g), c, share, seed + 7919L * g));
    }

    /** Pool {@code g}'s queue with {@code containers} at CPU share {@code share}, its wait at percentile {@code p} (0..100). */
    public Queue queue(int g, int containers, double share, double p) {
        Pool pool = pools.get(g);
        double rho = containers == 0 ? Double.POSITIVE_INFINITY : pool.erlangs(share) / containers;
        if (!(rho < 1)) {
            return new Queue(rho, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        if (pool.invocationsPerSecond() == 0) {
            return new Queue(0, 0, 0, 0);
        }
        Waits w = waits(g, containers, share);
        return new Queue(rho, w.waitProbability(), w.meanMs(), w.quantile(p / 100));
    }

    /**
     * The request latency's percentile {@code p} (0..100, type 7) with {@code containers[g]} containers at CPU share
     * {@code shares[g]} per pool: the model's draws plus the waits; infinite if a pool is unstable.
     */
    public double latencyPercentile(int[] containers, double[] shares, double p) {
        double[] total = latencyDraws(containers, shares);
        if (total == null) {
            return Double.POSITIVE_INFINITY;
        }
        Arrays.sort(total);
        return Quantiles.percentileOfSorted(total, p);
    }

    /** The request latency per draw with the waits added, or {@code null} when a pool is unstable. */
    public double[] latencyDraws(int[] containers, double[] shares) {
        double[] total = draws.clone();
        for (int g = 0; g < pools.size(); g++) {
            Pool pool = pools.get(g);
            if (shares[g] < 1) {
                // a deflated container also serves each invocation more slowly: its mean busy time over the share
                double slower = (1 / shares[g] - 1) * pool.serviceMs();
                for (int i = 0; i < total.length; i++) {
                    total[i] += slower;
                }
            }
            if (pool.invocationsPerSecond() == 0) {
                continue;
            }
            double a = pool.erlangs(shares[g]);
            int c = containers[g];
            if (c < 1 || a >= c) {
                return null;
            }
            Waits waits = waits(g, c, shares[g]);
            int k = pool.invocationsPerRequest();
            double[] u = uniforms[g];
            for (int i = 0; i < total.length; i++) {
                // the longest of k independent waits: the wait's quantile at u^(1/k)
                total[i] += waits.quantile(k == 1 ? u[i] : Math.pow(u[i], 1.0 / k));
            }
        }
        return total;
    }

    /** The model's own percentile, as if every invocation found a free container: what no pool size can beat. */
    public double unqueuedPercentile(double p) {
        double[] sorted = draws.clone();
        Arrays.sort(sorted);
        return Quantiles.percentileOfSorted(sorted, p);
    }

    /** How many allocations {@link #size} tries besides the greedy one to prove or find the fewest cores. */
    public static final int EXACT_BUDGET = 2_000;

    /**
     * Containers per pool (at full CPU) whose request latency percentile {@code p} is at most {@code targetMs}, with
     * the fewest cores: each pool starts at its fewest stable containers; then one container at a time goes to the
     * pool whose next container lowers the percentile most per core, until the target is met (greedy); then every
     * allocation with fewer cores is tried, cheapest first (the percentile falls with every container, so the first
     * cost at which one meets the target is the least), unless there are more than {@link #EXACT_BUDGET} of them:
     * then the greedy allocation stands. Among allocations of the least cost, the lowest percentile wins. Null when the
     * target cannot be met within {@code maxCores} (or at all: the model's own percentile is above it).
     */
    public int[] size(double p, double targetMs, int maxCores) {
        int[] greedy = greedy(p, targetMs, maxCores);
        if (greedy == null) {
            return null;
        }
        int n = pools.size();
        int[] base = new int[n];
        int baseCores = 0;
        int greedyCores = 0;
        for (int g = 0; g < n; g++) {
            base[g] = Math.max(1, pools.get(g).stableContainers(1));
            baseCores += base[g] * pools.get(g).coresPerContainer();
            greedyCores += greedy[g] * pools.get(g).coresPerContainer();
        }
        List<int[]> levels = new ArrayList<>();
        int tried = 0;
        double[] full = new double[n];
        Arrays.fill(full, 1.0);
        for (int extra = 0; extra < greedyCores - baseCores; extra++) {
            levels.clear();
            extras(new int[n], 0, extra, levels, EXACT_BUDGET - tried + 1);
            tried += levels.size();
            if (tried > EXACT_BUDGET) {
                return greedy;
            }
            int[] best = null;
            double bestValue = Double.POSITIVE_INFINITY;
            for (int[] e : levels) {
                int[] c = base.clone();
                for (int g = 0; g < n; g++) {
                    c[g] += e[g];
                }
                double value = latencyPercentile(c, full, p);
                if (value <= targetMs && value < bestValue) {
                    best = c;
                    bestValue = value;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return greedy;
    }

    /** Every vector of extra containers from pool {@code g} on whose cores sum to exactly {@code cores}, up to {@code limit}. */
    private void extras(int[] e, int g, int cores, List<int[]> out, int limit) {
        if (out.size() >= limit) {
            return;
        }
        if (g == e.length - 1) {
            int per = pools.get(g).coresPerContainer();
            if (cores % per == 0) {
                e[g] = cores / per;
                out.add(e.clone());
                e[g] = 0;
            }
            return;
        }
        int per = pools.get(g).coresPerContainer();
        for (int k = 0; k * per <= cores && out.size() < limit; k++) {
            e[g] = k;
            extras(e, g + 1, cores - k * per, out, limit);
        }
        e[g] = 0;
    }

    private int[] greedy(double p, double targetMs, int maxCores) {
        if (unqueuedPercentile(p) > targetMs) {
            return null;
        }
        int n = pools.size();
        int[] c = new int[n];
        double[] full = new double[n];
        Arrays.fill(full, 1.0);
        int cores = 0;
        for (int g = 0; g < n; g++) {
            c[g] = Math.max(1, pools.get(g).stableContainers(1));
            cores += c[g] * pools.get(g).coresPerContainer();
        }
        double current = latencyPercentile(c, full, p);
        while (current > targetMs) {
            int best = -1;
            double bestGain = -1;
            double bestValue = current;
            for (int g = 0; g < n; g++) {
                if (cores + pools.get(g).coresPerContainer() > maxCores) {
                    continue;
                }
                c[g]++;
                double value = latencyPercentile(c, full, p);
                c[g]--;
                double gain = (current - value) / pools.get(g).coresPerContainer();
                if (gain > bestGain) {
                    best = g;
                    bestGain = gain;
                    bestValue = value;
                }
            }
            if (best < 0) {
                return null;
            }
            c[best]++;
            cores += pools.get(best).coresPerContainer();
            current = bestValue;
        }
        return cores > maxCores ? null : c;
    }

    /** One pool's simulated waits for a container: a quantile grid, the mean and the share that waits. */
    record Waits(double[] grid, double meanMs, double waitProbability) {

        static final int ARRIVALS = 200_000;
        static final int WARMUP = 20_000;
        static final int GRID = 4096;

        /** The wait's quantile {@code q} (0..1), linear between the grid's points. */
        double quantile(double q) {
            double x = Math.min(1, Math.max(0, q)) * GRID;
            int i = Math.min(GRID - 1, (int) x);
            return grid[i] + (x - i) * (grid[i + 1] - grid[i]);
        }

        /**
         * FCFS with {@code containers}: each arrival takes the container that frees first (Kiefer–Wolfowitz, a binary
         * heap of the containers' free times). The arrivals and unit service draws come from {@code seed} alone, so
         * that more containers or more CPU never lengthen a wait.
         */
        static Waits simulate(Pool pool, int containers, double share, long seed) {
            Random random = new Random(seed);
            double cv = pool.serviceCv();
            // gamma of shape 1/c_s² and mean 1 (c_s = 0: constant)
            GammaDistribution gamma = cv < 1e-6 ? null
                    : new GammaDistribution(new Well19937c(seed), 1 / (cv * cv), cv * cv);
            double serviceMs = pool.serviceMs() / share;
            double meanGapMs = 1000 / pool.invocationsPerSecond();
            double[] free = new double[containers];
            double t = 0;
            double[] waits = new double[ARRIVALS];
            for (int i = -WARMUP; i < ARRIVALS; i++) {
                t += -Math.log(1 - random.nextDouble()) * meanGapMs;
                double unit = gamma == null ? 1 : gamma.sample();
                double start = Math.max(t, free[0]);
                if (i >= 0) {
                    waits[i] = start - t;
                }
                free[0] = start + serviceMs * unit;
                siftDown(free);
            }
            double sum = 0;
            int waited = 0;
            for (double w : waits) {
                sum += w;
                if (w > 0) {
                    waited++;
                }
            }
            Arrays.sort(waits);
            double[] grid = new double[GRID + 1];
            for (int j = 0; j <= GRID; j++) {
                grid[j] = Quantiles.ofSorted(waits, j / (double) GRID);
            }
            return new Waits(grid, sum / ARRIVALS, waited / (double) ARRIVALS);
        }

        /** Restores the min-heap after its root grew. */
        private static void siftDown(double[] heap) {
            int i = 0;
            double x = heap[0];
            while (true) {
                int child = 2 * i + 1;
                if (child >= heap.length) {
                    break;
                }
                if (child + 1 < heap.length && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (heap[child] >= x) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = x;
        }
    }
}
