// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.io.Serializable;

/**
 * The request of the video-analytics sample: which synthetic video to analyse.
 *
 * @param seed the seed of the video's script and noise
 * @param frames how many frames the video has
 * @param width the frame width in pixels
 * @param height the frame height in pixels
 * @param chunks how many chunks split cuts the video into (one per extract branch at the workflow's fan-out)
 */
public record VideoRequest(long seed, int frames, int width, int height, int chunks) implements Serializable {

    public VideoRequest {
        if (frames < 1 || chunks < 1 || width < 64 || height < 64) {
            throw new IllegalArgumentException("Invalid video request: " + frames + " frames of " + width + "x" + height
                    + " in " + chunks + " chunks.");
        }
    }
}
