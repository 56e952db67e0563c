// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.handler;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Retry;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandlerLoaderTest {

    private static final ClassLoader LOADER = HandlerLoaderTest.class.getClassLoader();

    static FunctionSpec fn(String name, String handler, String... after) {
        return new FunctionSpec(name, handler, 1024, List.of(), List.of(after), 1, Retry.DEFAULT,
                FunctionSpec.DEFAULT_TIMEOUT_MS, null);
    }

    static FunctionSpec fn(String name, Class<?> handler, String... after) {
        return fn(name, handler.getName(), after);
    }

    @Test
    void loadsAndChecksAClassWithoutInitializingIt() {
        int before = TestHandlers.Initializations.count;
        Class<? extends Handler> type = HandlerLoader.load(fn("a", TestHandlers.CountsInit.class), LOADER);
        assertThat(type).isEqualTo(TestHandlers.CountsInit.class);
        assertThat(TestHandlers.Initializations.count).as("static initializations after load").isEqualTo(before);
        assertThat(HandlerLoader.instantiate(fn("a", TestHandlers.CountsInit.class), type))
                .isInstanceOf(TestHandlers.CountsInit.class);
        assertThat(TestHandlers.Initializations.count).isEqualTo(before + 1);
    }

    @Test
    void everyProblemIsAnInputErrorAtTheFunctionsHandler() {
        assertMessage(fn("a", "no.such.Handler"), "functions.a.handler: The handler class (no.such.Handler) of function (a)"
                + " is not on the class path (no.such.Handler). Maybe a typo, or its jar is missing (give it with --classpath).");
        assertMessage(fn("b", TestHandlers.NotAHandler.class), "functions.b.handler: The handler class ("
                + TestHandlers.NotAHandler.class.getName() + ") of function (b) does not implement dev.dagfuse.handler.Handler.");
        assertMessage(fn("c", TestHandlers.NoPublicConstructor.class), "functions.c.handler: The handler class ("
                + TestHandlers.NoPublicConstructor.class.getName() + ") of function (c) has no public no-argument constructor.");
        assertMessage(fn("d", TestHandlers.FailingConstructor.class), "functions.d.handler: The handler class ("
                + TestHandlers.FailingConstructor.class.getName() + ") of function (d) failed in its constructor: "
                + "java.lang.IllegalStateException: boom");
        assertMessage(fn("e", TestHandlers.FailingStaticInit.class), "functions.e.handler: The handler class ("
                + TestHandlers.FailingStaticInit.class.getName() + ") of function (e) failed in its static initializer: "
                + "java.lang.IllegalStateException: static boom");
        assertMessage(fn("f", (String) null), "functions.f.handler: The function (f) has no handler class, so it cannot "
                + "run locally. Maybe handler: dev.dagfuse.samples.…, a class that implements dev.dagfuse.handler.Handler.");
    }

    /**
     * Issue 14: a class whose static initializer failed reads "Could not initialize class" ever after, which was
     * reported as "is not on the class path"; failed before.
     */
    @Test
    void aStaticInitializerThatFailedIsNamedAsSuchTheSecondTimeToo() {
        FunctionSpec f = fn("g", TestHandlers.FailingStaticInitTwice.class);
        String prefix = "functions.g.handler: The handler class (" + TestHandlers.FailingStaticInitTwice.class.getName()
                + ") of function (g) failed in its static initializer";
        assertMessage(f, prefix + ": java.lang.IllegalStateException: static boom again");
        assertMessage(f, prefix + " earlier (Could not initialize class "
                + TestHandlers.FailingStaticInitTwice.class.getName() + ").");
    }

    @Test
    void resolvePrefersTheGivenHandlersAndInstantiatesTheOthers() {
        Handler given = invocation -> "given";
        Workflow w = Workflow.of("w", AwsLambdaPlatform.defaults(), List.of(fn("a", TestHandlers.Seeded.class),
                fn("b", (String) null, "a")));
        Map<String, Handler> resolved = HandlerLoader.resolve(w, Map.of("b", given), LOADER);
        assertThat(resolved.keySet()).containsExactly("a", "b");
        assertThat(resolved.get("a")).isInstanceOf(TestHandlers.Seeded.class);
        assertThat(resolved.get("b")).isSameAs(given);
    }

    private static void assertMessage(FunctionSpec f, String message) {
        assertThatThrownBy(() -> HandlerLoader.instantiate(f, LOADER))
                .isInstanceOfSatisfying(InputException.class, e -> {
                    assertThat(e.errors()).hasSize(1);
                    assertThat(e.errors().get(0).file()).isNull();
                    assertThat(e.errors().get(0).toString()).isEqualTo(message);
                });
    }
}
