// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.executor;

/** How requests are issued. */
public sealed interface Load permits Load.OpenLoop, Load.ClosedLoop {

    /** A short description for reports, e.g. {@code closed loop, concurrency 1}. */
    String describe();

    /** Requests start at a fixed rate, whether or not earlier ones have finished. */
    record OpenLoop(double requestsPerSecond) implements Load {
        public OpenLoop {
            if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
                throw new IllegalArgumentException("The rate (" + requestsPerSecond + "/s) must be > 0. Maybe 5/s.");
            }
        }

        @Override
        public String describe() {
            return "open loop, " + requestsPerSecond + " requests/s";
        }
    }

    /** {@code concurrency} requests in flight: each finished request starts the next one. */
    record ClosedLoop(int concurrency) implements Load {
        public ClosedLoop {
            if (concurrency < 1) {
                throw new IllegalArgumentException("The concurrency (" + concurrency + ") must be ≥ 1.");
            }
        }

        @Override
        public String describe() {
            return "closed loop, concurrency " + concurrency;
        }
    }
}
