// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import java.util.Arrays;
import java.util.Locale;

/** What {@code dagfuse export} writes. */
public enum ExportFormat {
    /** The state machine definition (Amazon States Language) alone. */
    ASL,
    /** An AWS SAM template: functions, state machine, bucket, roles. */
    SAM,
    /** A plain CloudFormation template with the same resources. */
    CLOUDFORMATION,
    /** Terraform in JSON syntax ({@code .tf.json}) with the same resources. */
    TERRAFORM;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a command line names, or null. */
    public static ExportFormat ofCli(String name) {
        return Arrays.stream(values()).filter(f -> f.cliName().equals(name)).findFirst().orElse(null);
    }
}
