// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.io.Serializable;

/**
 * A contiguous run of frames that one extract branch decodes.
 *
 * @param index the chunk's index
 * @param firstFrame its first frame
 * @param frameCount how many frames it holds
 */
public record Chunk(int index, int firstFrame, int frameCount) implements Serializable {
}
