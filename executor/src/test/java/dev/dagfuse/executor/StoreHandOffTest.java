// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StoreHandOffTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsBackAndCloseDeletesTheStore() throws Exception {
        Path root = dir.resolve("store");
        ArrayList<String> value = new ArrayList<>(List.of("a", "b"));
        try (StoreHandOff store = new StoreHandOff(root)) {
            store.write("r1/f/0", value);
            assertThat(root.resolve("r1/f/0")).isRegularFile();
            assertThat(store.read("r1/f/0", getClass().getClassLoader())).isEqualTo(value);
        }
        assertThat(Files.exists(root)).isFalse();
    }
}
