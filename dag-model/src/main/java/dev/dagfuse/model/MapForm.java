// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Arrays;

/**
 * How the state machine runs a fan-out group's invocations (docs/model.md, "orchestration"):
 * an inline Map state over pre-batched items (at most 40 iterations at a time), or a Distributed Map state whose
 * {@code ItemBatcher} hands each child execution one bundle, the children being Standard or Express workflows.
 */
public enum MapForm {
    INLINE("inline"),
    DISTRIBUTED_STANDARD("distributed-standard"),
    DISTRIBUTED_EXPRESS("distributed-express");

    private final String yamlName;

    MapForm(String yamlName) {
        this.yamlName = yamlName;
    }

    public String yamlName() {
        return yamlName;
    }

    public boolean isDistributed() {
        return this != INLINE;
    }

    /** The form a file names, or null when it names none of them. */
    public static MapForm ofYaml(String name) {
        return Arrays.stream(values()).filter(m -> m.yamlName.equals(name)).findFirst().orElse(null);
    }
}
