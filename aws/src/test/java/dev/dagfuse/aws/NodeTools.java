// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pinned Node tools of tools/npm (asl-validator, aws-local-stepfunctions, @aws-cdk/cfnspec). A test that needs
 * them is skipped, saying so, only when {@code node} is not on the PATH; when node is there but the tools are not
 * installed, {@code npm ci} installs them first.
 */
final class NodeTools {

    static final Path DIR = Path.of("..", "tools", "npm").toAbsolutePath().normalize();

    record Result(int exit, String out, String err) {
    }

    private NodeTools() {
    }

    static void assumeNode() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
                found = true;
                break;
            }
        }
        Assumptions.assumeTrue(found, "node is not on the PATH: skipping the test that runs the Node tools of tools/npm "
                + "(CI has node; .ci/run installs the tools with npm ci)");
        installOnce();
    }

    /** .ci/run installs the tools first; a plain 'mvn verify' without them runs npm ci here, once. */
    private static synchronized void installOnce() {
        if (Files.isDirectory(DIR.resolve("node_modules"))) {
            return;
        }
        try {
            Process p = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(DIR.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("npm ci in " + DIR + " failed; run it there by hand (.ci/run does).");
            }
        } catch (IOException e) {
            throw new IllegalStateException("node is on the PATH but the tools in " + DIR + " are not installed and npm "
                    + "could not be run (" + e.getMessage() + "): run 'npm ci' there (.ci/run does).", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the Node tools", e);
        }
    }

    static Result node(List<String> args, Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(DIR.toFile());
        pb.environment().putAll(env);
        Path out = Files.createTempFile("dagfuse-node", ".out");
        Path err = Files.createTempFile("dagfuse-node", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("node " + args + " did not finish within " + timeoutSeconds + " s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** asl-validator 4.0.0 on each definition file; the result's exit is 0 when all are valid. */
    static Result validateAsl(List<Path> files) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("node_modules/asl-validator/dist/bin/asl-validator.js"));
        for (Path f : files) {
            args.add("--json-path");
            args.add(f.toAbsolutePath().toString());
        }
        return node(args, Map.of(), 120);
    }
}
