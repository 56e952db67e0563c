// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --classpath PATH[:PATH...]}: where the user's handler classes are, as {@code java -cp} takes it (jars,
 * directories of classes, {@code DIR/*} for every jar in DIR). Handlers are loaded from a class loader over these
 * entries whose parent has dagfuse and the handler API, so a handler jar needs nothing else from dagfuse.
 */
final class ClassPathOption {

    @Option(names = "--classpath", paramLabel = "PATHS",
            description = "Where the handler classes are: jars, class directories and DIR/* (every jar in DIR), separated "
                    + "by '" + "${sys:path.separator}" + "' as for java -cp. Default: dagfuse's own class path only.")
    String paths;

    /** A loader over the entries, or null when none were given; a missing entry is a usage error. */
    URLClassLoader loader(ClassLoader parent) {
        if (paths == null) {
            return null;
        }
        List<URL> urls = new ArrayList<>();
        for (String entry : paths.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                if (entry.endsWith("*")) {
                    Path dir = Path.of(entry.substring(0, entry.length() - 1).isEmpty() ? "."
                            : entry.substring(0, entry.length() - 1));
                    if (!Files.isDirectory(dir)) {
                        throw missing(entry);
                    }
                    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                        for (Path jar : jars) {
                            urls.add(jar.toAbsolutePath().toUri().toURL());
                        }
                    }
                } else {
                    Path p = Path.of(entry);
                    if (!Files.exists(p)) {
                        throw missing(entry);
                    }
                    urls.add(p.toAbsolutePath().toUri().toURL());
                }
            } catch (MalformedURLException | java.nio.file.InvalidPathException e) {
                throw new UserException(ExitCodes.USAGE, "The --classpath entry (" + entry + ") is not a path.");
            } catch (IOException e) {
                throw new UserException(ExitCodes.USAGE, "The --classpath entry (" + entry + ") cannot be read: "
                        + e.getMessage());
            }
        }
        return new URLClassLoader("dagfuse-handlers", urls.toArray(URL[]::new), parent);
    }

    static void close(URLClassLoader loader) {
        if (loader != null) {
            try {
                loader.close();
            } catch (IOException e) {
                // open jar files are closed at exit anyway
            }
        }
    }

    private static UserException missing(String entry) {
        return new UserException(ExitCodes.USAGE, "The --classpath entry (" + entry + ") does not exist. Give jars or "
                + "class directories, separated by '" + File.pathSeparator + "'.");
    }
}
