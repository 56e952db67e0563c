// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

import java.io.Serializable;

/**
 * The output of train: a softmax-regression model fitted on one partition, and this branch's share of the
 * held-out rows, forwarded so combine can evaluate on all of them.
 *
 * @param branch the train branch that fitted it
 * @param classes how many classes
 * @param features how many input features
 * @param weights {@code (features + 1) × classes}, row-major; the last row is the bias
 * @param rows how many training rows the partition had
 * @param trainAccuracy its accuracy on its own partition
 * @param heldOutX this branch's share of the held-out rows
 * @param heldOutY their labels
 */
public record TrainedModel(int branch, int classes, int features, double[] weights, int rows, double trainAccuracy,
        float[] heldOutX, int[] heldOutY) implements Serializable {
}
