// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for S3: one file per object under a root directory, written atomically (a temporary file
 * beside it, then a move), so that a reader never sees half an object. Counts its traffic.
 */
public final class LocalObjectStore {

    private final Path root;
    private final Set<Path> createdDirs = ConcurrentHashMap.newKeySet();
    private final AtomicLong tmpCounter = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();

    public LocalObjectStore(Path root) {
        this.root = root.toAbsolutePath();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the object store directory " + this.root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    /** Stores {@code bytes} under {@code key} (a relative path with '/' separators), replacing any older object. */
    public void put(String key, byte[] bytes) throws IOException {
        Path target = root.resolve(key);
        Path dir = target.getParent();
        if (!createdDirs.contains(dir)) {
            Files.createDirectories(dir);
            createdDirs.add(dir);
        }
        Path tmp = dir.resolve("." + target.getFileName() + "." + tmpCounter.incrementAndGet() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        writes.incrementAndGet();
        bytesWritten.addAndGet(bytes.length);
    }

    /** The object under {@code key}; fails with {@link java.nio.file.NoSuchFileException} if there is none. */
    public byte[] get(String key) throws IOException {
        byte[] bytes = Files.readAllBytes(root.resolve(key));
        reads.incrementAndGet();
        bytesRead.addAndGet(bytes.length);
        return bytes;
    }

    /** Deletes every object whose key starts with {@code prefix + "/"}. */
    public void deletePrefix(String prefix) throws IOException {
        Path dir = root.resolve(prefix);
        if (Files.isDirectory(dir)) {
            deleteTree(dir);
            createdDirs.removeIf(p -> p.startsWith(dir));
        }
    }

    /** Deletes the whole store directory. */
    public void deleteAll() throws IOException {
        if (Files.isDirectory(root)) {
            deleteTree(root);
        }
        createdDirs.clear();
    }

    public long writes() {
        return writes.get();
    }

    public long reads() {
        return reads.get();
    }

    public long bytesWritten() {
        return bytesWritten.get();
    }

    public long bytesRead() {
        return bytesRead.get();
    }

    private static void deleteTree(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
