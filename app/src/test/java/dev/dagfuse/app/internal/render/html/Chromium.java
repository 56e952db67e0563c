// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs Debian's headless Chromium on a local file: its DOM after load, its console messages, a screenshot. Each
 * run gets a fresh profile directory and everything that could reach the network is switched off.
 */
final class Chromium {

    /** What one run printed. */
    record Run(int exitCode, String dom, List<String> consoleMessages, String stderr) {
    }

    private final Path binary;

    private Chromium(Path binary) {
        this.binary = binary;
    }

    /** Chromium from {@code $DAGFUSE_CHROMIUM} or the PATH ({@code chromium}, {@code chromium-browser}), if installed. */
    static Optional<Chromium> find() {
        String override = System.getenv("DAGFUSE_CHROMIUM");
        if (override != null && Files.isExecutable(Path.of(override))) {
            return Optional.of(new Chromium(Path.of(override)));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new Chromium(candidate));
                }
            }
        }
        return Optional.empty();
    }

    Run dumpDom(Path html) throws IOException, InterruptedException {
        return run(html, List.of("--dump-dom"));
    }

    Run screenshot(Path html, Path png, int width, int height) throws IOException, InterruptedException {
        return run(html, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"));
    }

    private Run run(Path html, List<String> action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("dagfuse-chromium-");
        Path out = Files.createTempFile("chromium-out", ".txt");
        Path err = Files.createTempFile("chromium-err", ".txt");
        try {
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--disable-extensions", "--user-data-dir=" + profile,
                    "--enable-logging=stderr", "--v=0"));
            command.addAll(action);
            command.add(html.toAbsolutePath().toUri().toString());
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("Chromium did not finish within 90 s: " + command);
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            List<String> console = stderr.lines().filter(l -> l.contains(":CONSOLE")).toList();
            return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), console, stderr);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
