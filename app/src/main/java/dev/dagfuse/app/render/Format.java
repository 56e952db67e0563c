// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.render;

import java.util.Locale;

/** The output formats. Each result supports some of them ({@link Renderers}). */
public enum Format {
    /** Text tables for a terminal ({@code table}, for check {@code text}). */
    TEXT,
    MARKDOWN,
    JSON,
    YAML,
    CSV,
    /** JUnit XML (the Ant/Surefire schema CI systems read). */
    JUNIT,
    HTML,
    /** Graphviz DOT. */
    DOT,
    MERMAID;

    /** The lower-case name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
