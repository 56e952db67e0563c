package dev.dagfuse.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
        for (String name : root.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue;
            }
            CliRun run = CliRun.of(name, "--help");
            assertThat(run.code()).as(name).isZero();
            assertThat(run.out()).as(name).contains("Usage: dagfuse " + name);
        }
    }

    @Test
    void noArgumentsPrintsUsage() {
        CliRun run = CliRun.of();
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("Usage: dagfuse").contains("validate").contains("graph");
    }

    @Test
    void unbuiltCommandsSaySoAndExit2() {
        for (String name : new String[] {"deploy", "export"}) {
            CliRun help = CliRun.of(name, "--help");
            assertThat(help.out()).as(name).contains("NOT BUILT YET");
            CliRun run = CliRun.of(name, "plan.json");
            assertThat(run.code()).as(name).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(name).contains("dagfuse " + name + " is not built yet").doesNotContain("Exception");
        }
    }
}
