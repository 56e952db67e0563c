// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.io.Serializable;

/**
 * The output of extract: one normalised patch around the detected object of every frame of its share.
 *
 * @param branch the extract branch that produced it
 * @param firstFrame the first frame covered
 * @param frameCount how many consecutive frames are covered
 * @param patches the frames' patches, {@link Frames#PATCH_PIXELS} floats each, unit L2 norm
 * @param shot every frame's detected shot (index into the plan's shot starts)
 * @param truth every frame's true class (from the script, carried along for scoring only)
 */
public record FrameFeatures(int branch, int firstFrame, int frameCount, float[] patches, int[] shot, int[] truth)
        implements Serializable {
}
