// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Running {@code ./dagfuse} as a child process, and the machine's load average, for the harnesses. */
final class Processes {

    private Processes() {
    }

    /** What a process printed, and its exit code. */
    record Output(int exit, String stdout, String stderr) {
    }

    /** Runs {@code cmd} in {@code dir} to its end; {@code javaOpts} (may be null) goes to DAGFUSE_JAVA_OPTS. */
    static Output run(List<String> cmd, Path dir, String javaOpts) throws IOException, InterruptedException {
        Path out = Files.createTempFile("dagfuse-bench", ".out");
        Path err = Files.createTempFile("dagfuse-bench", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            if (javaOpts != null) {
                pb.environment().put("DAGFUSE_JAVA_OPTS", javaOpts);
            }
            int exit = pb.start().waitFor();
            return new Output(exit, Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The 1-minute load average from /proc/loadavg, or "n/a" where there is none. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
