// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Reads the version that Maven filtered into {@code dagfuse-version.properties}. */
public final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() throws IOException {
        Properties props = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("/dagfuse-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        }
        return new String[] {
                "dagfuse " + props.getProperty("version", "unknown"),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
