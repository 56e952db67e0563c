// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

import java.io.Serializable;

/**
 * The request of the ml-pipeline sample: the synthetic classification problem to learn.
 *
 * @param seed the seed of the data set
 * @param samples how many rows to generate (training and held-out)
 * @param dimensions how many raw features every row has
 * @param classes how many classes
 * @param latent the dimension of the subspace the classes actually differ in
 * @param components how many principal components pca keeps
 * @param heldOutFraction the fraction of rows held out for evaluation
 */
public record MlRequest(long seed, int samples, int dimensions, int classes, int latent, int components, double heldOutFraction)
        implements Serializable {

    public MlRequest {
        if (samples < 10 || dimensions < 2 || classes < 2 || latent < 1 || components < 1 || components > dimensions
                || !(heldOutFraction > 0 && heldOutFraction < 1)) {
            throw new IllegalArgumentException("Invalid ML request: " + samples + " samples, " + dimensions + " dimensions, "
                    + classes + " classes, " + latent + " latent, " + components + " components, held out " + heldOutFraction + ".");
        }
    }
}
