package dev.dagfuse.optimizer.internal.planner;

import com.google.ortools.Loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads OR-Tools' native libraries once per JVM. {@link Loader#loadNativeLibraries} unpacks about 70 MB of libraries
 * from the jar into a fresh temporary directory on every start (over a second); this unpacks them once into
 * {@code $XDG_CACHE_HOME/dagfuse} (else {@code ~/.cache/dagfuse}), keyed by the native jar's name and size, and loads
 * them from there. Any problem falls back to the OR-Tools loader.
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
                if (!loadFromCache()) {
                    Loader.loadNativeLibraries();
                }
            } catch (RuntimeException | LinkageError e) {
                failure = e;
            }
            FAILURE = failure;
        }
    }

    /** Loads the libraries once; safe from any thread (the planner starts it in the background while drawing). */
    static void load() {
        if (Holder.FAILURE != null) {
            throw new IllegalStateException("OR-Tools' native libraries could not be loaded: " + Holder.FAILURE,
                    Holder.FAILURE);
        }
    }

    private static boolean loadFromCache() {
        try {
            String folder = "ortools-" + platform();
            String jni = System.mapLibraryName("jniortools");
            URL url = Loader.class.getClassLoader().getResource(folder + "/" + jni);
            Path root = cacheRoot();
            if (url == null || !"jar".equals(url.getProtocol()) || root == null) {
                return false;
            }
            String spec = url.toString();
            Path jar = Path.of(URI.create(spec.substring("jar:".length(), spec.indexOf("!/"))));
            Path dir = root.resolve(jar.getFileName().toString().replace(".jar", "") + "-" + Files.size(jar));
            if (!Files.exists(dir.resolve(".complete"))) {
                unpack(URI.create(spec.substring(0, spec.indexOf("!/"))), folder, root, dir);
            }
            System.load(dir.resolve(folder).resolve(jni).toString());
            return true;
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            Trace.log("OR-Tools cache not used (%s); unpacking to a temporary directory", e);
            return false;
        }
    }

    /** The native jar's folder suffix, as OR-Tools names it (JNA's resource prefix): linux-x86-64, darwin-aarch64, … */
    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
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

    /** Unpacks into a temporary sibling, then renames it into place (another process may win the race: fine). */
    private static void unpack(URI jarUri, String folder, Path root, Path dir) throws IOException {
        Files.createDirectories(root);
        Path tmp = Files.createTempDirectory(root, dir.getFileName() + ".tmp");
        try (FileSystem fs = FileSystems.newFileSystem(jarUri, Map.of()); Stream<Path> files = Files.walk(fs.getPath(folder))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = tmp.resolve(p.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.writeString(tmp.resolve(".complete"), "unpacked by dagfuse\n");
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.exists(dir.resolve(".complete"))) {
                    throw e;
                }
            }
        } finally {
            if (Files.exists(tmp)) {
                try (Stream<Path> walk = Files.walk(tmp)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                        try {
                            Files.delete(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                }
            }
        }
    }
}
