// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import dev.dagfuse.model.stats.Quantiles;

import org.apache.commons.math3.stat.descriptive.moment.Mean;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A workflow's request latency when each of its groups runs in a pool of containers that queue the group's
 * invocations: the model's latency draws (each invocation finding a free container) plus, per draw, each group's
 * wait in its pool as the M/G/c queue gives it: Erlang C ({@link ErlangC}) for the share that waits, and a wait
 * that is exponential with Erlang C's conditional mean times (1 + c_s²)/2, c_s the service time's coefficient of
 * variation (the Allen–Cunneen approximation; exact in the mean for one container, Pollaczek–Khinchine). Sizes the
 * pools so that a latency percentile meets a target with few cores ({@link #size}).
 *
 * <p>What is assumed, and where it is only an approximation:
 * <ul>
 * <li>each pool is M/G/c: the group's invocations arrive as a Poisson stream of rate {@code requests/s ×
 * invocations per request}, service times have the group's mean (the model's mean busy time of one invocation) and
 * coefficient of variation c_s, and containers serve first come, first served; c_s = 1 is M/M/c exactly, and for
 * other c_s the waits are approximate: P(wait) is Erlang C's and the conditional wait exponential with its mean
 * scaled by (1 + c_s²)/2 (Allen–Cunneen for the mean; an exponential tail, as in Abate, Choudhury and Whitt, Oper. Res.
 * 43(5), 1995): against simulation (GeneralServiceWaitsTest: 1–4 containers, ρ 0.5–0.85, c_s 0.1–0.6) within 7% in
 * the mean and 12% at the 95th percentile, erring high there for nearly constant service on one container;</li>
 * <li>a group whose request makes k invocations waits for the longest of k independent waits (the k arrive
 * together, which a Poisson stream does not capture: an approximation that errs low when k nears the containers);</li>
 * <li>a request's added time is the sum of its groups' waits: exact for a chain of groups, an upper bound where
 * groups run side by side (max(a + x, b + y) ≤ max(a, b) + x + y);</li>
 * <li>a container deflated to a CPU share s serves at s times its rate (its work scales with CPU), so each request
 * also takes (1/s − 1) × the group's mean service time longer in it (the mean, not each draw's own).</li>
 * </ul>
 * Each group's waits are drawn by inversion from one uniform per draw (common random numbers, seeded), so that the
 * percentile moves monotonically with the containers and the sizing is repeatable.
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

        /**
         * (1 + c_s²)/2: how much longer than with exponential service an invocation waits, on average (Poisson
         * arrivals; Pollaczek–Khinchine for one container, Allen–Cunneen for several).
         */
        public double waitFactor() {
            return (1 + serviceCv * serviceCv) / 2;
        }

        /** The fewest containers that keep the queue stable at {@code share}. */
        public int stableContainers(double share) {
            return (int) Math.floor(erlangs(share) + 1e-12) + 1;
        }
    }

    /**
     * One pool's queue in closed form (Erlang C, the waits scaled by {@link Pool#waitFactor()}), per invocation.
     *
     * @param utilisation ρ = a / c (≥ 1: unstable)
     * @param waitProbability C(c, a), the share of invocations that wait (1 when unstable)
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
        return new Pools(latencyDraws, others, uniforms);
    }

    private Pools(double[] latencyDraws, List<Pool> pools, double[][] uniforms) {
        this.draws = latencyDraws.clone();
        this.pools = List.copyOf(pools);
        this.uniforms = uniforms;
    }

    /** Pool {@code g}'s queue with {@code containers} at CPU share {@code share}, its wait at percentile {@code p} (0..100). */
    public Queue queue(int g, int containers, double share, double p) {
        return queue(pools.get(g), containers, share, p);
    }

    /** As {@link #queue(int, int, double, double)}, for any pool. */
    public static Queue queue(Pool pool, int containers, double share, double p) {
        double a = pool.erlangs(share);
        double rho = containers == 0 ? Double.POSITIVE_INFINITY : a / containers;
        if (!(rho < 1)) {
            return new Queue(rho, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        double mu = 1000 * share / pool.serviceMs();
        double lambda = pool.invocationsPerSecond();
        if (lambda == 0) {
            return new Queue(0, 0, 0, 0);
        }
        double f = pool.waitFactor();
        return new Queue(rho, ErlangC.waitProbability(containers, a),
                f * 1000 * ErlangC.meanWait(containers, lambda, mu),
                f * 1000 * ErlangC.waitPercentile(containers, lambda, mu, p / 100));
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
            double wait = ErlangC.waitProbability(c, a);
            // per second: Erlang C's decay rate, slowed for service more variable than exponential, sped for less
            double theta = (c * 1000 * shares[g] / pool.serviceMs() - pool.invocationsPerSecond()) / pool.waitFactor();
            int k = pool.invocationsPerRequest();
            double noneWaits = Math.pow(1 - wait, k);
            double[] u = uniforms[g];
            for (int i = 0; i < total.length; i++) {
                if (u[i] > noneWaits) {
                    // inverse of P(max of k waits ≤ t) = (1 − C e^{−θt})^k
                    double tail = 1 - Math.pow(u[i], 1.0 / k);
                    total[i] += 1000 * Math.log(wait / tail) / theta;
                }
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
        List<int[]> levels = new java.util.ArrayList<>();
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
}
