// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import java.util.Arrays;

/**
 * Fits a softmax-regression model on this branch's partition of the projected training rows, by
 * full-batch gradient descent with momentum and a little L2 regularisation.
 */
public class Train implements Handler {

    static final int EPOCHS = 200;
    static final double LEARNING_RATE = 0.2;
    static final double MOMENTUM = 0.9;
    static final double L2 = 1e-3;

    @Override
    public Object handle(Invocation invocation) {
        Projected data = (Projected) invocation.input("pca");
        int k = data.components();
        int classes = data.classes();
        int branch = invocation.branch();
        int fanOut = invocation.fanOut();
        int train = data.trainY().length;
        int from = (int) ((long) branch * train / fanOut);
        int to = (int) ((long) (branch + 1) * train / fanOut);
        int rows = to - from;

        double[] weights = new double[(k + 1) * classes];
        double[] velocity = new double[weights.length];
        double[] gradient = new double[weights.length];
        double[] p = new double[classes];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            Arrays.fill(gradient, 0);
            for (int i = from; i < to; i++) {
                Softmax.probabilities(weights, k, classes, data.trainX(), i, p);
                p[data.trainY()[i]] -= 1; // d(cross-entropy)/d(logits)
                int base = i * k;
                for (int f = 0; f < k; f++) {
                    double xf = data.trainX()[base + f];
                    for (int c = 0; c < classes; c++) {
                        gradient[f * classes + c] += xf * p[c];
                    }
                }
                for (int c = 0; c < classes; c++) {
                    gradient[k * classes + c] += p[c];
                }
            }
            for (int w = 0; w < weights.length; w++) {
                double g = gradient[w] / Math.max(rows, 1) + (w < k * classes ? L2 * weights[w] : 0);
                velocity[w] = MOMENTUM * velocity[w] - LEARNING_RATE * g;
                weights[w] += velocity[w];
            }
        }
        int correct = 0;
        for (int i = from; i < to; i++) {
            Softmax.probabilities(weights, k, classes, data.trainX(), i, p);
            correct += argmax(p) == data.trainY()[i] ? 1 : 0;
        }
        // Forward this branch's share of the held-out rows: combine sees only the train branches.
        int heldOut = data.heldOutY().length;
        int hFrom = (int) ((long) branch * heldOut / fanOut);
        int hTo = (int) ((long) (branch + 1) * heldOut / fanOut);
        return new TrainedModel(branch, classes, k, weights, rows, rows == 0 ? Double.NaN : (double) correct / rows,
                Arrays.copyOfRange(data.heldOutX(), hFrom * k, hTo * k), Arrays.copyOfRange(data.heldOutY(), hFrom, hTo));
    }

    static int argmax(double[] p) {
        int best = 0;
        for (int c = 1; c < p.length; c++) {
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return best;
    }
}
