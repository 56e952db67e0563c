// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/** The unit of a platform's costs. */
public enum CostUnit {
    /** US dollars (a cloud platform's list prices). */
    USD,
    /** Core-seconds: the cores an invocation holds × its duration (a platform without money). */
    CORE_SECONDS
}
