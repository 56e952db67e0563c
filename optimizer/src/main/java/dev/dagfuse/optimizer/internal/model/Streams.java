// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.model;

import java.nio.charset.StandardCharsets;

/**
 * Common random numbers: a counter-based generator, so that draw {@code i} of a stream is a pure function of
 * (seed, stream, i). A stream is named by a function, a kind of draw and an index (a branch or an invocation), so
 * every plan that draws "the work of branch 3 of extract" gets the same numbers, whatever else the plan changes.
 */
final class Streams {

    static final int WORK = 1;
    static final int OVERHEAD = 2;
    static final int COLD = 3;
    static final int COLD_INIT = 4;
    static final int S3_GET = 5;
    static final int S3_PUT = 6;
    /** A group's state hand-off (one per group, index 0). */
    static final int ENTRY = 7;
    /** A Parallel state's hand-off: named by the Parallel, not a function, so that all its branches share it. */
    static final int PARALLEL = 8;
    /** The option a request takes at a choice: named by the choice, so that all its options share it. */
    static final int CHOICE = 9;
    /** How many times a request runs a function in a loop: named by the function. */
    static final int LOOP = 10;
    /** A request's width of a fan-out whose width varies: named by the fan-out's lane. */
    static final int WIDTH = 11;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Streams() {
    }

    /** The starting state of stream (function, kind, index) under {@code seed}; a Parallel's stream is named by it. */
    static long stream(long seed, String function, int kind, int index) {
        long h = 0xcbf29ce484222325L; // FNV-1a over the name: stable across JVMs, unlike identity hashes
        for (byte b : function.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = mix(h ^ mix(seed + GOLDEN));
        h = mix(h + kind * 0xD6E8FEB86659FD93L);
        return mix(h + (index + 1L) * 0xA0761D6478BD642FL);
    }

    /** Draw {@code i} of a stream: uniform in the open interval (0, 1). */
    static double uniform(long stream, int i) {
        long z = mix(stream + (i + 1L) * GOLDEN);
        return ((z >>> 11) + 0.5) * 0x1.0p-53;
    }

    /** Draw {@code i} of a stream as one of 2^bits equally likely levels (the same draw as {@link #uniform}). */
    static int level(long stream, int i, int bits) {
        long z = mix(stream + (i + 1L) * GOLDEN);
        return (int) (z >>> (64 - bits));
    }

    // SplitMix64's finalizer (Steele, Lea, Flood 2014): a bijection with good avalanche.
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
