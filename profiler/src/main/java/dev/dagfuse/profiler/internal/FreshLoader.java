// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.internal;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A class loader that loads the application's classes anew from the class path (child first), so that the first
 * call of a handler in it pays class loading and static initialization as a fresh Lambda instance would. The JDK
 * and the handler API ({@code dev.dagfuse.handler}, the handler-api module) come from the parent, so that the handler
 * is still a {@code Handler} to the caller.
 */
public final class FreshLoader extends URLClassLoader {

    private static final String[] SHARED = {"java.", "javax.", "jdk.", "sun.", "com.sun.", "org.w3c.", "org.xml.",
            "dev.dagfuse.handler."};

    private final ClassLoader app;

    public FreshLoader(List<URL> classPath, ClassLoader app) {
        super("dagfuse-cold-start", classPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        this.app = app;
    }

    /**
     * The entries of {@code java.class.path} and of every URLClassLoader between {@code loader} and the application's
     * loader (a user's {@code --classpath}): where a fresh instance loads the handlers from.
     */
    public static List<URL> classPath(ClassLoader loader) {
        List<URL> urls = new ArrayList<>(classPath());
        ClassLoader app = ClassLoader.getSystemClassLoader();
        for (ClassLoader l = loader; l != null && l != app; l = l.getParent()) {
            if (l instanceof URLClassLoader u) {
                for (URL url : u.getURLs()) {
                    if (!urls.contains(url)) {
                        urls.add(url);
                    }
                }
            }
        }
        return urls;
    }

    /** The entries of {@code java.class.path} (jars' manifest Class-Path entries are followed by URLClassLoader). */
    public static List<URL> classPath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                urls.add(Path.of(entry).toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException | RuntimeException e) {
                // an entry that is not a path cannot hold classes for us
            }
        }
        return urls;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                if (isShared(name)) {
                    c = app.loadClass(name);
                } else {
                    try {
                        c = findClass(name);
                    } catch (ClassNotFoundException e) {
                        // not on the class path we were given (e.g. a platform module): ask the application loader
                        c = app.loadClass(name);
                    }
                }
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL url = findResource(name);
        return url != null ? url : app.getResource(name);
    }

    private static boolean isShared(String name) {
        for (String prefix : SHARED) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
