// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal;

import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;

import java.util.ArrayList;
import java.util.List;

/** Collects the input errors of one file, so that a user sees all of them at once. */
public final class Problems {

    private final String file;
    private final List<InputError> errors = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void add(String path, String message) {
        errors.add(new InputError(file, path, message));
    }

    public int count() {
        return errors.size();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
    }

    /** Joins YAML path segments: {@code path("functions", "x", "fanOut")} → {@code functions.x.fanOut}. */
    public static String path(String... segments) {
        return String.join(".", segments);
    }
}
