// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

/** The {@code dagfuse} entry point: the only place that calls {@code System.exit}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(DagfuseCommand.newCommandLine().execute(args));
    }
}
