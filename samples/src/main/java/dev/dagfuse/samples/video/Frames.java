// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Rendering of the synthetic video and the per-frame detection pipeline shared by the handlers. */
final class Frames {

    static final String[] CLASSES = {"circle", "square", "triangle", "cross"};
    /** The side of the square patch cut around the detected object. */
    static final int PATCH = 32;
    static final int PATCH_PIXELS = PATCH * PATCH;

    private static final float SQRT3 = (float) Math.sqrt(3);
    private static final float[] BLUR = gaussianKernel(2, 6);

    private Frames() {
    }

    /** The video's script: shots of 12 to 48 frames, each with its own shape, lighting, noise and motion. */
    static Scene[] script(VideoRequest request) {
        SplittableRandom random = new SplittableRandom(request.seed());
        List<Scene> scenes = new ArrayList<>();
        float previousBackground = -1000;
        for (int start = 0; start < request.frames(); ) {
            int length = Math.min(12 + random.nextInt(37), request.frames() - start);
            float background;
            do { // a visible change of lighting at every cut, as in edited footage
                background = (float) random.nextDouble(40, 150);
            } while (Math.abs(background - previousBackground) < 40);
            previousBackground = background;
            scenes.add(randomScene(random, start, length, request.width(), request.height(), background));
            start += length;
        }
        return scenes.toArray(Scene[]::new);
    }

    /** A shot with a random shape, size, contrast, noise, lighting gradient, position and motion. */
    static Scene randomScene(SplittableRandom random, int start, int length, int width, int height, float background) {
        float size = (float) random.nextDouble(16, 36);
        return new Scene(start, length, random.nextInt(CLASSES.length), background,
                (float) random.nextDouble(-0.08, 0.08), (float) random.nextDouble(-0.08, 0.08),
                (float) random.nextDouble(12, 80), (float) random.nextDouble(8, 28),
                (float) random.nextDouble(size, width - size), (float) random.nextDouble(size, height - size),
                (float) random.nextDouble(-3, 3), (float) random.nextDouble(-3, 3), size,
                (float) random.nextDouble(0, 2 * Math.PI), (float) random.nextDouble(-0.06, 0.06));
    }

    /** The scene that contains {@code frame}. */
    static Scene sceneAt(Scene[] scenes, int frame) {
        int lo = 0;
        int hi = scenes.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (scenes[mid].start() <= frame) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return scenes[lo];
    }

