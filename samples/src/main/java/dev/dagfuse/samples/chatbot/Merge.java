// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import dev.dagfuse.samples.Stats;
import java.util.List;

/**
 * Combines the one-vs-rest classifiers into one intent classifier (the intent whose classifier scores
 * highest wins) and evaluates it on every intent's held-out utterances.
 */
public class Merge implements Handler {

    static final int RESAMPLES = 4_000;

    @Override
    public Object handle(Invocation invocation) {
        List<Object> parts = invocation.inputs("train");
        int intents = 0;
        for (int b = 0; b < parts.size(); b++) {
            IntentModels part = (IntentModels) parts.get(b);
            if (part.branch() != b) {
                throw new IllegalStateException("The train outputs are out of order: index " + b + " holds branch " + part.branch() + ".");
            }
            intents += part.intents().length;
        }
        float[][] weights = new float[intents][];
        float[] bias = new float[intents];
        SparseRows[] heldOut = new SparseRows[intents];
        for (Object o : parts) {
            IntentModels part = (IntentModels) o;
            for (int m = 0; m < part.intents().length; m++) {
                int j = part.intents()[m];
                if (j >= intents || weights[j] != null) {
                    throw new IllegalStateException("The intent " + j + " is not covered exactly once by the train branches.");
                }
                weights[j] = part.weights()[m];
                bias[j] = part.bias()[m];
                heldOut[j] = part.heldOut()[m];
            }
        }
        int rows = 0;
        for (SparseRows shard : heldOut) {
            rows += shard.rows();
        }
        boolean[] hits = new boolean[rows];
        int[] predictedCounts = new int[intents];
        int[][] confusion = new int[intents][intents];
        int at = 0;
        for (int truth = 0; truth < intents; truth++) {
            for (int r = 0; r < heldOut[truth].rows(); r++, at++) {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < intents; j++) {
                    double score = heldOut[truth].dot(r, weights[j]) + bias[j];
                    if (score > bestScore) {
                        bestScore = score;
                        best = j;
                    }
                }
                hits[at] = best == truth;
                predictedCounts[best]++;
                confusion[truth][best]++;
            }
        }
        double f1 = 0;
        for (int j = 0; j < intents; j++) {
            int truePositives = confusion[j][j];
            int actual = 0;
            for (int p = 0; p < intents; p++) {
                actual += confusion[j][p];
            }
            f1 += truePositives == 0 ? 0 : 2.0 * truePositives / (actual + predictedCounts[j]);
        }
        String[] names = new String[intents];
        for (int j = 0; j < intents; j++) {
            names[j] = Corpus.INTENTS.get(j).name();
        }
        double[] ci = Stats.bootstrapAccuracy(hits, RESAMPLES, 42);
        return new ChatReport(names, rows, Stats.mean(hits), ci[0], ci[1], f1 / intents, predictedCounts, confusion);
    }
}
