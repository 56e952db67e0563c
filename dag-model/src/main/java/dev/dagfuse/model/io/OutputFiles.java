// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.io;

import dev.dagfuse.model.InputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Every file dagfuse writes goes through here (plans, profiles, reports, baselines, exported templates):
 *
 * <ul>
 * <li>whole or not at all: written to a temporary file beside the target, then renamed over it;</li>
 * <li>through symbolic links: a link named as output keeps pointing at its target, which gets the content;</li>
 * <li>only regular files: a directory, device, FIFO or socket is refused (standard output is {@code -}, which the
 *     CLI handles before this class sees it);</li>
 * <li>an existing file keeps its permissions (and owner, where allowed); a new one gets the umask's, as any tool's;</li>
 * <li>never over an input: {@link #check} refuses an output that is the same file as one of the command's inputs.</li>
 * </ul>
 *
 * {@link #check} runs before a command does its work, so that an output that cannot be written is reported at once;
 * problems are {@link InputException}s naming the output as the user gave it, never the temporary file.
 */
public final class OutputFiles {

    /** The output name that means standard output. */
    public static final String STDOUT = "-";

    private static final int MAX_LINKS = 40;

    private OutputFiles() {
    }

    /** Whether {@code file} is {@code -}: standard output. */
    public static boolean isStdout(Path file) {
        return file != null && STDOUT.equals(file.toString());
    }

    /**
     * Checks, before any work, that {@code file} can be written and is none of {@code inputs} (compared as files:
     * links, relative paths and hard links all count). Standard output ({@code -}) always can.
     */
    public static void check(Path file, Collection<Path> inputs) {
        if (isStdout(file)) {
            return;
        }
        Path target = target(file);
        if (Files.exists(target)) {
            for (Path input : inputs) {
                if (input != null && !isStdout(input) && sameFile(target, input)) {
                    throw error(file, "The output is also an input of this command (" + input + "); writing it would "
                            + "destroy it. Give another output file.");
                }
            }
            if (!Files.isWritable(target)) {
                throw error(file, "Cannot write the file: it is read-only (permission denied).");
            }
        }
        Path dir = target.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw error(file, "Cannot write the file: no directory on its path exists.");
        }
        if (!Files.isDirectory(existing)) {
            throw error(file, "Cannot write the file: " + existing + " on its path is not a directory.");
        }
        // a real attempt: permissions, read-only mounts and immutable directories all show, also to root
        Path probe = null;
        try {
            probe = createTemporary(existing, target.getFileName().toString());
        } catch (IOException e) {
            throw error(file, "Cannot write the file: " + reason(e, existing));
        } finally {
            TempFiles.delete(probe);
        }
    }

    /** Checks that a directory to write files into is one, or can be made, and is not a file. */
    public static void checkDirectory(Path dir) {
        if (dir.toString().isEmpty()) {
            throw error(dir, "The output directory is empty. Give a directory name.");
        }
        Path abs = dir.toAbsolutePath();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw error(dir, "The output is not a directory. Give a directory to write the files into.");
        }
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null || !Files.isDirectory(existing)) {
            throw error(dir, "Cannot write into the directory: " + existing + " on its path is not a directory.");
        }
        Path probe = null;
        try {
            probe = createTemporary(existing, "probe");
        } catch (IOException e) {
            throw error(dir, "Cannot write into the directory: " + reason(e, existing));
        } finally {
            TempFiles.delete(probe);
        }
    }

    /** Writes text (UTF-8); see the class comment. */
    public static void write(Path file, String content) {
        write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes bytes; see the class comment. */
    public static void write(Path file, byte[] content) {
        Objects.requireNonNull(content, "content");
        Path target = target(file);
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemporary(dir, target.getFileName().toString());
            if (Files.exists(target)) {
                copyOwnership(target, tmp);
            }
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            TempFiles.keep(tmp);
        } catch (IOException e) {
            TempFiles.delete(tmp);
            throw error(file, "Cannot write the file: " + reason(e, dir));
        }
    }

    /**
     * The file that writing {@code file} replaces: absolute, symbolic links followed (also a dangling one, whose
     * target is then created). Not a directory, device, FIFO or socket.
     */
    private static Path target(Path file) {
        if (file.toString().isEmpty()) {
            throw error(file, "The output path is empty. Give a file name, or - for standard output.");
        }
        Path p = file.toAbsolutePath().normalize();
        try {
            for (int i = 0; Files.isSymbolicLink(p); i++) {
                if (i >= MAX_LINKS) {
                    throw error(file, "Cannot write the file: too many symbolic links (a loop?).");
                }
                p = p.getParent().resolve(Files.readSymbolicLink(p)).normalize();
            }
        } catch (IOException e) {
            throw error(file, "Cannot follow the symbolic link: " + reason(e, p.getParent()));
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            String what = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "a directory"
                    : "not a regular file (a device, FIFO or socket)";
            throw error(file, "The output is " + what + "; dagfuse writes only regular files. Give a file name, or - "
                    + "for standard output.");
        }
        return p;
    }

    private static boolean sameFile(Path target, Path input) {
        try {
            return Files.exists(input) && Files.isSameFile(target, input);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** A new empty file beside {@code name} in {@code dir}, with the umask's permissions, deleted at exit at the latest. */
    private static Path createTemporary(Path dir, String name) throws IOException {
        // short enough for any file system's name limit, whatever the target's length
        String stem = name.length() > 100 ? name.substring(0, 100) : name;
        for (int attempt = 0; ; attempt++) {
            byte[] random = new byte[6];
            ThreadLocalRandom.current().nextBytes(random);
            Path tmp = dir.resolve("." + stem + "." + HexFormat.of().formatHex(random) + ".tmp");
            try {
                Path created = Files.createFile(tmp);
                TempFiles.register(created);
                return created;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    /** The replaced file's permissions, and its owner and group where this process may set them. */
    private static void copyOwnership(Path from, Path to) {
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        try {
            PosixFileAttributes attrs = Files.readAttributes(from, PosixFileAttributes.class);
            view.setPermissions(attrs.permissions());
            try {
                PosixFileAttributes now = view.readAttributes();
                if (!now.owner().equals(attrs.owner())) {
                    view.setOwner(attrs.owner());
                }
                if (!now.group().equals(attrs.group())) {
                    view.setGroup(attrs.group());
                }
            } catch (IOException | SecurityException e) {
                // only a privileged process may give a file away; the permissions are what matters
            }
        } catch (IOException | UnsupportedOperationException e) {
            // a file system without POSIX permissions: its defaults apply
        }
    }

    /** Why an I/O operation failed, in words, naming the directory rather than a temporary file. */
    static String reason(IOException e, Path dir) {
        String why = e instanceof FileSystemException f ? f.getReason() : null;
        // EPERM (an immutable directory) reads as permission denied too
        if (e instanceof AccessDeniedException || "Operation not permitted".equals(why)) {
            return "permission denied in " + dir + ".";
        }
        if (e instanceof NoSuchFileException) {
            return "a directory on its path does not exist.";
        }
        if (e instanceof NotDirectoryException || e instanceof FileAlreadyExistsException) {
            return (e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : "a name")
                    + " on its path is not a directory.";
        }
        if (why != null) {
            return why.toLowerCase(Locale.ROOT) + " (" + dir + ").";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ".";
    }

    private static InputException error(Path file, String message) {
        return new InputException(file.toString().isEmpty() ? "\"\"" : file.toString(), "", message);
    }
}
