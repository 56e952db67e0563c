package dev.dagfuse.check;

import dev.dagfuse.optimizer.ModelParameters;
import dev.dagfuse.optimizer.Models;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the latency/cost model recorded in baselines: dagfuse's version, the model's own version
 * ({@link Models#VERSION}, raised when its code changes its numbers) and a fingerprint of its default constants
 * ({@link ModelParameters#defaults()}), e.g. {@code 0.1.0-SNAPSHOT/model-2/params-3f2a9c1b04de}. A change of any
 * makes {@code check} name the model as a reason.
 */
public final class ModelVersion {

    private ModelVersion() {
    }

    public static String current() {
        return dagfuseVersion() + "/model-" + Models.VERSION + "/params-" + Hashes.shortForm(Hashes.sha256(ModelParameters.defaults().toString()));
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
