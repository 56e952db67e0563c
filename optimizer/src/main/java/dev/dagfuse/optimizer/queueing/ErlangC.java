// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

/**
 * The M/M/c queue (Erlang's delay formula, Erlang C; A. K. Erlang 1917; L. Kleinrock, Queueing Systems Vol. 1,
 * 1975): Poisson arrivals at rate λ, exponential service at rate μ per server, c servers, one first-come first-served
 * queue without limit. With a = λ/μ erlangs and ρ = a/c &lt; 1:
 *
 * <pre>
 * C(c, a)  = P(W &gt; 0) = B(c, a) / (1 − ρ·(1 − B(c, a)))     (B: {@link ErlangB})
 * P(W &gt; t) = C(c, a) · e^{−(cμ − λ)·t}
 * E[W]     = C(c, a) / (cμ − λ)
 * </pre>
 *
 * W is the time a request waits before a server takes it (not counting its service). LaSS sizes each function's pool
 * with this model: the fewest containers whose waiting-time percentile meets the latency target
 * ({@link #serversFor}). Computing C from B keeps it free of factorials and stable for thousands of servers.
 */
public final class ErlangC {

    private ErlangC() {
    }

    /**
     * C(c, a): the probability that a request has to wait, in [0, 1].
     *
     * @param c the servers, ≥ 1
     * @param a the offered load in erlangs, ≥ 0 and &lt; c (otherwise the queue is unstable)
     */
    public static double waitProbability(int c, double a) {
        Checks.servers(c, 1);
        Checks.load(a);
        stable(c, a);
        return fromBlocking(ErlangB.blocking(c, a), c, a);
    }

    /**
     * P(W &gt; t) = C(c, λ/μ) · e^{−(cμ−λ)t}: the probability that a request waits longer than {@code t}.
     *
     * @param c the servers, ≥ 1
     * @param lambda the arrival rate, ≥ 0 and &lt; cμ
     * @param mu the service rate of one server (1 / mean service time), &gt; 0, in the same unit of time
     * @param t the waiting time, ≥ 0, in that unit
     */
    public static double waitExceeds(int c, double lambda, double mu, double t) {
        Checks.time(t);
        double wait = waitProbability(c, load(lambda, mu));
        return wait == 0 ? 0 : wait * Math.exp(-(c * mu - lambda) * t);
    }

    /**
     * The p-th percentile of the waiting time: the smallest t with P(W ≤ t) ≥ p, that is 0 when C ≤ 1 − p (at least a
     * share p of requests does not wait at all), else ln(C / (1 − p)) / (cμ − λ).
     *
     * @param p the percentile as a probability in (0, 1), e.g. 0.99
     */
    public static double waitPercentile(int c, double lambda, double mu, double p) {
        Checks.percentile(p);
        double wait = waitProbability(c, load(lambda, mu));
        if (wait <= 1 - p) {
            return 0;
        }
        return Math.log(wait / (1 - p)) / (c * mu - lambda);
    }

    /** E[W] = C / (cμ − λ): the mean wait over all requests (those that do not wait count as 0). */
    public static double meanWait(int c, double lambda, double mu) {
        double wait = waitProbability(c, load(lambda, mu));
        return wait / (c * mu - lambda);
    }

    /**
     * LaSS's sizing rule: the fewest servers c with P(W ≤ t) ≥ p, i.e. whose p-th percentile of waiting is at most t.
     * Counts up from the fewest stable servers (⌊λ/μ⌋ + 1); P(W &gt; t) falls as c grows, so the first c that meets
     * the target is the smallest. Takes O(c) steps.
     *
     * @param lambda the arrival rate, ≥ 0
     * @param mu the service rate of one server, &gt; 0
     * @param t the waiting-time target, ≥ 0 (0 asks that a share p of requests does not wait at all)
     * @param p the share of requests that must meet it, in (0, 1)
     */
    public static int serversFor(double lambda, double mu, double t, double p) {
        double a = load(lambda, mu);
        Checks.time(t);
        Checks.percentile(p);
        if (a >= Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("The offered load (" + a + " erlangs) needs more than 2^31 servers. "
                    + "Maybe a smaller arrival rate or a shorter service time.");
        }
        int c = (int) Math.floor(a) + 1;
        double b = ErlangB.blocking(c, a);
        while (fromBlocking(b, c, a) * Math.exp(-(c * mu - lambda) * t) > 1 - p) {
            if (c == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("No server count below 2^31 meets P(W ≤ " + t + ") ≥ " + p
                        + ". Maybe a looser target.");
            }
            c++;
            b = ErlangB.next(b, c, a);
        }
        return c;
    }

    /** C from B: B / (1 − ρ(1 − B)), with 1 − ρ(1 − B) written as (1 − ρ) + ρB so that ρ near 1 loses no digits. */
    private static double fromBlocking(double b, int c, double a) {
        double rho = a / c;
        return b / ((c - a) / c + rho * b);
    }

    private static double load(double lambda, double mu) {
        Checks.arrivalRate(lambda);
        Checks.rate("service rate", mu);
        return lambda / mu;
    }

    private static void stable(int c, double a) {
        if (a >= c) {
            long needed = (long) Math.floor(a) + 1;
            throw new IllegalArgumentException("The queue is unstable: an offered load of " + a
                    + " erlangs needs more than " + c + " servers (the load must be < the servers, or the queue grows"
                    + " without bound). Maybe c ≥ " + needed + ".");
        }
    }
}
