// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/** How the invocations of two connected functions are wired. */
public enum EdgeKind {
    /** Both functions run once per request. */
    ONE_TO_ONE,
    /** Equal fan-out n &gt; 1 on both sides: branch i feeds branch i. */
    PER_BRANCH,
    /** 1 → n: every branch receives the single output. */
    SCATTER,
    /** n → 1: the single invocation receives every branch's output. */
    GATHER,
    /** n → m, m &gt; 1 (or n = m with {@code reads: all}): every consumer branch receives every producer branch's output. */
    ALL_TO_ALL,
    /** n → m, n &gt; 1: each consumer branch reads a part of the producer's outputs ({@link Reads}: a partition, a window). */
    PARTIAL;

    /** The kind of an edge whose consumer reads as {@code reads} says (a workflow's {@code reads:}, or its default). */
    public static EdgeKind of(int fromFanOut, int toFanOut, Reads reads) {
        if (fromFanOut == 1 || reads.isIdentity(fromFanOut, toFanOut)) {
            return of(fromFanOut, toFanOut);
        }
        if (reads.distinctOutputs(fromFanOut, toFanOut, 0, 1) == fromFanOut) {
            return toFanOut == 1 ? GATHER : ALL_TO_ALL; // every branch reads every output
        }
        return PARTIAL;
    }

    /** The kind of an edge read as by default: output j by branch j between equal fan-outs, all outputs otherwise. */
    public static EdgeKind of(int fromFanOut, int toFanOut) {
        if (fromFanOut == 1 && toFanOut == 1) {
            return ONE_TO_ONE;
        }
        if (fromFanOut == toFanOut) {
            return PER_BRANCH;
        }
        if (fromFanOut == 1) {
            return SCATTER;
        }
        if (toFanOut == 1) {
            return GATHER;
        }
        return ALL_TO_ALL;
    }

    /** Whether each consumer invocation reads exactly one producer output (what fusion needs). */
    public boolean isOneToOne() {
        return this == ONE_TO_ONE || this == PER_BRANCH;
    }
}
