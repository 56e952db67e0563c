// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.io.Serializable;

/**
 * The output of split: the video's script, the shot boundaries split detected, and the chunks.
 *
 * @param request the request
 * @param scenes the script (ground truth) the frames are rendered from
 * @param shotStarts the first frame of every detected shot, ascending, starting with 0
 * @param chunks the chunks, in frame order
 */
public record VideoPlan(VideoRequest request, Scene[] scenes, int[] shotStarts, Chunk[] chunks) implements Serializable {
}
