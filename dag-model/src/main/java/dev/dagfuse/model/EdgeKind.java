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
    /** n → m with n ≠ m, both &gt; 1: every consumer branch receives every producer branch's output. */
    ALL_TO_ALL;

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
