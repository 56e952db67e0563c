// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

import dev.dagfuse.executor.internal.LocalObjectStore;
import dev.dagfuse.model.handler.OutputSerialization;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The two halves of a hand-off through the local object store, done as a run does them between groups: the group
 * that produces an output serializes it and writes it atomically; the group that reads it reads and deserializes it.
 * Public so that their cost can be measured outside a run ({@code bench/ExecutorBench}).
 */
public final class StoreHandOff implements AutoCloseable {

    private final LocalObjectStore store;

    /** A store under {@code dir}, created if it does not exist. */
    public StoreHandOff(Path dir) {
        this.store = new LocalObjectStore(dir);
    }

    /** Serializes {@code value} and writes it under {@code key} (a relative path with '/' separators). */
    public void write(String key, Object value) throws IOException {
        store.put(key, OutputSerialization.serialize(value));
    }

    /** Reads the object under {@code key} back, resolving its classes in {@code loader}. */
    public Object read(String key, ClassLoader loader) throws IOException, ClassNotFoundException {
        return OutputSerialization.deserialize(store.get(key), loader);
    }

    /** Deletes the store's directory and everything in it. */
    @Override
    public void close() throws IOException {
        store.deleteAll();
    }
}
