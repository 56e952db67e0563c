// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every Java source of every module starts with the licence's SPDX line (the convention LICENSE and the README state). */
class LicenceHeaderTest {

    static final String HEADER = "// SPDX-License-Identifier: Apache-2.0";

    @Test
    void everyJavaSourceStartsWithTheSpdxLine() throws IOException {
        // Surefire runs with the module's directory as the working directory; the project root is its parent
        Path root = Path.of("").toAbsolutePath().getParent();
        assertThat(root.resolve("LICENSE")).as("the project root").exists();
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(root)) {
            sources = walk.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !root.relativize(p).toString().contains("target"))
                    .filter(p -> !root.relativize(p).toString().contains("node_modules"))
                    .collect(Collectors.toList());
        }
        assertThat(sources).as("Java sources under " + root).hasSizeGreaterThan(300);
        List<Path> without = sources.stream().filter(p -> !startsWithHeader(p)).map(root::relativize)
                .collect(Collectors.toList());
        assertThat(without).as("sources whose first line is not " + HEADER).isEmpty();
    }

    private static boolean startsWithHeader(Path p) {
        try (Stream<String> lines = Files.lines(p, StandardCharsets.UTF_8)) {
            return lines.findFirst().map(HEADER::equals).orElse(false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
