// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import java.util.SplittableRandom;

/**
 * Fits the one-vs-rest logistic-regression classifier of every intent {@code j} with
 * {@code j % fanOut == branch} (one intent per branch when the fan-out equals the intent count), by
 * stochastic gradient descent over the whole training corpus.
 */
public class Train implements Handler {

    static final int EPOCHS = 30;
    static final double LEARNING_RATE = 0.5;
    static final double L2 = 1e-5;

    @Override
    public Object handle(Invocation invocation) {
        IntentShards shards = (IntentShards) invocation.input("split");
        int intents = shards.intents().length;
        int mine = 0;
        for (int j = invocation.branch(); j < intents; j += invocation.fanOut()) {
            mine++;
        }
        int[] covered = new int[mine];
        float[][] weights = new float[mine][];
        float[] bias = new float[mine];
        SparseRows[] heldOut = new SparseRows[mine];
        int m = 0;
        for (int j = invocation.branch(); j < intents; j += invocation.fanOut(), m++) {
            covered[m] = j;
            weights[m] = new float[shards.dimensions()];
            bias[m] = fit(shards, j, weights[m]);
            heldOut[m] = shards.heldOut()[j];
        }
        return new IntentModels(invocation.branch(), covered, weights, bias, heldOut);
    }

    /** Fits intent {@code positive} against all others into {@code weights}; returns the bias. */
    private static float fit(IntentShards shards, int positive, float[] weights) {
        int total = 0;
        for (SparseRows rows : shards.train()) {
            total += rows.rows();
        }
        // Every training row as (intent, row), visited in a fresh seeded order each epoch.
        int[] intentOf = new int[total];
        int[] rowOf = new int[total];
        int at = 0;
        for (int i = 0; i < shards.train().length; i++) {
            for (int r = 0; r < shards.train()[i].rows(); r++, at++) {
                intentOf[at] = i;
                rowOf[at] = r;
            }
        }
        SplittableRandom random = new SplittableRandom(31L * positive + 7);
        // The weights are scale * weights, so the L2 shrinkage of every weight is one multiplication.
        double scale = 1;
        double bias = 0;
        long step = 0;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            for (int i = total - 1; i > 0; i--) {
                int k = random.nextInt(i + 1);
                int swap = intentOf[i];
                intentOf[i] = intentOf[k];
                intentOf[k] = swap;
                swap = rowOf[i];
                rowOf[i] = rowOf[k];
                rowOf[k] = swap;
            }
            for (int s = 0; s < total; s++, step++) {
                SparseRows rows = shards.train()[intentOf[s]];
                int r = rowOf[s];
                double rate = LEARNING_RATE / (1 + LEARNING_RATE * L2 * step);
                double margin = scale * rows.dot(r, weights) + bias;
                double label = intentOf[s] == positive ? 1 : 0;
                double error = 1 / (1 + Math.exp(-margin)) - label; // d(log-loss)/d(margin)
                scale *= 1 - rate * L2;
                float update = (float) (-rate * error / scale);
                for (int e = rows.offsets()[r]; e < rows.offsets()[r + 1]; e++) {
                    weights[rows.index()[e]] += update * rows.value()[e];
                }
                bias -= rate * error;
                if (scale < 1e-6) { // fold the scale back before the floats lose precision
                    for (int w = 0; w < weights.length; w++) {
                        weights[w] *= (float) scale;
                    }
                    scale = 1;
                }
            }
        }
        for (int w = 0; w < weights.length; w++) {
            weights[w] *= (float) scale;
        }
        return (float) bias;
    }
}
