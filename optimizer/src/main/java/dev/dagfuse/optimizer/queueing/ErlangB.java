// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

/**
 * Erlang's loss formula (Erlang B, A. K. Erlang 1917): the probability that a request finds all {@code c} servers busy
 * in an M/G/c/c loss system offered {@code a = λ·E[S]} erlangs, and so is lost (on Lambda: spills beyond the provisioned
 * concurrency to on-demand). It depends on the service time only through its mean (insensitivity).
 *
 * <pre>B(c, a) = (a^c / c!) / Σ_{k=0..c} a^k / k!</pre>
 *
 * computed with the recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)): every step stays in [0, 1], so there is no
 * factorial and no overflow, for any c and any finite load (the tests check c = 10,000 and a = 10^5).
 */
public final class ErlangB {

    private ErlangB() {
    }

    /**
     * B(c, a), in [0, 1].
     *
     * @param c the servers, ≥ 0 (no server blocks every request)
     * @param a the offered load in erlangs (arrival rate × mean service time), finite and ≥ 0
     */
    public static double blocking(int c, double a) {
        Checks.servers(c, 0);
        Checks.load(a);
        double b = 1.0;
        for (int k = 1; k <= c; k++) {
            b = next(b, k, a);
        }
        return b;
    }

    /**
     * The smallest c with B(c, a) ≤ {@code maxBlocking}: B falls strictly with c (for a > 0), so the first c reached
     * counting up is the smallest. Takes O(c) steps.
     *
     * @param a the offered load in erlangs, finite and ≥ 0
     * @param maxBlocking the largest acceptable blocking probability, in (0, 1]
     */
    public static int serversFor(double a, double maxBlocking) {
        Checks.load(a);
        if (!(maxBlocking > 0 && maxBlocking <= 1)) {
            throw new IllegalArgumentException("The blocking target (" + maxBlocking
                    + ") must be a probability in (0, 1]. Maybe 0.01 (1% of requests lost).");
        }
        double b = 1.0;
        int c = 0;
        while (b > maxBlocking) {
            if (c == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("No server count below 2^31 brings the blocking of " + a
                        + " erlangs down to " + maxBlocking + ". Maybe a larger target.");
            }
            c++;
            b = next(b, c, a);
        }
        return c;
    }

    /** One step of the recursion: B(k) from B(k−1). */
    static double next(double previous, int k, double a) {
        double ab = a * previous;
        return ab / (k + ab);
    }
}
