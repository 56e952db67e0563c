// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.runtime;

import java.io.IOException;

/** Where outputs too large to pass inline go: S3 on Lambda, a map or an in-test fake elsewhere. */
public interface ObjectStore {

    /** The object under {@code key}; fails when there is none. */
    byte[] get(String key) throws IOException;

    /** Stores {@code bytes} under {@code key}, replacing any older object. */
    void put(String key, byte[] bytes) throws IOException;
}
