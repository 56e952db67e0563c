// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

import java.io.Serializable;

/**
 * The output of pca: the data set projected on its leading principal components, whitened.
 *
 * @param classes how many classes
 * @param components how many features each projected row has
 * @param trainX the training rows, row-major, {@code components} floats each
 * @param trainY the training labels
 * @param heldOutX the held-out rows, projected with the training set's components
 * @param heldOutY the held-out labels
 * @param explainedVariance per component, the fraction of the training set's total variance it explains
 */
public record Projected(int classes, int components, float[] trainX, int[] trainY, float[] heldOutX, int[] heldOutY,
        double[] explainedVariance) implements Serializable {
}
