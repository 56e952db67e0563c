// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.internal;

import dev.dagfuse.aws.runtime.GroupHandler;
import dev.dagfuse.aws.runtime.RuntimeEnv;
import dev.dagfuse.executor.GroupInvocation;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.HandlerLoader;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The code package every group function gets: a Lambda Java zip with {@code lib/*.jar} (the runtime, its
 * dependencies and the jars of the workflow's handler classes) and {@code dagfuse/workflow.yaml}. Deterministic: the
 * same inputs make the same bytes (sorted entries, fixed times), so its SHA-256 tells whether deployed code is current.
 *
 * <p>The runtime's third-party jars are listed at build time ({@code META-INF/dagfuse/runtime-classpath.txt} in the
 * aws-runtime jar) and found on this JVM's class path by file name; dagfuse's own modules and the handler classes are
 * found by the code source of a class they hold (a class directory, as under Maven's reactor, is packed into a jar).
 */
public record CodePackage(byte[] zip, String sha256Base64, List<String> entries) {

    public static final String FILE_NAME = "dagfuse-functions.zip";
    private static final long FIXED_TIME = 315_532_800_000L + 86_400_000L * 366; // 1981-01-01, within zip's range

    public CodePackage {
        entries = List.copyOf(entries);
    }

    /** Builds the package of {@code workflow}, read from {@code workflowFile}; handler classes from {@code loader}. */
    public static CodePackage build(Path workflowFile, Workflow workflow, ClassLoader loader) {
        Map<String, byte[]> entries = new TreeMap<>();
        Map<String, Path> classPath = classPathJars();
        for (String jar : runtimeJars()) {
            Path p = classPath.get(jar);
            if (p != null) {
                entries.put("lib/" + jar, read(p));
            } else if (!isOwnModule(jar)) {
                throw new IllegalStateException("The runtime's jar (" + jar + ") is not on this class path, so the code "
                        + "package cannot be built. Maybe build dagfuse with Maven first (mvn package).");
            }
        }
        // dagfuse's own modules, wherever they are (a jar, or target/classes under Maven's reactor)
        addCodeSource(entries, "handler-api", Handler.class);
        addCodeSource(entries, "dag-model", Workflow.class);
        addCodeSource(entries, "executor", GroupInvocation.class);
        addCodeSource(entries, "aws-runtime", GroupHandler.class);
        for (FunctionSpec f : workflow.functions().values()) {
            Class<?> type = HandlerLoader.load(f, loader);
            addCodeSource(entries, "functions-" + f.name(), type);
        }
        entries.put(RuntimeEnv.WORKFLOW_RESOURCE, read(workflowFile));
        if (workflow.sampleInput() != null) {
            Path dir = workflowFile.toAbsolutePath().getParent();
            Path rel = dir.relativize(workflow.sampleInput().toAbsolutePath()).normalize();
            if (rel.startsWith("..")) {
                throw new InputException(workflowFile.toString(), "sampleInput", "The sampleInput file ("
                        + workflow.sampleInput() + ") is outside the workflow's directory, so it cannot be packaged "
                        + "beside it. Maybe move it next to the workflow.");
            }
            entries.put("dagfuse/" + rel.toString().replace(File.separatorChar, '/'), read(workflow.sampleInput()));
        }
        byte[] zip = zip(entries);
        return new CodePackage(zip, Base64.getEncoder().encodeToString(Layout.sha256(zip)), new ArrayList<>(entries.keySet()));
    }

    /** The file names the aws-runtime build listed. */
    static List<String> runtimeJars() {
        URL list = GroupHandler.class.getClassLoader().getResource("META-INF/dagfuse/runtime-classpath.txt");
        if (list == null) {
            throw new IllegalStateException("The aws-runtime jar has no META-INF/dagfuse/runtime-classpath.txt; "
                    + "it was not built by Maven.");
        }
        try (InputStream in = list.openStream()) {
            List<String> names = new ArrayList<>();
            for (String path : new String(in.readAllBytes(), StandardCharsets.UTF_8).split(";")) {
                String name = path.strip();
                name = name.substring(name.lastIndexOf('/') + 1);
                if (name.endsWith(".jar")) {
                    names.add(name);
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isOwnModule(String jar) {
        return Stream.of("handler-api-", "dag-model-", "executor-", "aws-runtime-").anyMatch(jar::startsWith);
    }

    /** The jars on this JVM's class path by file name, with those a jar's manifest Class-Path names ({@code java -jar}). */
    static Map<String, Path> classPathJars() {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath();
            if (!p.toString().endsWith(".jar") || !Files.isRegularFile(p)) {
                continue;
            }
            jars.putIfAbsent(p.getFileName().toString(), p);
            try (JarFile jar = new JarFile(p.toFile())) {
                Manifest m = jar.getManifest();
                String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
                if (cp != null) {
                    for (String rel : cp.trim().split("\\s+")) {
                        Path dep = p.getParent().resolve(rel).normalize();
                        if (Files.isRegularFile(dep)) {
                            jars.putIfAbsent(dep.getFileName().toString(), dep);
                        }
                    }
                }
            } catch (IOException e) {
                // not a readable jar: it contributes nothing
            }
        }
        return jars;
    }

    private static void addCodeSource(Map<String, byte[]> entries, String name, Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            throw new IllegalStateException("The class " + type.getName() + " has no code source to package.");
        }
        Path p;
        try {
            p = Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (Files.isDirectory(p)) {
            String jarName = "lib/" + name + "-classes.jar";
            if (entries.keySet().stream().noneMatch(k -> k.equals(jarName))) {
                entries.put(jarName, jarOf(p));
            }
        } else {
            entries.putIfAbsent("lib/" + p.getFileName(), read(p));
        }
    }

    private static byte[] jarOf(Path dir) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(f).toString().replace(File.separatorChar, '/'), read(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip(files);
    }

    private static byte[] zip(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(FIXED_TIME);
                byte[] data = e.getValue();
                if (e.getKey().endsWith(".jar")) {
                    // jars are compressed already: stored, they cost no CPU to pack
                    CRC32 crc = new CRC32();
                    crc.update(data);
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(data.length);
                    entry.setCompressedSize(data.length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(data);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new InputException(p.toString(), "", "Cannot read the file: " + e.getMessage());
        }
    }
}
