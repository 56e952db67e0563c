// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The hand-written fixture in src/test/resources/video (source: synthetic) and variants of it. */
final class Fixture {

    static final Path DIR = Path.of("src/test/resources/video");
    static final Path WORKFLOW = DIR.resolve("workflow.yaml");
    static final Path PROFILE = DIR.resolve("profile.yaml");
    static final Path FUSED = DIR.resolve("plan-fused.json");
    /** Fewer draws than the default keep the tests quick. */
    static final Draws DRAWS = new Draws(2_000, 7L);
    static final Search SEARCH = Search.of("cp-sat", Duration.ofSeconds(60));

    private Fixture() {
    }

    /** The fixture with {@code replace} applied to the workflow's text, its profile beside it. */
    static Path workflow(Path dir, String find, String replace) throws IOException {
        Path workflow = dir.resolve("workflow.yaml");
        Files.writeString(workflow, Files.readString(WORKFLOW).replace(find, replace));
        Files.copy(PROFILE, dir.resolve("profile.yaml"));
        return workflow;
    }

    /** The fixture on the local platform with 2 cores (costs in core-seconds), with a target it can meet. */
    static Path local(Path dir) throws IOException {
        Path workflow = workflow(dir, "functions:", "platform: { name: local, cores: 2 }\nfunctions:");
        Files.writeString(workflow, Files.readString(workflow).replace("target: 2.5s", "target: 8s"));
        return workflow;
    }

    /** The fixture where merge needs more memory than any size (peak 100 GB): no plan exists at all. */
    static Path noPlan(Path dir) throws IOException {
        Path workflow = dir.resolve("workflow.yaml");
        Files.copy(WORKFLOW, workflow);
        Files.writeString(dir.resolve("profile.yaml"), Files.readString(PROFILE)
                .replace("peakMemoryMB: 100\n", "peakMemoryMB: 100000\n"));
        return workflow;
    }
}
