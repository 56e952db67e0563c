// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer.internal.planner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 14: OR-Tools' natives were cached by jar name and size and loaded unchecked, and without a usable cache
 * OR-Tools' own loader left 70 MB in the temporary directory on every run. Both tests failed before.
 */
class OrToolsCacheTest {

    private static final String FOLDER = "ortools-linux-x86-64";

    @TempDir
    Path tmp;

    private static int load(Map<String, String> env, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), LoadOrTools.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as("output").contains("loaded");
        return p.exitValue();
    }

    private static ZipFile nativeJar() throws IOException {
        URL url = OrToolsCacheTest.class.getClassLoader().getResource(FOLDER + "/" + System.mapLibraryName("jniortools"));
        assumeTrue(url != null && "jar".equals(url.getProtocol()), "the linux-x86-64 natives are not a jar here");
        String spec = url.toString();
        return new ZipFile(Path.of(URI.create(spec.substring("jar:".length(), spec.indexOf("!/")))).toFile());
    }

    private static Path largest(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache)) {
            return files.filter(Files::isRegularFile).filter(p -> p.toString().contains(FOLDER + "/"))
                    .max(Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
        }
    }

    private static long crc(Path file) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
    }

    @Test
    void aCachedLibraryThatDiffersFromTheJarIsUnpackedAgainBeforeItIsLoaded() throws Exception {
        try (ZipFile jar = nativeJar()) {
            Path cache = tmp.resolve("cache");
            Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
            assertThat(load(env)).isZero();
            Path lib = largest(cache);
            String entry = FOLDER + "/" + lib.getFileName();
            // same name, same size, other content: what a name-and-size key cannot tell apart
            try (RandomAccessFile f = new RandomAccessFile(lib.toFile(), "rw")) {
                f.seek(f.length() - 16);
                int b = f.read();
                f.seek(f.length() - 16);
                f.write(b ^ 0xFF);
            }
            assertThat(crc(lib)).isNotEqualTo(jar.getEntry(entry).getCrc());

            assertThat(load(env)).isZero();

            Path now = largest(cache);
            assertThat(now.getFileName()).isEqualTo(lib.getFileName());
            assertThat(crc(now)).isEqualTo(jar.getEntry(entry).getCrc());
        }
    }

    @Test
    void withoutAUsableCacheTheTemporaryCopyIsDeletedAtExit() throws Exception {
        nativeJar().close();
        {
            Path notADirectory = Files.writeString(tmp.resolve("cache-file"), "x");
            Path temp = Files.createDirectories(tmp.resolve("temp"));

            assertThat(load(Map.of("XDG_CACHE_HOME", notADirectory.toString()), "-Djava.io.tmpdir=" + temp)).isZero();

            try (Stream<Path> left = Files.list(temp)) {
                assertThat(left.toList()).isEmpty();
            }
        }
    }
}
