package dev.dagfuse.check;

import dev.dagfuse.optimizer.ModelParameters;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of the latency/cost model recorded in baselines: dagfuse's version and a fingerprint of the model's
 * default constants ({@link ModelParameters#defaults()}), e.g. {@code 0.1.0-SNAPSHOT/params-3f2a9c1b04de}. A change
 * of either makes {@code check} name the model as a reason. (The optimizer has no version constant of its own yet;
 * a change of the model's code within one dagfuse version is not detected.)
 */
public final class ModelVersion {

    private ModelVersion() {
    }

    public static String current() {
        return dagfuseVersion() + "/params-" + Hashes.shortForm(Hashes.sha256(ModelParameters.defaults().toString()));
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
