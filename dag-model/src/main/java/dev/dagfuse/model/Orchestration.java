// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Arrays;
import java.util.Locale;

/** The Step Functions workflow type that orchestrates a plan's groups. */
public enum Orchestration {
    /** Standard workflows: billed per state transition, run up to a year. */
    STANDARD,
    /** Express workflows: billed per request and by duration, run at most 5 minutes. */
    EXPRESS;

    /** The name in files and on the command line: {@code standard}, {@code express}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The orchestration a file names, or null when it names none of them. */
    public static Orchestration ofYaml(String name) {
        return Arrays.stream(values()).filter(o -> o.yamlName().equals(name)).findFirst().orElse(null);
    }
}
