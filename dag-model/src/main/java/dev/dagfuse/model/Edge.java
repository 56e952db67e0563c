// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/** A dependency between two functions of a workflow. */
public record Edge(String from, String to, EdgeKind kind) {
}
