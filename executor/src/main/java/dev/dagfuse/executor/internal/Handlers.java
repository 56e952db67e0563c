package dev.dagfuse.executor.internal;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Workflow;

import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Finds each function's handler: a given instance, or a new instance of its {@code handler:} class. */
public final class Handlers {

    private Handlers() {
    }

    public static Map<String, Handler> resolve(Workflow workflow, Map<String, Handler> given, ClassLoader loader) {
        Map<String, Handler> out = new LinkedHashMap<>();
        for (FunctionSpec f : workflow.functions().values()) {
            Handler h = given.get(f.name());
            out.put(f.name(), h != null ? h : instantiate(workflow, f, loader));
        }
        return out;
    }

    private static Handler instantiate(Workflow workflow, FunctionSpec f, ClassLoader loader) {
        String path = "functions." + f.name() + ".handler";
        String file = workflow.name();
        if (f.handler() == null || f.handler().isBlank()) {
            throw new InputException(file, path, "The function (" + f.name() + ") has no handler class, so it cannot run "
                    + "locally. Maybe handler: dev.dagfuse.samples.…, a class that implements dev.dagfuse.handler.Handler.");
        }
        Class<?> type;
        try {
            type = Class.forName(f.handler(), true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new InputException(file, path, "The handler class (" + f.handler() + ") of function (" + f.name()
                    + ") is not on the class path (" + e.getMessage() + "). Maybe a typo, or its jar is missing.");
        }
        if (!Handler.class.isAssignableFrom(type)) {
            throw new InputException(file, path, "The handler class (" + f.handler() + ") of function (" + f.name()
                    + ") does not implement dev.dagfuse.handler.Handler.");
        }
        try {
            return (Handler) type.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new InputException(file, path, "The handler class (" + f.handler() + ") of function (" + f.name()
                    + ") has no public no-argument constructor.");
        } catch (InvocationTargetException e) {
            throw new InputException(file, path, "The handler class (" + f.handler() + ") of function (" + f.name()
                    + ") failed in its constructor: " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new InputException(file, path, "The handler class (" + f.handler() + ") of function (" + f.name()
                    + ") cannot be instantiated: " + e);
        }
    }
}
