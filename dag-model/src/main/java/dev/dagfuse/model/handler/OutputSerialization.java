// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.handler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;

/**
 * Java serialization of handler outputs, shared by the profiler (it measures {@code outputBytes}, gives every run a
 * fresh copy of its inputs and moves inputs into a fresh class loader for cold starts) and the local executor (outputs
 * cross its object store).
 */
public final class OutputSerialization {

    private OutputSerialization() {
    }

    /** The serialized form of {@code value}; fails with a message naming the class that is not serializable. */
    public static byte[] serialize(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new NotSerializableException("the output holds a " + e.getMessage()
                    + ", which is not java.io.Serializable (a handler's output must be: it crosses the object store)");
        }
        return bytes.toByteArray();
    }

    /** Reads a value back, resolving its classes in {@code loader}. */
    public static Object deserialize(byte[] data, ClassLoader loader) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(data), loader)) {
            return in.readObject();
        }
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
            super(in);
            this.loader = loader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
