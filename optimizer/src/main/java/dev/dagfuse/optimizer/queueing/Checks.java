// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

/** The argument checks the queueing formulas share, each naming the bad value and what is valid. */
final class Checks {

    private Checks() {
    }

    static void servers(int c, int min) {
        if (c < min) {
            throw new IllegalArgumentException("The servers (" + c + ") must be ≥ " + min + ". Maybe " + Math.max(min, 1)
                    + ".");
        }
    }

    static void load(double a) {
        if (!(a >= 0) || Double.isInfinite(a)) {
            throw new IllegalArgumentException("The offered load (" + a
                    + " erlangs) must be finite and ≥ 0: the arrival rate times the mean service time. Maybe 2.5.");
        }
    }

    static void rate(String what, double rate) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("The " + what + " (" + rate
                    + " per unit of time) must be finite and > 0. Maybe 10.");
        }
    }

    static void arrivalRate(double lambda) {
        if (!(lambda >= 0) || Double.isInfinite(lambda)) {
            throw new IllegalArgumentException("The arrival rate (" + lambda
                    + " per unit of time) must be finite and ≥ 0. Maybe 10.");
        }
    }

    static void time(double t) {
        if (!(t >= 0) || Double.isInfinite(t)) {
            throw new IllegalArgumentException("The waiting time (" + t
                    + ") must be finite and ≥ 0, in the unit of the rates. Maybe 0.1.");
        }
    }

    static void percentile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("The percentile (" + p
                    + ") must be a probability in (0, 1). Maybe 0.99 for the 99th percentile.");
        }
    }
}
