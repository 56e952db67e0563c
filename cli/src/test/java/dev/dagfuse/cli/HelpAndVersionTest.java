// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HelpAndVersionTest {

    @Test
    void versionNamesDagfuseAndJava() {
        CliRun run = CliRun.of("--version");
        assertThat(run.code()).isZero();
        assertThat(run.out()).startsWith("dagfuse 0.").contains("Java ");
    }

    @Test
    void everyCommandHasHelp() {
        CommandLine root = DagfuseCommand.newCommandLine();
        assertThat(root.getSubcommands()).containsKeys("validate", "graph");
        // picocli reports a description it cannot format (an unescaped %) on System.err, not through the command
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
                String name = e.getKey();
                if (name.equals("help")) {
                    continue;
                }
                CliRun run = CliRun.of(name, "--help");
                assertThat(run.code()).as(name).isZero();
                assertThat(run.out()).as(name).contains("Usage: dagfuse " + name);
                for (String sub : e.getValue().getSubcommands().keySet()) {
                    CliRun subRun = CliRun.of(name, sub, "--help");
                    assertThat(subRun.code()).as(name + " " + sub).isZero();
                }
            }
        } finally {
            System.setErr(stderr);
        }
        assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    }

    @Test
    void noArgumentsPrintsUsage() {
        CliRun run = CliRun.of();
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: dagfuse").contains("validate").contains("graph");
    }

    @Test
    void theAwsCommandsSayTheyWereNotTriedAgainstAws() {
        for (String[] name : new String[][] {{"deploy"}, {"export"}, {"invoke"}, {"import", "asl"}}) {
            String[] args = java.util.Arrays.copyOf(name, name.length + 1);
            args[name.length] = "--help";
            CliRun help = CliRun.of(args);
            assertThat(help.code()).isZero();
            assertThat(help.out().replaceAll("\\s+", " ")).as(String.join(" ", name)).containsPattern("(never run|not tried|nothing was tried|none of it was tried) against real AWS");
        }
    }
}
