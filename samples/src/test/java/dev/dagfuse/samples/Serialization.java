// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** Test helpers: Java serialization, as outputs cross the object store between groups. */
public final class Serialization {

    private Serialization() {
    }

    public static byte[] bytes(Object value) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Serializes and deserializes {@code value}, checking the copy serializes to the same bytes. */
    public static Object roundTrip(Object value) {
        byte[] bytes = bytes(value);
        Object copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            copy = in.readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        assertThat(copy).isNotSameAs(value).hasSameClassAs(value);
        assertThat(bytes(copy)).isEqualTo(bytes);
        return copy;
    }

    /** Round-trips every output of every function of {@code run}. */
    public static void assertAllRoundTrip(Samples.Run run) {
        for (List<Object> outputs : run.outputs().values()) {
            for (Object output : outputs) {
                roundTrip(output);
            }
        }
        roundTrip(run.requestInput());
    }

    /** Whether two runs produced byte-identical outputs, function by function and branch by branch. */
    public static void assertSameOutputs(Samples.Run a, Samples.Run b) {
        assertThat(b.outputs().keySet()).containsExactlyElementsOf(a.outputs().keySet());
        a.outputs().forEach((function, outputs) -> {
            List<Object> others = b.outputs().get(function);
            assertThat(others).as(function).hasSameSizeAs(outputs);
            for (int i = 0; i < outputs.size(); i++) {
                assertThat(bytes(others.get(i))).as(function + "[" + i + "]").isEqualTo(bytes(outputs.get(i)));
            }
        });
    }
}
