// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli.handlers;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;

import java.util.ArrayList;
import java.util.List;

/** Handlers for the profile command's tests: they compute (no sleeps). */
public final class ProfileTestHandlers {

    private ProfileTestHandlers() {
    }

    static long work(long n) {
        long h = 1469598103934665603L;
        for (long i = 0; i < n; i++) {
            h = (h ^ i) * 1099511628211L;
        }
        return h;
    }

    /** Entry: reads the request (the sampleInput file's text) and makes one number per word. */
    public static final class Words implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            String text = (String) invocation.requestInput();
            ArrayList<Long> out = new ArrayList<>();
            for (String w : text.split("\\s+")) {
                out.add(work(2_000) ^ w.hashCode());
            }
            return out;
        }
    }

    /** Fan-out: hashes its share. */
    public static final class Hash implements Handler {
        @Override
        @SuppressWarnings("unchecked")
        public Object handle(Invocation invocation) {
            List<Long> all = (List<Long>) invocation.onlyInput();
            long h = 0;
            for (int i = invocation.branch(); i < all.size(); i += invocation.fanOut()) {
                h ^= all.get(i) * work(5_000);
            }
            return h;
        }
    }

    /** Always throws. */
    public static final class Broken implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            throw new UnsupportedOperationException("not implemented yet");
        }
    }
}
