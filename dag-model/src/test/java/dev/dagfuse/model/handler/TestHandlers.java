// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.handler;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;

import java.util.List;

/** Handler classes, good and bad, for the loader and request-input tests. */
public final class TestHandlers {

    private TestHandlers() {
    }

    /** Its default input says which seed made it. */
    public static final class Seeded implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return invocation.requestInput();
        }

        @Override
        public Object defaultInput(long seed) {
            return List.of("seeded", seed);
        }
    }

    /** Has no default input. */
    public static final class NoDefault implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return null;
        }
    }

    public static final class FailingDefault implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return null;
        }

        @Override
        public Object defaultInput(long seed) {
            throw new IllegalStateException("no input today");
        }
    }

    public static final class NotAHandler {
    }

    public static final class NoPublicConstructor implements Handler {
        private NoPublicConstructor() {
        }

        @Override
        public Object handle(Invocation invocation) {
            return null;
        }
    }

    public static final class FailingConstructor implements Handler {
        public FailingConstructor() {
            throw new IllegalStateException("boom");
        }

        @Override
        public Object handle(Invocation invocation) {
            return null;
        }
    }

    /** Counts its static initializations, so that a test can see whether loading ran it. */
    public static final class CountsInit implements Handler {
        static {
            Initializations.count++;
        }

        @Override
        public Object handle(Invocation invocation) {
            return null;
        }
    }

    public static final class Initializations {
        static int count;

        private Initializations() {
        }
    }

    /** Fails in its static initializer; used by one test only, which instantiates it twice. */
    public static final class FailingStaticInitTwice implements Handler {
        static final int VALUE = fail();

        private static int fail() {
            throw new IllegalStateException("static boom again");
        }

        @Override
        public Object handle(Invocation invocation) {
            return VALUE;
        }
    }

    public static final class FailingStaticInit implements Handler {
        static final int VALUE = fail();

        private static int fail() {
            throw new IllegalStateException("static boom");
        }

        @Override
        public Object handle(Invocation invocation) {
            return VALUE;
        }
    }
}
