// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.List;
import java.util.stream.Collectors;

/** Bad user input: a file that cannot be read, parsed or validated. Each error is one line. */
public class InputException extends RuntimeException {

    private final List<InputError> errors;

    public InputException(List<InputError> errors) {
        super(errors.stream().map(InputError::toString).collect(Collectors.joining(System.lineSeparator())));
        this.errors = List.copyOf(errors);
    }

    public InputException(InputError error) {
        this(List.of(error));
    }

    public InputException(String file, String path, String message) {
        this(new InputError(file, path, message));
    }

    public List<InputError> errors() {
        return errors;
    }

    /**
     * These errors, with {@code file} where they name none: code that reads a {@code Workflow} (handlers, inputs) does
     * not know the file it came from, its caller does.
     */
    public InputException withFile(String file) {
        List<InputError> named = errors.stream()
                .map(e -> e.file() == null ? new InputError(file, e.path(), e.message()) : e).toList();
        InputException e = new InputException(named);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
