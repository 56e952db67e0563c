// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.handler;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The input a request hands to the entry functions, chosen by one rule for {@code profile --target local} and
 * {@code run}, so that the profile measures the handlers on what the run feeds them:
 * <ol>
 *   <li>an explicit input file ({@code run --input});</li>
 *   <li>else the workflow's {@code sampleInput} file;</li>
 *   <li>else the first entry function's {@link Handler#defaultInput(long)} that is not null, for the seed
 *       ({@code profile --seed}; in {@code run}, the request's number).</li>
 * </ol>
 * A file's content is the object it holds when it is Java-serialized, else its UTF-8 text.
 */
public final class RequestInputs {

    private RequestInputs() {
    }

    /**
     * The request input by the rule above.
     *
     * @param inputFile the explicit input file, or {@code null}
     * @param loader where the classes of a Java-serialized input are resolved
     * @param handlers an entry function's handler by name, or {@code null} when it has none (called only when no
     *     file gives the input)
     */
    public static Object resolve(Workflow workflow, Path inputFile, ClassLoader loader,
                                 Function<String, ? extends Handler> handlers, long seed) {
        Object fromFile = fromFile(workflow, inputFile, loader);
        return fromFile != null ? fromFile : defaultInput(workflow, handlers, seed);
    }

    /**
     * Steps 1 and 2 of the rule: the explicit input file's content, else the sampleInput file's; {@code null} when
     * there is neither, and each request then gets its {@link #defaultInput}.
     */
    public static Object fromFile(Workflow workflow, Path inputFile, ClassLoader loader) {
        Path file = inputFile != null ? inputFile : workflow.sampleInput();
        return file == null ? null : read(file, loader);
    }

    /** A file's content as a request input: the object it holds when it is Java-serialized, else its UTF-8 text. */
    public static Object read(Path file, ClassLoader loader) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(file.toString(), "", "Cannot read the input file: " + e.getMessage());
        }
        // Java serialization's stream magic, AC ED: no UTF-8 text starts with it
        if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xAC && (bytes[1] & 0xff) == 0xED) {
            try {
                return OutputSerialization.deserialize(bytes, loader);
            } catch (IOException | ClassNotFoundException e) {
                throw new InputException(file.toString(), "", "The input looks Java-serialized but cannot be read: " + e);
            }
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Step 3 of the rule: the first entry function (in {@link Workflow#entries()} order) whose handler's
     * {@code defaultInput(seed)} is not null gives the input; {@code null} when none does.
     *
     * @param handlers an entry function's handler by name, or {@code null} when it has none
     */
    public static Object defaultInput(Workflow workflow, Function<String, ? extends Handler> handlers, long seed) {
        for (String entry : workflow.entries()) {
            Handler handler = handlers.apply(entry);
            if (handler == null) {
                continue;
            }
            Object input;
            try {
                input = handler.defaultInput(seed);
            } catch (Exception | LinkageError e) {
                throw new InputException(null, "functions." + entry + ".handler", "The handler of function (" + entry
                        + ") failed to make its default input: " + describe(e));
            }
            if (input != null) {
                return input;
            }
        }
        return null;
    }

    /** "IllegalStateException: boom" for a handler's exception. */
    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message.strip());
    }
}
