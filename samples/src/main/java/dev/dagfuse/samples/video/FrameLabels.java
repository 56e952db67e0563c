// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.io.Serializable;

/**
 * The output of classify: a class and per-class scores for every frame of its share.
 *
 * @param branch the classify branch that produced it
 * @param firstFrame the first frame covered
 * @param predicted every frame's predicted class
 * @param scores every frame's per-class scores ({@link Frames#CLASSES} per frame, summing to 1)
 * @param shot every frame's detected shot
 * @param truth every frame's true class
 */
public record FrameLabels(int branch, int firstFrame, int[] predicted, float[] scores, int[] shot, int[] truth)
        implements Serializable {
}
