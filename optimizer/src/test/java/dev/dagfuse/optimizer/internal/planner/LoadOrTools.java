// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

/** Loads OR-Tools' natives as the planner does, in a JVM of its own (OrToolsCacheTest). */
public final class LoadOrTools {

    private LoadOrTools() {
    }

    public static void main(String[] args) {
        OrTools.load();
        System.out.println("loaded");
    }
}
