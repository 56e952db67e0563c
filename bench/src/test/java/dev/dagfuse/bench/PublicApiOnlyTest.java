// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.bench;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The harnesses measure what users can call: they use the modules' public API, never an internal package. */
class PublicApiOnlyTest {

    private static final Pattern INTERNAL = Pattern.compile("dev\\.dagfuse\\.[\\w.]*\\binternal\\b[\\w.]*");

    @Test
    void theHarnessesUseNoInternalPackage() throws IOException {
        Path sources = Path.of("src/main/java");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertThat(files).isNotEmpty();
        List<String> uses = new ArrayList<>();
        for (Path file : files) {
            Matcher m = INTERNAL.matcher(Files.readString(file));
            while (m.find()) {
                uses.add(sources.relativize(file) + ": " + m.group());
            }
        }
        assertThat(uses).as("internal packages the harnesses refer to").isEmpty();
    }
}
