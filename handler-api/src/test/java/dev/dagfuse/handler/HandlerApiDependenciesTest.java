// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.handler;

import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler API is what a user's function jar compiles against, so it must need nothing but the JDK. The build
 * bans any non-test dependency of this module (maven-enforcer-plugin in its pom); this test checks the compiled
 * classes themselves: every class they name, in their constant pools and type signatures, is the JDK's or their own.
 */
class HandlerApiDependenciesTest {

    /** A class name inside a descriptor or generic signature: {@code Ljava/util/List;} or {@code Ljava/util/Map<}. */
    private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([A-Za-z_$][\\w$]*(?:/[\\w$]+)+)[;<]");

    @Test
    void theCompiledApiNamesOnlyJdkClassesAndItsOwn() throws IOException, URISyntaxException {
        Path classes = Path.of(Handler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("Handler.class", "Invocation.class");
        Set<String> foreign = new TreeSet<>();
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                for (String name : referencedClasses(in)) {
                    if (!name.startsWith("java/") && !name.startsWith("dev/dagfuse/handler/")) {
                        foreign.add(name + " (in " + classes.relativize(file) + ")");
                    }
                }
            }
        }
        assertThat(foreign).as("classes outside the JDK that the handler API refers to").isEmpty();
    }

    @Test
    void theScanSeesTheJdkClassesTheApiUses() throws IOException {
        try (InputStream in = Invocation.class.getResourceAsStream("Invocation.class")) {
            assertThat(referencedClasses(in)).contains("java/util/Map", "java/util/List", "java/lang/Record");
        }
    }

    /** Internal names of the classes a class file's constant pool refers to, directly or in descriptors. */
    static List<String> referencedClasses(InputStream classFile) throws IOException {
        DataInputStream in = new DataInputStream(classFile);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNameIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> classNameIndexes.add(in.readUnsignedShort());
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // 8-byte constants take two slots
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> names = new ArrayList<>();
        for (int index : classNameIndexes) {
            if (!utf8[index].startsWith("[")) {
                names.add(utf8[index]);
            }
        }
        for (String s : utf8) {
            if (s != null) {
                Matcher m = TYPE_IN_DESCRIPTOR.matcher(s);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }
}
