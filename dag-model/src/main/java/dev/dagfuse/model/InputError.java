// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

/**
 * One problem with user input: where it is and what is wrong.
 *
 * @param file the file as the user named it, or {@code null} for input that did not come from a file
 * @param path the YAML path of the bad value, e.g. {@code functions.extract.fanOut}; empty for the whole file
 * @param message what is wrong, the bad value and what would be valid
 */
public record InputError(String file, String path, String message) {

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder();
        if (file != null) {
            line.append(file).append(": ");
        }
        if (path != null && !path.isEmpty()) {
            line.append(path).append(": ");
        }
        return line.append(message).toString();
    }
}
