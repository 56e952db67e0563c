// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.internal;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What measured a local profile: CPU model, cores, JVM, OS, heap and garbage collectors. */
public final class MachineInfo {

    private MachineInfo() {
    }

    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpuModel", cpuModel());
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version",
                System.getProperty("java.version")));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("maxHeapMB", String.valueOf(Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
        m.put("gc", gcs.stream().map(GarbageCollectorMXBean::getName).collect(Collectors.joining(", ")));
        return m;
    }

    /** The first "model name" of /proc/cpuinfo; the architecture where there is none. */
    static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                return lines.filter(l -> l.startsWith("model name") && l.contains(":"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim().replaceAll("\\s+", " "))
                        .findFirst().orElse(System.getProperty("os.arch"));
            } catch (IOException | RuntimeException e) {
                // fall through
            }
        }
        return System.getProperty("os.arch");
    }
}
