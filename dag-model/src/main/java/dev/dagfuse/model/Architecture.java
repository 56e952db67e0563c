// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Arrays;

/** The instruction set a Lambda function runs on (its price differs). */
public enum Architecture {
    X86_64("x86_64"),
    ARM64("arm64");

    private final String yamlName;

    Architecture(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name in files and in AWS's APIs: {@code x86_64}, {@code arm64}. */
    public String yamlName() {
        return yamlName;
    }

    /** The architecture a file names, or null when it names none of them. */
    public static Architecture ofYaml(String name) {
        return Arrays.stream(values()).filter(a -> a.yamlName.equals(name)).findFirst().orElse(null);
    }
}
