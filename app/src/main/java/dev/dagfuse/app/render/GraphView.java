// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.render;

import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;

import java.util.Objects;

/**
 * A workflow to draw, with a plan's groups and bundles as clusters.
 *
 * @param workflow the workflow
 * @param plan its plan, or {@code null} to draw the functions only
 */
public record GraphView(Workflow workflow, Plan plan) {

    public GraphView {
        Objects.requireNonNull(workflow, "workflow");
    }
}
