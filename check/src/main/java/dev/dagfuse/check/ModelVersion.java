// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.check;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.optimizer.Models;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the latency/cost model recorded in baselines: dagfuse's version, the model's own version
 * ({@link Models#VERSION}, raised when its code changes its numbers) and a fingerprint of its default constants
 * (the default platforms' {@link dev.dagfuse.model.Platform#constants()}), e.g.
 * {@code 0.1.0-SNAPSHOT/model-2/params-3f2a9c1b04de}. A change of any makes {@code check} name the model as a reason.
 */
public final class ModelVersion {

    private ModelVersion() {
    }

    public static String current() {
        return dagfuseVersion() + "/model-" + Models.VERSION + "/params-" + Hashes.shortForm(Hashes.sha256(constants()));
    }

    // The text is the one dagfuse hashed before the constants moved onto the platforms (a record of them all), so
    // that baselines written then keep their model version.
    static String constants() {
        return "ModelParameters[" + AwsLambdaPlatform.defaults().constants() + ", " + LocalPlatform.of(1).constants() + "]";
    }

    static String dagfuseVersion() {
        Properties props = new Properties();
        try (InputStream in = ModelVersion.class.getResourceAsStream("check-version.properties")) {
            if (in != null) {
                props.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return props.getProperty("version", "unknown");
    }
}
