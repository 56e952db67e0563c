// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.handlers;

import dev.dagfuse.handler.Handler;
import dev.dagfuse.handler.Invocation;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

/** Small real handlers for the profiler's tests: they compute, they do not sleep. */
public final class TestHandlers {

    private TestHandlers() {
    }

    /** The request: how many numbers to generate. */
    public record Request(int count, long seed) implements Serializable {
    }

    /** Busy work that the JIT cannot remove: about {@code iterations} / 100 µs. */
    static double work(long iterations, long seed) {
        double acc = seed;
        for (long i = 0; i < iterations; i++) {
            acc = Math.sqrt(acc + i) * 1.0000001;
        }
        return acc;
    }

    /** Entry: generates numbers from the request. */
    public static final class Source implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            Request r = (Request) invocation.requestInput();
            ArrayList<Double> numbers = new ArrayList<>();
            for (int i = 0; i < r.count(); i++) {
                numbers.add(work(2_000, r.seed() + i));
            }
            return numbers;
        }

        @Override
        public Object defaultInput(long seed) {
            return new Request(12, seed);
        }
    }

    /** Scattered: each branch squares its share of the source's numbers. */
    public static final class Square implements Handler {
        @Override
        @SuppressWarnings("unchecked")
        public Object handle(Invocation invocation) {
            List<Double> all = (List<Double>) invocation.onlyInput();
            ArrayList<Double> mine = new ArrayList<>();
            for (int i = invocation.branch(); i < all.size(); i += invocation.fanOut()) {
                mine.add(all.get(i) * all.get(i) + work(20_000, i));
            }
            return mine;
        }
    }

    /** Gather: sums every branch's numbers. */
    public static final class Sum implements Handler {
        @Override
        @SuppressWarnings("unchecked")
        public Object handle(Invocation invocation) {
            double sum = 0;
            int parts = 0;
            for (Object part : invocation.inputs("square")) {
                parts++;
                for (double d : (List<Double>) part) {
                    sum += d;
                }
            }
            if (parts != 3) {
                throw new IllegalStateException("expected 3 parts, got " + parts);
            }
            return sum + work(10_000, 1);
        }
    }

    /** Always throws. */
    public static final class Boom implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            throw new IllegalStateException("boom: the model file is missing");
        }
    }

    /** Comes after Boom; never runs. */
    public static final class AfterBoom implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return "never";
        }
    }

    /** Returns something that cannot cross the object store. */
    public static final class NotSerializable implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return new Object();
        }
    }

    /** Fails every third call. */
    public static final class Flaky implements Handler {
        private int calls;

        @Override
        public synchronized Object handle(Invocation invocation) {
            if (++calls % 3 == 0) {
                throw new ArithmeticException("every third call fails");
            }
            return work(5_000, calls);
        }
    }

    /** Uses a parallel stream: with t pool threads it keeps t cores busy. */
    public static final class ParallelSum implements Handler {
        @Override
        public Object handle(Invocation invocation) {
            return LongStream.range(0, 64).parallel().mapToDouble(i -> work(20_000, i)).sum();
        }
    }

    /** Static initialization that a cold start pays. */
    public static final class SlowInit implements Handler {
        static final double TABLE = work(3_000_000, 7);

        @Override
        public Object handle(Invocation invocation) {
            return TABLE + work(1_000, 1);
        }
    }

    /** Not a handler at all. */
    public static final class NotAHandler {
    }

    /** Slower for its first calls in a class loader, faster with each (as a method the JIT compiles), then steady. */
    public static final class SlowStart implements Handler {
        private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public Object handle(Invocation invocation) throws Exception {
            Thread.sleep(Math.max(10, 70 - 5L * CALLS.incrementAndGet()));
            return invocation.branch();
        }
    }
}
