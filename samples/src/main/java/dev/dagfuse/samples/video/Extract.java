// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;
import java.util.Arrays;

/**
 * Decodes (renders) the full-resolution frames of this branch's chunks and cuts a normalised patch around
 * the object detected in each.
 */
public class Extract implements Handler {

    @Override
    public Object handle(Invocation invocation) {
        VideoPlan plan = (VideoPlan) invocation.input("split");
        VideoRequest request = plan.request();
        // Branch b of n takes chunks [b*k/n, (b+1)*k/n): one chunk each when n equals the chunk count.
        Chunk[] chunks = plan.chunks();
        int fromChunk = (int) ((long) invocation.branch() * chunks.length / invocation.fanOut());
        int toChunk = (int) ((long) (invocation.branch() + 1) * chunks.length / invocation.fanOut());
        int first = fromChunk < chunks.length ? chunks[fromChunk].firstFrame() : request.frames();
        int count = 0;
        for (int c = fromChunk; c < toChunk; c++) {
            count += chunks[c].frameCount();
        }
        float[] patches = new float[count * Frames.PATCH_PIXELS];
        int[] shot = new int[count];
        int[] truth = new int[count];
        for (int i = 0; i < count; i++) {
            int frame = first + i;
            Scene scene = Frames.sceneAt(plan.scenes(), frame);
            float[] image = Frames.render(scene, frame, request.seed(), request.width(), request.height(), 1);
            System.arraycopy(Frames.patch(image, request.width(), request.height()), 0, patches, i * Frames.PATCH_PIXELS,
                    Frames.PATCH_PIXELS);
            int at = Arrays.binarySearch(plan.shotStarts(), frame);
            shot[i] = at >= 0 ? at : -at - 2;
            truth[i] = scene.shape();
        }
        return new FrameFeatures(invocation.branch(), first, count, patches, shot, truth);
    }
}
