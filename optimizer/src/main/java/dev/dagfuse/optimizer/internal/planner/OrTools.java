// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import dev.dagfuse.model.io.TempFiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Loads OR-Tools' native libraries (about 70 MB) once per JVM. OR-Tools' own loader unpacks them into a new
 * temporary directory on every start (over a second) and leaves it behind; this keeps one unpacked copy per native
 * jar in a cache and checks it before each load (docs/planner.md, "OR-Tools' native libraries"):
 *
 * <ul>
 * <li>the cache is {@code $XDG_CACHE_HOME/dagfuse}, else {@code ~/.cache/dagfuse}; a jar's copy is named by the
 *     jar and the SHA-256 of its index (every native entry's name, size and CRC-32), so another build of the same
 *     name and size gets its own;</li>
 * <li>before loading, every cached file's size and CRC-32 must be its jar entry's (read from the jar's index, so the
 *     check costs one pass over the files, about 25 ms); a corrupt, truncated or replaced file makes the copy be
 *     unpacked again;</li>
 * <li>the copy must belong to this user and be writable by nobody else, else it is not used.</li>
 * </ul>
 *
 * When the cache cannot be used, the libraries are unpacked into a temporary directory deleted at exit.
 */
final class OrTools {

    private OrTools() {
    }

    private static final class Holder {
        /** Why loading failed, or null: kept so that every caller (on any thread) gets the cause, not just the first. */
        static final Throwable FAILURE;

        static {
            Throwable failure = null;
            try {
                loadNatives();
            } catch (IOException | RuntimeException | LinkageError e) {
                failure = e;
            }
            FAILURE = failure;
        }
    }

    /** A native file in the jar: its path inside the jar, size and CRC-32. */
    private record Entry(String name, long size, long crc) {
    }

    /** Loads the libraries once; safe from any thread (the planner starts it in the background while drawing). */
    static void load() {
        if (Holder.FAILURE != null) {
            throw new IllegalStateException("OR-Tools' native libraries could not be loaded: " + Holder.FAILURE,
                    Holder.FAILURE);
        }
    }

    private static void loadNatives() throws IOException {
        String folder = "ortools-" + platform();
        String jni = System.mapLibraryName("jniortools");
        URL url = OrTools.class.getClassLoader().getResource(folder + "/" + jni);
        if (url == null || !"jar".equals(url.getProtocol())) {
            // not packaged as a jar (an IDE's exploded class path): OR-Tools' loader knows that case
            com.google.ortools.Loader.loadNativeLibraries();
            return;
        }
        String spec = url.toString();
        Path jar = Path.of(URI.create(spec.substring("jar:".length(), spec.indexOf("!/"))));
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<Entry> entries = entries(zip, folder);
            Path cached = cached(zip, jar, entries);
            if (cached != null) {
                System.load(cached.resolve(folder).resolve(jni).toString());
                return;
            }
            Path tmp = TempFiles.createDirectory("dagfuse-ortools");
            unpack(zip, entries, tmp);
            System.load(tmp.resolve(folder).resolve(jni).toString());
        }
    }

    /** The checked cache copy of the jar's natives, unpacked now if need be; null when the cache cannot be used. */
    private static Path cached(ZipFile zip, Path jar, List<Entry> entries) {
        Path root = cacheRoot();
        if (root == null) {
            return null;
        }
        String stem = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path dir = root.resolve(stem + "-" + indexHash(entries).substring(0, 16));
        try {
            if (Files.exists(dir.resolve(".complete")) && trusted(dir) && intact(dir, entries)) {
                return dir;
            }
            Trace.log("OR-Tools cache %s missing or failed its check; unpacking it", dir);
            Files.createDirectories(root);
            Path tmp = Files.createTempDirectory(root, dir.getFileName() + ".tmp");
            TempFiles.register(tmp);
            try {
                unpack(zip, entries, tmp);
                Files.writeString(tmp.resolve(".complete"), "unpacked by dagfuse from " + jar.getFileName() + "\n");
                if (Files.exists(dir)) {
                    // a copy that failed its check: out of the way first (another process may be loading it)
                    Path old = Files.createTempDirectory(root, dir.getFileName() + ".old");
                    TempFiles.register(old);
                    Files.move(dir, old.resolve("copy"), StandardCopyOption.ATOMIC_MOVE);
                    TempFiles.delete(old);
                }
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another process may have put a good copy in place meanwhile
                if (!(Files.exists(dir.resolve(".complete")) && intact(dir, entries))) {
                    throw e;
                }
            } finally {
                TempFiles.delete(tmp);
            }
            return trusted(dir) && intact(dir, entries) ? dir : null;
        } catch (IOException | RuntimeException e) {
            Trace.log("OR-Tools cache not used (%s); unpacking to a temporary directory", e);
            return null;
        }
    }

    private static List<Entry> entries(ZipFile zip, String folder) {
        List<Entry> entries = new ArrayList<>();
        zip.stream().filter(e -> !e.isDirectory() && e.getName().startsWith(folder + "/"))
                .forEach(e -> entries.add(new Entry(e.getName(), e.getSize(), e.getCrc())));
        entries.sort(Comparator.comparing(Entry::name));
        return entries;
    }

    /** SHA-256 of the jar's index of natives: names, sizes and CRC-32s. */
    private static String indexHash(List<Entry> entries) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Entry e : entries) {
                sha.update((e.name() + "\t" + e.size() + "\t" + Long.toHexString(e.crc()) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Owned by this user and writable by nobody else: what is loaded from it runs as this user. */
    private static boolean trusted(Path dir) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            return Files.getOwner(dir).getName().equals(System.getProperty("user.name"))
                    && !perms.contains(PosixFilePermission.GROUP_WRITE) && !perms.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return true; // no POSIX permissions to check
        }
    }

    /** Every file as the jar has it: same size and CRC-32. */
    private static boolean intact(Path dir, List<Entry> entries) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
        for (Entry e : entries) {
            Path file = dir.resolve(e.name());
            if (!Files.isRegularFile(file) || Files.size(file) != e.size() || crc(file, buffer) != e.crc()) {
                Trace.log("OR-Tools cache: %s differs from the jar", file);
                return false;
            }
        }
        return true;
    }

    private static long crc(Path file, ByteBuffer buffer) throws IOException {
        CRC32 crc = new CRC32();
        buffer.clear();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            while (ch.read(buffer) > 0) {
                buffer.flip();
                crc.update(buffer);
                buffer.clear();
            }
        }
        return crc.getValue();
    }

    private static void unpack(ZipFile zip, List<Entry> entries, Path into) throws IOException {
        for (Entry e : entries) {
            Path target = into.resolve(e.name());
            Files.createDirectories(target.getParent());
            ZipEntry entry = zip.getEntry(e.name());
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The native jar's folder suffix, as OR-Tools names it (JNA's resource prefix): linux-x86-64, darwin-aarch64, … */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        String o = os.contains("linux") ? "linux" : os.contains("mac") ? "darwin" : os.contains("win") ? "win32" : os;
        String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86-64" : arch;
        return o + "-" + a;
    }

    private static Path cacheRoot() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "dagfuse");
        }
        return home == null ? null : Path.of(home, ".cache", "dagfuse");
    }
}
