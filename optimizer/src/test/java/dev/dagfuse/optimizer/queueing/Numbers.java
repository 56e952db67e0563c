// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.queueing;

import java.util.function.DoubleUnaryOperator;

/** What the queueing tests share: inverting a rising function, batch means, significant figures. */
final class Numbers {

    private Numbers() {
    }

    /** The x in [0, hi] where the rising {@code f} crosses {@code target}, by bisection to the last bit. */
    static double crossing(DoubleUnaryOperator f, double target, double hi) {
        double lo = 0;
        for (int i = 0; i < 200; i++) {
            double mid = (lo + hi) / 2;
            if (f.applyAsDouble(mid) > target) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return lo;
    }

    static double halfUnitOfFourthFigure(double x) {
        return 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(x))) - 3);
    }

    static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /** The standard error of the mean of batch means (batches long enough to be nearly independent). */
    static double standardError(double[] xs, double mean) {
        double squares = 0;
        for (double x : xs) {
            squares += (x - mean) * (x - mean);
        }
        return Math.sqrt(squares / (xs.length - 1) / xs.length);
    }
}
