// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A k-nearest-neighbour shape classifier over normalised patches, with flip test-time augmentation.
 *
 * <p>Its reference bank is "trained" once per JVM (a serverless container's cold start) from labelled
 * synthetic frames rendered with a fixed seed, so every container holds the same model.
 */
final class ShapeModel {

    /** The bank's size per class on average (shapes are drawn at random). */
    static final int PER_CLASS = 400;
    static final int K = 7;
    private static final int FRAME = 128;
    private static final long TRAINING_SEED = 0x5EEDF00DL;

    /** The lazily built bank: initialised on first use, thread-safe by class initialisation. */
    private static final class Holder {
        static final ShapeModel MODEL = train();
    }

    private final float[] bank;
    private final int[] labels;

    private ShapeModel(float[] bank, int[] labels) {
        this.bank = bank;
        this.labels = labels;
    }

    static ShapeModel get() {
        return Holder.MODEL;
    }

    private static ShapeModel train() {
        int n = PER_CLASS * Frames.CLASSES.length;
        float[] bank = new float[n * Frames.PATCH_PIXELS];
        int[] labels = new int[n];
        SplittableRandom random = new SplittableRandom(TRAINING_SEED);
        for (int i = 0; i < n; i++) {
            Scene scene = Frames.randomScene(random, 0, 1, FRAME, FRAME, (float) random.nextDouble(40, 150));
            float[] image = Frames.render(scene, 0, TRAINING_SEED + i, FRAME, FRAME, 1);
            System.arraycopy(Frames.patch(image, FRAME, FRAME), 0, bank, i * Frames.PATCH_PIXELS, Frames.PATCH_PIXELS);
            labels[i] = scene.shape();
        }
        return new ShapeModel(bank, labels);
    }

    /**
     * Writes the per-class scores (summing to 1) of the patch at {@code offset} in {@code patches} to
     * {@code scores[scoresOffset..]}: similarity-weighted votes of the K nearest references, over the patch
     * and its three flips (every shape's class is flip-invariant).
     */
    void score(float[] patches, int offset, float[] scores, int scoresOffset) {
        Arrays.fill(scores, scoresOffset, scoresOffset + Frames.CLASSES.length, 0);
        float[] variant = new float[Frames.PATCH_PIXELS];
        float total = 0;
        for (int flip = 0; flip < 4; flip++) {
            for (int y = 0; y < Frames.PATCH; y++) {
                int sy = (flip & 2) != 0 ? Frames.PATCH - 1 - y : y;
                for (int x = 0; x < Frames.PATCH; x++) {
                    int sx = (flip & 1) != 0 ? Frames.PATCH - 1 - x : x;
                    variant[y * Frames.PATCH + x] = patches[offset + sy * Frames.PATCH + sx];
                }
            }
            float[] bestSimilarity = new float[K];
            int[] bestLabel = new int[K];
            Arrays.fill(bestSimilarity, Float.NEGATIVE_INFINITY);
            for (int r = 0; r < labels.length; r++) {
                float similarity = dot(variant, bank, r * Frames.PATCH_PIXELS);
                if (similarity > bestSimilarity[K - 1]) {
                    int at = K - 1;
                    while (at > 0 && bestSimilarity[at - 1] < similarity) {
                        bestSimilarity[at] = bestSimilarity[at - 1];
                        bestLabel[at] = bestLabel[at - 1];
                        at--;
                    }
                    bestSimilarity[at] = similarity;
                    bestLabel[at] = labels[r];
                }
            }
            for (int j = 0; j < K; j++) {
                float weight = Math.max(0, bestSimilarity[j]);
                scores[scoresOffset + bestLabel[j]] += weight;
                total += weight;
            }
        }
        for (int c = 0; c < Frames.CLASSES.length; c++) {
            scores[scoresOffset + c] = total > 0 ? scores[scoresOffset + c] / total : 1f / Frames.CLASSES.length;
        }
    }

    /** A dot product with four accumulators, so the additions pipeline. */
    private static float dot(float[] a, float[] b, int offset) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < a.length; i += 4) {
            s0 += a[i] * b[offset + i];
            s1 += a[i + 1] * b[offset + i + 1];
            s2 += a[i + 2] * b[offset + i + 2];
            s3 += a[i + 3] * b[offset + i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
