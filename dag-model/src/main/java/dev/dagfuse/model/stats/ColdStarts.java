// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.stats;

import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.special.Erf;

/**
 * The probability that an invocation is cold when invocations arrive as a Poisson process and idle execution
 * environments are kept for a while (docs/model.md, "Cold starts from the arrival rate").
 *
 * <p>The system: invocations arrive at rate λ; each is served at once by an environment of an unbounded pool (M/G/∞:
 * the number busy is Poisson with mean ρ = λ·E[D]); an arrival takes the most recently freed idle environment if
 * there is one, else starts a new one (cold); an environment idle for T is recycled. With that rule the idle
 * environments form a stack in which the one at depth d is the one freed when the busy count last fell from b + d, so
 * the arrival is cold exactly when the busy count has not exceeded its present value b within the last T. Counting
 * cold starts as environments recycled (one each, in steady state), level by level:
 *
 * <pre>P(cold) = Σ_b π(b) · P(τ_{b→b+1} &gt; T)</pre>
 *
 * π the Poisson(ρ) probabilities and τ_{b→b+1} the time the busy count takes to climb from b to b + 1. The passage
 * time is computed exactly for exponential durations (the birth-death chain M/M/∞, λ up, ℓ/E[D] down) over the
 * {@link #LEVELS} levels below b; below those, the return is taken as exponential with its exact mean
 * F(b − K − 1) / (λ π(b − K − 1)). Other duration distributions with the same mean differ by a few points where
 * E[D] is not small against T (docs/model.md); the simulation test checks the bar.
 */
public final class ColdStarts {

    /**
     * Levels below b modelled exactly: with 24 the formula stays within 0.4 points of the simulation for exponential
     * durations over the whole test grid (40 gave 0.3 at six times the cost).
     */
    static final int LEVELS = 24;
    /**
     * At most this many levels b are computed; beyond, bins of equal width (under 0.4 √ρ) are represented by their
     * middle. Levels beyond ρ ± 6√ρ (probability under 10⁻⁸) are left out.
     */
    private static final int MAX_POINTS = 32;

    private ColdStarts() {
    }

    /**
     * P(cold) of an invocation.
     *
     * @param arrivalsPerSecond λ, &gt; 0
     * @param meanDurationMs E[D], the mean time an environment is busy with one invocation, ≥ 0
     * @param keepAliveMs T, how long an idle environment is kept, ≥ 0
     */
    public static double probability(double arrivalsPerSecond, double meanDurationMs, double keepAliveMs) {
        return levels(arrivalsPerSecond, meanDurationMs, keepAliveMs).probability(0);
    }

    /**
     * The probability that an invocation arrives while at least {@code reserved} invocations are busy and is cold:
     * the sum above over levels b ≥ {@code reserved} only. With {@code reserved} environments that are never recycled
     * and always taken first (provisioned concurrency), an invocation beyond them is cold when the busy count has not
     * exceeded its present value within the last T, as above, if the busy invocations beyond the reserved ones are
     * taken as the ones on the other environments (docs/model.md, "Provisioned concurrency").
     *
     * @param reserved c ≥ 0; 0 gives {@link #probability(double, double, double)}
     */
    public static double probability(double arrivalsPerSecond, double meanDurationMs, double keepAliveMs,
                                     int reserved) {
        return levels(arrivalsPerSecond, meanDurationMs, keepAliveMs).probability(reserved);
    }

    /**
     * The sum's terms for one (λ, E[D], T), computed once and summed for any number of reserved environments (a
     * group's candidate provisionings share them).
     */
    public static Levels levels(double arrivalsPerSecond, double meanDurationMs, double keepAliveMs) {
        if (!(arrivalsPerSecond > 0) || !(meanDurationMs >= 0) || !(keepAliveMs >= 0)
                || Double.isInfinite(arrivalsPerSecond) || Double.isInfinite(meanDurationMs)
                || Double.isInfinite(keepAliveMs)) {
            throw new IllegalArgumentException("The arrival rate (" + arrivalsPerSecond + "/s), mean duration ("
                    + meanDurationMs + " ms) and keep-alive (" + keepAliveMs + " ms) must be finite, the rate > 0.");
        }
        double lambda = arrivalsPerSecond / 1000; // per ms
        double lt = lambda * keepAliveMs;
        double rho = lambda * meanDurationMs;
        if (rho < 1e-9) {
            // one environment, never busy: warm when the last arrival was within T (and never cold beyond a reserved one)
            return new Levels(new int[] {0}, new int[] {0}, new double[] {Math.exp(-lt)});
        }
        PoissonDistribution poisson = new PoissonDistribution(null, rho, 1e-12, 10_000_000);
        double spread = Math.sqrt(rho);
        int lo = (int) Math.max(0, Math.floor(rho - 6 * spread - 3));
        int hi = (int) Math.min(Integer.MAX_VALUE - 1, Math.ceil(rho + 6 * spread + 12));
        int step = Math.max(1, (hi - lo + 1 + MAX_POINTS - 1) / MAX_POINTS);
        int bins = (hi - lo) / step + 1;
        int[] froms = new int[bins];
        int[] tos = new int[bins];
        double[] terms = new double[bins];
        int n = 0;
        for (int from = lo; from <= hi; from += step) {
            int to = Math.min(hi, from + step - 1);
            int b = from + (to - from) / 2;
            // a bin's mass by the midpoint rule: its width is under a third of the spread √ρ
            double weight = poisson.probability(b) * (to - from + 1);
            if (weight < 1e-15) {
                continue;
            }
            froms[n] = from;
            tos[n] = to;
            terms[n++] = weight * survival(b, lambda, meanDurationMs, keepAliveMs, poisson);
        }
        return new Levels(java.util.Arrays.copyOf(froms, n), java.util.Arrays.copyOf(tos, n),
                java.util.Arrays.copyOf(terms, n));
    }

