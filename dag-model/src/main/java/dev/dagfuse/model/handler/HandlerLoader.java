// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.handler;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Workflow;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads the handler classes that a workflow's functions name, for {@code profile --target local} and {@code run}
 * alike, so that both accept the same classes and say the same about the ones they cannot use.
 *
 * <p>Errors are {@link InputException}s at {@code functions.<name>.handler} without a file: a {@link Workflow} does
 * not know the file it was read from, so callers that do add it.
 */
public final class HandlerLoader {

    private HandlerLoader() {
    }

    /**
     * The handler class of {@code function}, loaded from {@code loader} and checked (it implements {@link Handler}
     * and has a public no-argument constructor), but not initialized: its static initializer runs when it is first
     * instantiated, where a cold start pays for it.
     */
    public static Class<? extends Handler> load(FunctionSpec function, ClassLoader loader) {
        if (function.handler() == null || function.handler().isBlank()) {
            throw error(function, "The function (" + function.name() + ") has no handler class, so it cannot run "
                    + "locally. Maybe handler: dev.dagfuse.samples.…, a class that implements " + Handler.class.getName() + ".");
        }
        Class<?> type;
        try {
            type = Class.forName(function.handler(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw notOnClassPath(function, e);
        }
        if (!Handler.class.isAssignableFrom(type)) {
            throw error(function, prefix(function) + " does not implement " + Handler.class.getName() + ".");
        }
        try {
            type.getConstructor();
        } catch (NoSuchMethodException e) {
            throw error(function, prefix(function) + " has no public no-argument constructor.");
        } catch (LinkageError e) {
            throw notOnClassPath(function, e);
        }
        return type.asSubclass(Handler.class);
    }

    /** A new instance of {@code function}'s handler class, loaded from {@code loader}. */
    public static Handler instantiate(FunctionSpec function, ClassLoader loader) {
        return instantiate(function, load(function, loader));
    }

    /** A new instance of {@code type}, the handler class of {@code function} as {@link #load} returned it. */
    public static Handler instantiate(FunctionSpec function, Class<? extends Handler> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw error(function, prefix(function) + " has no public no-argument constructor.");
        } catch (InvocationTargetException e) {
            throw error(function, prefix(function) + " failed in its constructor: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw error(function, prefix(function) + " cannot be instantiated: " + e);
        } catch (ExceptionInInitializerError e) {
            throw error(function, prefix(function) + " failed in its static initializer: " + e.getCause());
        } catch (LinkageError e) {
            throw notOnClassPath(function, e);
        }
    }

    /**
     * Per function of {@code workflow}, in declaration order: the handler {@code given} for it, else a new instance of
     * its handler class. Every function needs one.
     */
    public static Map<String, Handler> resolve(Workflow workflow, Map<String, ? extends Handler> given, ClassLoader loader) {
        Map<String, Handler> out = new LinkedHashMap<>();
        for (FunctionSpec f : workflow.functions().values()) {
            Handler h = given.get(f.name());
            out.put(f.name(), h != null ? h : instantiate(f, loader));
        }
        return out;
    }

    private static String prefix(FunctionSpec function) {
        return "The handler class (" + function.handler() + ") of function (" + function.name() + ")";
    }

    private static InputException notOnClassPath(FunctionSpec function, Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // a class whose static initializer failed once reads "Could not initialize class" ever after
        if (e instanceof NoClassDefFoundError && message.startsWith("Could not initialize class")) {
            return error(function, prefix(function) + " failed in its static initializer earlier (" + message + ").");
        }
        return error(function, prefix(function) + " is not on the class path (" + message
                + "). Maybe a typo, or its jar is missing (give it with --classpath).");
    }

    private static InputException error(FunctionSpec function, String message) {
        return new InputException(null, "functions." + function.name() + ".handler", message);
    }
}
