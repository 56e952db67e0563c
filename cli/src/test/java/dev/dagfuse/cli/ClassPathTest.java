// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.handler.Handler;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 14: the CLI had no documented way to put a user's handler jar on the class path. run and profile take
 * --classpath (jars, class directories, DIR/*); before, the option did not exist (exit 2, "Unknown option").
 */
class ClassPathTest {

    @TempDir
    Path dir;

    private Path jar;
    private Path workflow;

    /** A handler compiled now into a jar of its own: it is on no class path dagfuse knows. */
    @BeforeEach
    void buildAJar() throws IOException, URISyntaxException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assumeTrue(javac != null, "no compiler in this JRE");
        Path src = Files.createDirectories(dir.resolve("src/com/example"));
        Files.writeString(src.resolve("Upper.java"), """
                package com.example;

                public final class Upper implements dev.dagfuse.handler.Handler {
                    @Override
                    public Object handle(dev.dagfuse.handler.Invocation invocation) {
                        return String.valueOf(invocation.requestInput()).toUpperCase();
                    }

                    @Override
                    public Object defaultInput(long seed) {
                        return "request " + seed;
                    }
                }
                """);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        String api = Path.of(Handler.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        assertThat(javac.run(null, null, null, "-cp", api, "-d", classes.toString(),
                src.resolve("Upper.java").toString())).isZero();
        jar = Files.createDirectories(dir.resolve("lib")).resolve("upper.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("com/example/Upper.class"));
            j.write(Files.readAllBytes(classes.resolve("com/example/Upper.class")));
            j.closeEntry();
        }
        workflow = Files.writeString(Files.createDirectories(dir.resolve("wf")).resolve("workflow.yaml"), """
                apiVersion: dagfuse/v1
                kind: Workflow
                name: upper
                platform: { name: local, cores: 1 }
                functions:
                  up: { handler: com.example.Upper, profile: { latencyMs: { 1769: [1, 2] } } }
                """);
    }

    @Test
    void runLoadsHandlersFromTheClassPathGiven() {
        CliRun without = CliRun.of("run", workflow.toString(), "--requests", "2", "--warmup", "0");
        assertThat(without.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(without.err()).contains("is not on the class path (com.example.Upper). Maybe a typo, or its jar is "
                + "missing (give it with --classpath).");

        CliRun run = CliRun.of("run", workflow.toString(), "--requests", "2", "--warmup", "0", "--classpath",
                jar.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("requests: 2 ok, 0 failed");
    }

    @Test
    void profileLoadsThemTooColdStartsIncluded() {
        Path out = dir.resolve("profile.yaml");
        CliRun run = CliRun.of("profile", workflow.toString(), "--classpath", dir.resolve("lib") + File.separator + "*",
                "-n", "3", "--warmup", "1", "--cold-starts", "2", "--threads", "1", "--progress", "none",
                "-o", out.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(out).exists();
        assertThat(CliRun.of("validate", out.toString(), "--workflow", workflow.toString()).code()).isZero();
    }

    @Test
    void aMissingEntryIsAUsageError() {
        CliRun run = CliRun.of("run", workflow.toString(), "--classpath", dir.resolve("nope.jar").toString());

        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("The --classpath entry (" + dir.resolve("nope.jar") + ") does not exist.");
    }
}
