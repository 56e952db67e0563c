// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import java.io.Serializable;

/**
 * One shot of the synthetic video: a single shape moving and spinning over a shaded, noisy background.
 * Coordinates and sizes are in pixels of the full-resolution frame.
 *
 * @param start the shot's first frame
 * @param length how many frames it lasts
 * @param shape the shape's class, an index into {@link Frames#CLASSES}
 * @param background the mean background brightness (0..255)
 * @param gradientX the background's brightness slope per pixel along x
 * @param gradientY the background's brightness slope per pixel along y
 * @param contrast how much brighter than the background the shape is
 * @param noise the standard deviation of the per-pixel Gaussian noise
 * @param x the shape's centre x at the shot's first frame
 * @param y the shape's centre y at the shot's first frame
 * @param vx the velocity along x, pixels per frame (the shape bounces off the frame's edges)
 * @param vy the velocity along y, pixels per frame
 * @param size the shape's radius
 * @param angle the shape's rotation at the first frame, radians
 * @param spin the rotation per frame, radians
 */
public record Scene(int start, int length, int shape, float background, float gradientX, float gradientY, float contrast,
        float noise, float x, float y, float vx, float vy, float size, float angle, float spin) implements Serializable {
}
