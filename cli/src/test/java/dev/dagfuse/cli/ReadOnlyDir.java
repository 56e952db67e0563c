// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A directory nobody may create files in, also root: mode 0555, and where that does not stop this process (root),
 * the immutable attribute ({@code chattr +i}). A test that needs one is skipped where neither works.
 */
final class ReadOnlyDir implements AutoCloseable {

    final Path dir;
    private final boolean immutable;

    private ReadOnlyDir(Path dir, boolean immutable) {
        this.dir = dir;
        this.immutable = immutable;
    }

    static ReadOnlyDir in(Path parent) throws IOException {
        Path dir = Files.createDirectories(parent.resolve("read-only"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!canCreate(dir)) {
            return new ReadOnlyDir(dir, false);
        }
        boolean immutable = run("chattr", "+i", dir.toString()) && !canCreate(dir);
        Assumptions.assumeTrue(immutable, "no way to make a directory read-only for this user");
        return new ReadOnlyDir(dir, true);
    }

    private static boolean canCreate(Path dir) {
        try {
            Files.delete(Files.createFile(dir.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        if (immutable) {
            run("chattr", "-i", dir.toString());
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
