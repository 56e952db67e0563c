// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.List;

/**
 * The longest path of a workflow's DAG under per-function weights (see {@link Workflow#criticalPath}).
 *
 * @param functions the functions on it, from an entry to an exit; empty only for a workflow without functions
 * @param length the sum of their weights, added in path order
 */
public record CriticalPath(List<String> functions, double length) {

    public CriticalPath {
        functions = List.copyOf(functions);
    }
}
