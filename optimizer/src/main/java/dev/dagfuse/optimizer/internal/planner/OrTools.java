package dev.dagfuse.optimizer.internal.planner;

import com.google.ortools.Loader;

/** Loads OR-Tools' native libraries once per JVM. */
final class OrTools {

    private OrTools() {
    }

    private static final class Holder {
        static {
            Loader.loadNativeLibraries();
        }

        static void touch() {
            // class initialization does the work
        }
    }

    static void load() {
        Holder.touch();
    }
}