    /** The sum's terms, one per bin of busy levels [from, to]. */
    public static final class Levels {
        private final int[] from;
        private final int[] to;
        private final double[] term;

        private Levels(int[] from, int[] to, double[] term) {
            this.from = from;
            this.to = to;
            this.term = term;
        }

        /**
         * P(cold) over the levels b ≥ {@code reserved}: a bin that {@code reserved} cuts counts with the share of its
         * levels at or above it (the midpoint rule's mass spread evenly over the bin).
         */
        public double probability(int reserved) {
            if (reserved < 0) {
                throw new IllegalArgumentException("The reserved environments (" + reserved + ") must be ≥ 0.");
            }
            double sum = 0;
            for (int i = 0; i < term.length; i++) {
                if (to[i] < reserved) {
                    continue;
                }
                sum += from[i] >= reserved ? term[i] : term[i] * (to[i] - reserved + 1) / (to[i] - from[i] + 1);
            }
            return Math.min(1, Math.max(0, sum));
        }
    }

    /**
     * F(x) / π(x) of the Poisson distribution; above a mean of 10⁴ by the normal approximation with continuity
     * correction (the exact cumulative probability is slow there).
     */
    private static double cdfOverPmf(PoissonDistribution poisson, int x) {
        double mean = poisson.getMean();
        if (mean <= 1e4) {
            return poisson.cumulativeProbability(x) / poisson.probability(x);
        }
        double sd = Math.sqrt(mean);
        double z = (x + 0.5 - mean) / sd;
        double tail = 0.5 * Erf.erfc(-z / Math.sqrt(2));
        double density = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / sd;
        return tail / density;
    }

    /** P(τ_{b→b+1} &gt; T) of the busy count of M/M/∞ (λ per ms, mean duration d ms). */
    static double survival(int b, double lambda, double d, double t, PoissonDistribution poisson) {
        if (b == 0) {
            return Math.exp(-lambda * t); // from 0 only an arrival moves the count
        }
        double mu = 1 / d;
        int low = Math.max(0, b - LEVELS);
        boolean below = low > 0; // state 0 stands for every level under low
        int n = b - low + 1 + (below ? 1 : 0);
        double[] birth = new double[n]; // i → i + 1
        double[] death = new double[n]; // i → i − 1
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            int level = below ? low + i - 1 : low + i;
            if (below && i == 0) {
                double meanReturn = cdfOverPmf(poisson, low - 1) / lambda;
                birth[i] = 1 / meanReturn;
                diagonal[i] = -birth[i];
                continue;
            }
            birth[i] = i < n - 1 ? lambda : 0;
            death[i] = level == 0 ? 0 : level * mu;
            diagonal[i] = -(lambda + death[i]); // at the top, the arrival that ends the passage
        }
        if (n == 1) {
            return Math.exp(diagonal[0] * t);
        }
        // Symmetrize (a birth-death chain is reversible): S = W^½ Q W^-½ with w_{i+1}/w_i = birth_i / death_{i+1}.
        double[] off = new double[n - 1];
        double[] logW = new double[n]; // relative to the top state
        for (int i = 0; i < n - 1; i++) {
            off[i] = Math.sqrt(birth[i] * death[i + 1]);
        }
        for (int i = n - 2; i >= 0; i--) {
            logW[i] = logW[i + 1] + Math.log(death[i + 1] / birth[i]);
        }
        EigenDecomposition eigen = new EigenDecomposition(diagonal, off);
        RealMatrix v = eigen.getV();
        double[] values = eigen.getRealEigenvalues();
        int top = n - 1;
        double s = 0;
        for (int k = 0; k < n; k++) {
            double toAll = 0;
            for (int j = 0; j < n; j++) {
                toAll += v.getEntry(j, k) * Math.exp(0.5 * logW[j]);
            }
            s += v.getEntry(top, k) * Math.exp(values[k] * t) * toAll;
        }
        return Math.min(1, Math.max(0, s));
    }
}
