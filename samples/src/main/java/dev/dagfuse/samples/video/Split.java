// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Scans a low-resolution proxy of the whole video for shot cuts (brightness-histogram jumps) and cuts the
 * video into equal chunks for the extract branches.
 */
public class Split implements Handler {

    /** Consecutive proxy frames whose histograms differ by more than this (L1, out of 2) start a new shot. */
    static final float CUT = 0.6f;
    /** The proxy is decoded at 1/PROXY of the resolution. */
    static final int PROXY = 4;

    @Override
    public Object handle(Invocation invocation) {
        VideoRequest request = (VideoRequest) invocation.requestInput();
        Scene[] scenes = Frames.script(request);
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        float[] previous = null;
        for (int frame = 0; frame < request.frames(); frame++) {
            float[] proxy = Frames.render(Frames.sceneAt(scenes, frame), frame, request.seed(), request.width(), request.height(), PROXY);
            float[] histogram = Frames.histogram(proxy);
            if (previous != null && l1(previous, histogram) > CUT) {
                starts.add(frame);
            }
            previous = histogram;
        }
        Chunk[] chunks = new Chunk[Math.min(request.chunks(), request.frames())];
        for (int i = 0; i < chunks.length; i++) {
            int first = (int) ((long) i * request.frames() / chunks.length);
            int end = (int) ((long) (i + 1) * request.frames() / chunks.length);
            chunks[i] = new Chunk(i, first, end - first);
        }
        return new VideoPlan(request, scenes, starts.stream().mapToInt(Integer::intValue).toArray(), chunks);
    }

    private static float l1(float[] a, float[] b) {
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]);
        }
        return sum;
    }

    /** 480 frames (20 s at 24 fps) of 320×240, in 30 chunks of 16 frames. */
    @Override
    public Object defaultInput(long seed) {
        return new VideoRequest(seed, 480, 320, 240, 30);
    }
}
