// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Weighted max-min fair share (water-filling): divides a capacity among consumers with demands d_i ≥ 0 and weights
 * w_i &gt; 0 so that no one gets more than it asks for (x_i ≤ d_i), the total fits (Σ x_i ≤ capacity), and the smallest
 * normalised share x_i / w_i is as large as it can be, then the next smallest, and so on.
 *
 * <p>Exact progressive filling, not an iteration to convergence: consumers are taken in ascending order of d_i / w_i;
 * while the water level L = (capacity left) / (weight left) reaches a consumer's d_i / w_i, it gets its whole demand;
 * the first one it does not reach, and everyone after it, gets w_i · L. So a consumer whose demand is at most its
 * proportional share (d_i ≤ capacity · w_i / Σ w) is always served in full, however much the others ask for: a heavy
 * workflow cannot starve a light one. When the capacity covers every demand, everyone gets its demand. The result is
 * exact up to floating-point rounding: the allocations sum to at most the capacity times (1 + 10^-12).
 */
public final class FairShare {

    /**
     * A demand within this relative distance of the water level counts as reached, so that rounding in the level
     * cannot leave a consumer an ulp short (allocating the result again gives it back exactly).
     */
    private static final double ROUNDING = 1e-12;

    private FairShare() {
    }

    /**
     * One consumer's request.
     *
     * @param name what it is (a workflow, a function), echoed in its {@link Share}
     * @param demand what it asks for (cores, containers, requests per second), finite and ≥ 0
     * @param weight its weight, finite and &gt; 0 (2 means twice the share of a consumer of weight 1)
     */
    public record Claim(String name, double demand, double weight) {

        public Claim {
            if (name == null) {
                throw new IllegalArgumentException("A claim's name is missing. Maybe the workflow's name.");
            }
            if (!(demand >= 0) || Double.isInfinite(demand)) {
                throw new IllegalArgumentException("The demand of " + name + " (" + demand
                        + ") must be finite and ≥ 0. Maybe 0 for nothing.");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("The weight of " + name + " (" + weight
                        + ") must be finite and > 0. Maybe 1.");
            }
        }
    }

    /**
     * What one consumer gets.
     *
     * @param allocation its share, in [0, demand]
     * @param satisfied whether it gets its whole demand
     */
    public record Share(String name, double demand, double weight, double allocation, boolean satisfied) {
    }

    /**
     * The weighted max-min fair shares of {@code capacity}, one per claim, in the claims' order.
     *
     * @param capacity what there is to divide, finite and ≥ 0
     */
    public static List<Share> allocate(double capacity, List<Claim> claims) {
        if (!(capacity >= 0) || Double.isInfinite(capacity)) {
            throw new IllegalArgumentException("The capacity (" + capacity + ") must be finite and ≥ 0. Maybe 64 (cores).");
        }
        int n = claims.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        // Ascending normalised demand; ties keep the claims' order, so the result does not depend on the sort.
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> claims.get(i).demand() / claims.get(i).weight())
                .thenComparingInt(i -> i));
        // The weight still to be served from position k on, summed from the end so that no subtraction drifts.
        double[] weightFrom = new double[n + 1];
        for (int k = n - 1; k >= 0; k--) {
            weightFrom[k] = weightFrom[k + 1] + claims.get(order[k]).weight();
        }
        double[] allocation = new double[n];
        double left = capacity;
        int k = 0;
        for (; k < n; k++) {
            Claim claim = claims.get(order[k]);
            double level = left / weightFrom[k];
            if (claim.demand() / claim.weight() > level * (1 + ROUNDING)) {
                break;
            }
            allocation[order[k]] = claim.demand();
            left = Math.max(0, left - claim.demand());
        }
        // The water level no longer reaches these demands: each gets its weight's part of what is left.
        for (int j = k; j < n; j++) {
            Claim claim = claims.get(order[j]);
            allocation[order[j]] = Math.min(claim.demand(), left * claim.weight() / weightFrom[k]);
        }
        List<Share> shares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Claim claim = claims.get(i);
            shares.add(new Share(claim.name(), claim.demand(), claim.weight(), allocation[i],
                    allocation[i] >= claim.demand()));
        }
        return List.copyOf(shares);
    }
}
