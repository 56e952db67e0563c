// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The temporary files and directories dagfuse creates, so that none outlives the process: each is deleted when its
 * owner is done with it, and whatever is still registered when the JVM shuts down (the command ended, Ctrl-C, SIGTERM,
 * a handler's {@code System.exit}) is deleted by one shutdown hook. Only a JVM that is killed (SIGKILL) or crashes
 * leaves them behind.
 */
public final class TempFiles {

    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();

    private TempFiles() {
    }

    /** A new directory under the system's temporary directory, deleted at exit at the latest. */
    public static Path createDirectory(String prefix) throws IOException {
        hook();
        Path dir = Files.createTempDirectory(prefix);
        LIVE.add(dir);
        return dir;
    }

    /** Registers a path to delete (recursively) at exit, unless {@link #delete} or {@link #keep} comes first. */
    public static void register(Path path) {
        hook();
        LIVE.add(path);
    }

    /** No longer deleted at exit: the caller keeps it (or has moved it away). */
    public static void keep(Path path) {
        LIVE.remove(path);
    }

    /** Deletes a path and everything under it, quietly (what cannot be deleted stays), and forgets it. */
    public static void delete(Path path) {
        if (path == null) {
            return;
        }
        LIVE.remove(path);
        deleteTree(path);
    }

    /**
     * Deletes everything still registered; the shutdown hook's work, also for whoever halts the JVM. Other threads
     * may still be writing into a directory while the JVM shuts down, so a directory that is not gone at once is
     * tried again for up to a second.
     */
    public static void deleteAll() {
        List<Path> paths = List.copyOf(LIVE);
        for (int attempt = 0; attempt < 20; attempt++) {
            boolean left = false;
            for (Path p : paths) {
                deleteTree(p);
                left |= Files.exists(p, LinkOption.NOFOLLOW_LINKS);
            }
            if (!left) {
                break;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        paths.forEach(LIVE::remove);
    }

    private static void hook() {
        if (HOOKED.compareAndSet(false, true)) {
            Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "dagfuse-temp-cleanup"));
        }
    }

    private static void deleteTree(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // what cannot be deleted stays; there is nobody to tell at exit
                }
            });
        } catch (IOException | RuntimeException e) {
            // as above
        }
    }
}
