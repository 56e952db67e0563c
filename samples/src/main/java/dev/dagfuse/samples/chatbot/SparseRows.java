// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import java.io.Serializable;

/**
 * Sparse feature rows in compressed-row form: row {@code r} has the entries {@code offsets[r]} (inclusive)
 * to {@code offsets[r + 1]} (exclusive) of {@code index} and {@code value}.
 */
public record SparseRows(int[] offsets, int[] index, float[] value) implements Serializable {

    public int rows() {
        return offsets.length - 1;
    }

    /** The dot product of row {@code r} with dense {@code weights}. */
    public double dot(int r, float[] weights) {
        double sum = 0;
        for (int e = offsets[r]; e < offsets[r + 1]; e++) {
            sum += value[e] * weights[index[e]];
        }
        return sum;
    }
}
