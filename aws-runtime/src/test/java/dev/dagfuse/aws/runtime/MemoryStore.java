// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory object store that counts its traffic. */
public final class MemoryStore implements ObjectStore {

    public final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    public final AtomicInteger puts = new AtomicInteger();
    public final AtomicInteger gets = new AtomicInteger();

    @Override
    public byte[] get(String key) throws IOException {
        byte[] b = objects.get(key);
        if (b == null) {
            throw new NoSuchFileException(key);
        }
        gets.incrementAndGet();
        return b;
    }

    @Override
    public void put(String key, byte[] bytes) {
        puts.incrementAndGet();
        objects.put(key, bytes.clone());
    }
}
