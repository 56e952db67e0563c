// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntUnaryOperator;

/**
 * Overload on a capacity-limited cluster: shrink containers before taking any away.
 *
 * <p>Each workflow asks for a pool of containers (e.g. sized with {@link ErlangC#serversFor}); a container nominally
 * has {@code coresPerContainer} cores and may be deflated down to a floor share f of them (f = 0.5: half its cores),
 * below which it is no longer worth running. With demands d_i = containers_i × coresPerContainer and capacity C:
 *
 * <ol>
 * <li><b>Enough cores</b> (Σ d_i ≤ C): every container keeps its full share.</li>
 * <li><b>Deflation</b> (f · Σ d_i ≤ C &lt; Σ d_i): no container is removed. Every workflow first gets its floor,
 * f · d_i; the cores above the floors are divided by weighted max-min fair share ({@link FairShare}) of what each
 * still lacks, (1 − f) · d_i. So every container's share lies in [f, 1], and a workflow that asks for little is
 * deflated least.</li>
 * <li><b>Removal</b> (C &lt; f · Σ d_i): every container is at the floor, and only now are whole containers taken
 * away. Each workflow's count of floor-sized containers is its weighted max-min fair share of C / (f ·
 * coresPerContainer), rounded down; the whole containers that rounding leaves over go one each to the workflows with
 * the largest remainders (ties: the listed order). What is still left (less than one floor container) stays idle.</li>
 * </ol>
 *
 * <p>What LaSS does (Wang, Ali-Eldin and Shenoy, "LaSS: Running Latency Sensitive Serverless Computations at the
 * Edge", HPDC 2021): under overload it guarantees each function a minimum, its fair share, and reclaims resources from
 * over-provisioned functions for under-provisioned ones, first by deflating containers (lowering their CPU share) and
 * then by terminating containers. The difference here: the decision is made at once for all workflows, and the order
 * is global: no workflow loses a container while any container anywhere is above the floor. "Served" is the CPU a
 * workflow gets over the CPU it asked for, which equals the throughput it gets only if its work scales with CPU share.
 */
public final class Deflation {

    private Deflation() {
    }

    /**
     * One workflow's pool.
     *
     * @param name the workflow
     * @param containers the containers it asks for, ≥ 0
     * @param weight its fair-share weight, &gt; 0
     */
    public record Pool(String name, int containers, double weight) {

        public Pool {
            if (name == null) {
                throw new IllegalArgumentException("A pool's name is missing. Maybe the workflow's name.");
            }
            if (containers < 0) {
                throw new IllegalArgumentException("The containers of " + name + " (" + containers
                        + ") must be ≥ 0. Maybe 1.");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("The weight of " + name + " (" + weight
                        + ") must be finite and > 0. Maybe 1.");
            }
        }
    }

    /**
     * What a workflow keeps.
     *
     * @param demanded the containers it asked for
     * @param kept the containers it keeps, ≤ demanded
     * @param cpuShare each kept container's share of its nominal cores, in [floor, 1] (0 when none is kept)
     * @param servedCores the cores it gets: kept × cpuShare × coresPerContainer
     * @param servedFraction servedCores over the cores it asked for (1 when it asked for none)
     */
    public record Deflated(String name, int demanded, int kept, double cpuShare, double servedCores,
                           double servedFraction) {
    }

    /**
     * Deflates, then removes, containers so that the pools fit in {@code capacityCores}; one result per pool, in the
     * pools' order.
     *
     * @param capacityCores the cluster's cores, finite and ≥ 0
     * @param coresPerContainer a container's nominal cores, finite and &gt; 0
     * @param floor the smallest share of its nominal cores a container may run with, in (0, 1]
     */
    public static List<Deflated> fit(double capacityCores, double coresPerContainer, double floor, List<Pool> pools) {
        if (!(capacityCores >= 0) || Double.isInfinite(capacityCores)) {
            throw new IllegalArgumentException("The capacity (" + capacityCores
                    + " cores) must be finite and ≥ 0. Maybe 64.");
        }
        if (!(coresPerContainer > 0) || Double.isInfinite(coresPerContainer)) {
            throw new IllegalArgumentException("The cores per container (" + coresPerContainer
                    + ") must be finite and > 0. Maybe 1.");
        }
        if (!(floor > 0 && floor <= 1)) {
            throw new IllegalArgumentException("The floor CPU share (" + floor
                    + ") must be in (0, 1]: the fraction of a container's cores it may be deflated to. Maybe 0.5.");
        }
        double demand = 0;
        for (Pool pool : pools) {
            demand += pool.containers() * coresPerContainer;
        }
        if (demand <= capacityCores) {
            return scaled(pools, coresPerContainer, i -> pools.get(i).containers(), i -> 1.0);
        }
        if (floor * demand <= capacityCores) {
            List<FairShare.Claim> lacks = new ArrayList<>(pools.size());
            for (Pool pool : pools) {
                lacks.add(new FairShare.Claim(pool.name(), (1 - floor) * pool.containers() * coresPerContainer,
                        pool.weight()));
            }
            List<FairShare.Share> above = FairShare.allocate(capacityCores - floor * demand, lacks);
            return scaled(pools, coresPerContainer, i -> pools.get(i).containers(), i -> {
                double asked = pools.get(i).containers() * coresPerContainer;
                return Math.min(1, Math.max(floor, floor + above.get(i).allocation() / asked));
            });
        }
        return removed(capacityCores / (floor * coresPerContainer), pools, coresPerContainer, floor);
    }

    /** Phase 3: every container at the floor; whole floor containers divided by fair share, largest remainders. */
    private static List<Deflated> removed(double slots, List<Pool> pools, double coresPerContainer, double floor) {
        List<FairShare.Claim> claims = new ArrayList<>(pools.size());
        for (Pool pool : pools) {
            claims.add(new FairShare.Claim(pool.name(), pool.containers(), pool.weight()));
        }
        List<FairShare.Share> shares = FairShare.allocate(slots, claims);
        int n = pools.size();
        int[] kept = new int[n];
        long total = 0;
        for (int i = 0; i < n; i++) {
            // A hair of tolerance so that a share of exactly 3 computed as 2.9999999999 still keeps 3 containers.
            kept[i] = (int) Math.min(pools.get(i).containers(), Math.floor(shares.get(i).allocation() + 1e-9));
            total += kept[i];
        }
        long spare = (long) Math.floor(slots + 1e-9) - total;
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (kept[i] < pools.get(i).containers()) {
                byRemainder.add(i);
            }
        }
        byRemainder.sort(Comparator.comparingDouble((Integer i) -> -(shares.get(i).allocation() - kept[i]))
                .thenComparingInt(i -> i));
        for (int i : byRemainder) {
            if (spare <= 0) {
                break;
            }
            kept[i]++;
            spare--;
        }
        return scaled(pools, coresPerContainer, i -> kept[i], i -> floor);
    }

    private static List<Deflated> scaled(List<Pool> pools, double coresPerContainer, IntUnaryOperator kept,
                                         IntToDoubleFunction share) {
        List<Deflated> result = new ArrayList<>(pools.size());
        for (int i = 0; i < pools.size(); i++) {
            Pool pool = pools.get(i);
            int k = kept.applyAsInt(i);
            double s = k == 0 ? 0 : share.applyAsDouble(i);
            double served = k * s * coresPerContainer;
            double asked = pool.containers() * coresPerContainer;
            result.add(new Deflated(pool.name(), pool.containers(), k, s, served, asked == 0 ? 1 : served / asked));
        }
        return List.copyOf(result);
    }
}
