// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;

/** Labels every frame of its branch's chunk with the shape the nearest-neighbour model sees in its patch. */
public class Classify implements Handler {

    @Override
    public Object handle(Invocation invocation) {
        FrameFeatures features = (FrameFeatures) invocation.input("extract");
        ShapeModel model = ShapeModel.get();
        int classes = Frames.CLASSES.length;
        int frames = features.frameCount();
        float[] scores = new float[frames * classes];
        int[] predicted = new int[frames];
        for (int i = 0; i < frames; i++) {
            model.score(features.patches(), i * Frames.PATCH_PIXELS, scores, i * classes);
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return new FrameLabels(invocation.branch(), features.firstFrame(), predicted, scores, features.shot(), features.truth());
    }
}