    /**
     * Renders one frame of {@code scene} at {@code 1/scale} of the full resolution (a proxy decode when
     * {@code scale > 1}: averaging scale×scale pixels divides the noise by {@code scale}).
     */
    static float[] render(Scene scene, int frame, long seed, int fullWidth, int fullHeight, int scale) {
        int width = fullWidth / scale;
        int height = fullHeight / scale;
        int t = frame - scene.start();
        float r = scene.size();
        float cx = bounce(scene.x() + scene.vx() * t, r, fullWidth - r) / scale;
        float cy = bounce(scene.y() + scene.vy() * t, r, fullHeight - r) / scale;
        float angle = scene.angle() + scene.spin() * t;
        float cos = (float) Math.cos(angle);
        float sin = (float) Math.sin(angle);
        float noise = scene.noise() / scale;
        float sr = r / scale;
        // The noise of a frame depends only on the seed, the frame and the resolution, not on the chunking.
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + frame * 31L + scale);
        float[] image = new float[width * height];
        for (int py = 0; py < height; py++) {
            float fy = (py + 0.5f) * scale;
            float dy = (py + 0.5f) - cy;
            for (int px = 0; px < width; px++) {
                float fx = (px + 0.5f) * scale;
                float value = scene.background() + scene.gradientX() * (fx - fullWidth / 2f) + scene.gradientY() * (fy - fullHeight / 2f);
                float dx = (px + 0.5f) - cx;
                if (Math.abs(dx) <= 1.2f * sr && Math.abs(dy) <= 1.2f * sr) { // 1.2: a rotated square's corners reach 1.13
                    // Shape-local coordinates in units of the radius.
                    float u = (dx * cos + dy * sin) / sr;
                    float v = (-dx * sin + dy * cos) / sr;
                    if (inside(scene.shape(), u, v)) {
                        value += scene.contrast();
                    }
                }
                image[py * width + px] = value + noise * (float) random.nextGaussian();
            }
        }
        return image;
    }

    private static boolean inside(int shape, float u, float v) {
        return switch (shape) {
            case 0 -> u * u + v * v <= 1;
            case 1 -> Math.abs(u) <= 0.8f && Math.abs(v) <= 0.8f;
            case 2 -> v <= 0.5f && SQRT3 * Math.abs(u) <= v + 1;
            case 3 -> (Math.abs(u) <= 0.3f && Math.abs(v) <= 1) || (Math.abs(v) <= 0.3f && Math.abs(u) <= 1);
            default -> throw new IllegalArgumentException("Unknown shape " + shape);
        };
    }

    /** Reflects {@code p} into {@code [lo, hi]}, as a ball bouncing between two walls. */
    private static float bounce(float p, float lo, float hi) {
        float span = hi - lo;
        if (span <= 0) {
            return lo;
        }
        float q = (p - lo) % (2 * span);
        if (q < 0) {
            q += 2 * span;
        }
        return lo + (q > span ? 2 * span - q : q);
    }

    /**
     * The detection pipeline: denoise, remove the lighting gradient, segment the brightest blob and cut a
     * normalised {@link #PATCH}×{@link #PATCH} patch around it.
     */
    static float[] patch(float[] image, int width, int height) {
        float[] smooth = blur(image, width, height);
        // Fit the lighting plane, segment, then refit on the background only so the object does not tilt it.
        float[] residual = subtractPlane(smooth, width, height, null);
        boolean[] mask = above(residual, threshold(residual));
        residual = subtractPlane(smooth, width, height, mask);
        mask = above(residual, threshold(residual));
        int[] box = largestComponent(mask, width, height);
        return crop(residual, width, height, box);
    }

    private static float[] gaussianKernel(double sigma, int radius) {
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            sum += Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) (Math.exp(-i * i / (2 * sigma * sigma)) / sum);
        }
        return kernel;
    }

    /** A separable Gaussian blur with clamped edges. */
    static float[] blur(float[] image, int width, int height) {
        int radius = BLUR.length / 2;
        float[] rows = new float[image.length];
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += BLUR[k + radius] * image[row + Math.min(width - 1, Math.max(0, x + k))];
                }
                rows[row + x] = sum;
            }
        }
        float[] out = new float[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += BLUR[k + radius] * rows[Math.min(height - 1, Math.max(0, y + k)) * width + x];
                }
                out[y * width + x] = sum;
            }
        }
        return out;
    }

    /** The image minus its least-squares plane {@code a + b x + c y}, fitted where {@code exclude} is false. */
    private static float[] subtractPlane(float[] image, int width, int height, boolean[] exclude) {
        double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, sf = 0, sxf = 0, syf = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (exclude != null && exclude[i]) {
                    continue;
                }
                double f = image[i];
                n++;
                sx += x;
                sy += y;
                sxx += (double) x * x;
                syy += (double) y * y;
                sxy += (double) x * y;
                sf += f;
                sxf += x * f;
                syf += y * f;
            }
        }
        double[] abc = solve3(new double[][] {{n, sx, sy}, {sx, sxx, sxy}, {sy, sxy, syy}}, new double[] {sf, sxf, syf});
        float[] out = new float[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                out[y * width + x] = (float) (image[y * width + x] - (abc[0] + abc[1] * x + abc[2] * y));
            }
        }
        return out;
    }

    /** Solves a 3×3 system by Cramer's rule. */
    private static double[] solve3(double[][] m, double[] b) {
        double det = det3(m);
        double[] out = new double[3];
        for (int c = 0; c < 3; c++) {
            double[][] mc = {m[0].clone(), m[1].clone(), m[2].clone()};
            for (int r = 0; r < 3; r++) {
                mc[r][c] = b[r];
            }
            out[c] = det3(mc) / det;
        }
        return out;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }

    /**
     * A segmentation threshold: well above the background's noise (median plus four robust standard
     * deviations, from the median absolute deviation) and at least half-way from the background to the
     * brightest pixel, so a contrasted object is cut near its edge.
     */
    static float threshold(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (max <= min) {
            return max;
        }
        // Histogram quantiles: exact enough at 1/1024 of the range, and linear time unlike sorting.
        float median = median(values, 0, false, min, max);
        float mad = median(values, median, true, 0, Math.max(max - median, median - min));
        float sigma = 1.4826f * mad;
        return median + Math.max(4 * sigma, 0.5f * (max - median));
    }

    /** The median of {@code v} (or of {@code |v - center|} when {@code absolute}), all of which lie in {@code [lo, hi]}. */
    private static float median(float[] values, float center, boolean absolute, float lo, float hi) {
        int bins = 1024;
        int[] histogram = new int[bins];
        float scale = (bins - 1) / Math.max(hi - lo, 1e-6f);
        for (float v : values) {
            float x = absolute ? Math.abs(v - center) : v;
            histogram[Math.min(bins - 1, Math.max(0, (int) ((x - lo) * scale)))]++;
        }
        long half = (values.length + 1) / 2;
        long seen = 0;
        for (int b = 0; b < bins; b++) {
            seen += histogram[b];
            if (seen >= half) {
                return lo + (b + 0.5f) / scale;
            }
        }
        return hi;
    }

    private static boolean[] above(float[] values, float cut) {
        boolean[] mask = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            mask[i] = values[i] >= cut;
        }
        return mask;
    }

    /** The bounding box {@code {x0, y0, x1, y1}} (inclusive) of the largest 4-connected component of {@code mask}. */
    static int[] largestComponent(boolean[] mask, int width, int height) {
        int[] label = new int[mask.length];
        int[] stack = new int[mask.length];
        int[] best = {0, 0, width - 1, height - 1};
        int bestSize = 0;
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            next++;
            int size = 0;
            int x0 = width, y0 = height, x1 = -1, y1 = -1;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int i = stack[--top];
                int x = i % width;
                int y = i / width;
                size++;
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
                if (x > 0 && mask[i - 1] && label[i - 1] == 0) {
                    label[i - 1] = next;
                    stack[top++] = i - 1;
                }
                if (x < width - 1 && mask[i + 1] && label[i + 1] == 0) {
                    label[i + 1] = next;
                    stack[top++] = i + 1;
                }
                if (y > 0 && mask[i - width] && label[i - width] == 0) {
                    label[i - width] = next;
                    stack[top++] = i - width;
                }
                if (y < height - 1 && mask[i + width] && label[i + width] == 0) {
                    label[i + width] = next;
                    stack[top++] = i + width;
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = new int[] {x0, y0, x1, y1};
            }
        }
        return best;
    }

    /** A bilinear {@link #PATCH}×{@link #PATCH} resampling of the square around {@code box}, zero-mean and unit L2 norm. */
    private static float[] crop(float[] image, int width, int height, int[] box) {
        float cx = (box[0] + box[2]) / 2f;
        float cy = (box[1] + box[3]) / 2f;
        float side = 1.3f * Math.max(box[2] - box[0] + 1, box[3] - box[1] + 1) + 2;
        float step = side / PATCH;
        float[] patch = new float[PATCH_PIXELS];
        double sum = 0;
        for (int py = 0; py < PATCH; py++) {
            float y = Math.min(height - 1.001f, Math.max(0, cy - side / 2 + (py + 0.5f) * step));
            int iy = (int) y;
            float ty = y - iy;
            for (int px = 0; px < PATCH; px++) {
                float x = Math.min(width - 1.001f, Math.max(0, cx - side / 2 + (px + 0.5f) * step));
                int ix = (int) x;
                float tx = x - ix;
                int i = iy * width + ix;
                float value = (1 - ty) * ((1 - tx) * image[i] + tx * image[i + 1])
                        + ty * ((1 - tx) * image[i + width] + tx * image[i + width + 1]);
                patch[py * PATCH + px] = value;
                sum += value;
            }
        }
        float mean = (float) (sum / PATCH_PIXELS);
        double norm = 0;
        for (int i = 0; i < PATCH_PIXELS; i++) {
            patch[i] -= mean;
            norm += patch[i] * patch[i];
        }
        float inverse = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0;
        for (int i = 0; i < PATCH_PIXELS; i++) {
            patch[i] *= inverse;
        }
        return patch;
    }

    /** The normalised 32-bin brightness histogram of a frame. */
    static float[] histogram(float[] image) {
        float[] histogram = new float[32];
        for (float v : image) {
            histogram[Math.min(31, Math.max(0, (int) (v / 8)))]++;
        }
        for (int b = 0; b < histogram.length; b++) {
            histogram[b] /= image.length;
        }
        return histogram;
    }
}
