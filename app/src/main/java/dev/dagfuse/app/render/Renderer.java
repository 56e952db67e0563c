// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.render;

/** Turns a result into text in one format. */
@FunctionalInterface
public interface Renderer<T> {

    String render(T result);
}
