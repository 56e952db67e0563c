// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

/** Softmax-regression arithmetic shared by train and combine. */
final class Softmax {

    private Softmax() {
    }

    /**
     * Writes the class probabilities of row {@code row} of {@code x} under {@code weights} into {@code out}.
     * The weights are {@code (features + 1) × classes}, row-major, the last row being the bias.
     */
    static void probabilities(double[] weights, int features, int classes, float[] x, int row, double[] out) {
        int base = row * features;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            double z = weights[features * classes + c];
            for (int f = 0; f < features; f++) {
                z += x[base + f] * weights[f * classes + c];
            }
            out[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(out[c] - max); // shifted by the max so exp cannot overflow
            sum += out[c];
        }
        for (int c = 0; c < classes; c++) {
            out[c] /= sum;
        }
    }
}
