// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Content hashes of workflows and profiles, over their parsed content (not the file's bytes), so that comments,
 * formatting and key order do not count as a change.
 */
public final class Hashes {

    private Hashes() {
    }

    /** {@code sha256:…} of what the model reads from a workflow: its name, objective, platform and functions. */
    public static String workflow(Workflow workflow) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("name", workflow.name());
        content.put("objective", workflow.objective());
        content.put("platform", workflow.platform().settings());
        Map<String, FunctionSpec> functions = new LinkedHashMap<>(workflow.functions());
        content.put("functions", functions);
        if (workflow.load() != null) {
            // only when given: the hashes of workflows without a load stay those of dagfuse 0.1
            content.put("loadRatePerSecond", workflow.load().ratePerSecond());
            if (workflow.load().isPattern()) {
                content.put("loadHourly", workflow.load().hourly()); // a pattern is more than its mean
            }
        }
        return sha256(ModelFiles.toJson(content));
    }

    /** {@code sha256:…} of a profile's content, as the profile file format writes it. */
    public static String profile(Profile profile) {
        return sha256(ModelFiles.profileToYaml(profile));
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return "sha256:" + HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** The first 12 hex digits, for messages. */
    public static String shortForm(String hash) {
        if (hash == null) {
            return "unknown";
        }
        String hex = hash.startsWith("sha256:") ? hash.substring(7) : hash;
        return hex.substring(0, Math.min(12, hex.length()));
    }
}
