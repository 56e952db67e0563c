// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.profiler.internal;

import dev.dagfuse.model.handler.OutputSerialization;
import dev.dagfuse.model.io.TempFiles;
import dev.dagfuse.model.stats.Quantiles;
import org.apache.commons.math3.stat.regression.SimpleRegression;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures what the local platform's model calls the store and hand-off costs (docs/model.md, "local"):
 * one store operation = serialize + write an object to a file (temporary file, then an atomic move, as the
 * executor's local store does), or read + deserialize it, fitted as a + bytes / throughput by least squares over
 * real outputs of the workflow and a few byte arrays; the hand-off = a thread pool's submit-to-result round trip of
 * an empty task. The results go into the profile's {@code machine:} map under the keys the model reads.
 */
public final class StoreProbe {

    public static final String LATENCY_KEY = "localStoreLatencyMs";
    public static final String THROUGHPUT_KEY = "localStoreBytesPerSecond";
    public static final String OVERHEAD_KEY = "localInvokeOverheadMs";

    private static final int REPEATS = 5;
    private static final int HANDOFFS = 2_000;

    private StoreProbe() {
    }

    /** The machine entries; objects are the workflow's real outputs (any Serializable values). */
    public static Map<String, String> measure(List<Object> objects) {
        Map<String, String> m = new LinkedHashMap<>();
        List<Object> all = new ArrayList<>(objects);
        all.add(new byte[1_000]);
        all.add(new byte[256_000]);
        all.add(new byte[2_000_000]);
        Path dir = null;
        try {
            // deleted at exit even when the probe is cut short (Ctrl-C): it holds copies of every output
            dir = TempFiles.createDirectory("dagfuse-store-probe");
            SimpleRegression fit = new SimpleRegression(true);
            long smallest = Long.MAX_VALUE;
            long largest = 0;
            for (int i = 0; i < all.size(); i++) {
                double[] put = new double[REPEATS];
                double[] get = new double[REPEATS];
                long bytes = 0;
                for (int r = 0; r < REPEATS + 1; r++) { // the first round warms up
                    Path target = dir.resolve("object-" + i);
                    long t0 = System.nanoTime();
                    byte[] data = OutputSerialization.serialize(all.get(i));
                    Path tmp = dir.resolve(".object-" + i + "." + r + ".tmp");
                    Files.write(tmp, data);
                    try {
                        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    long t1 = System.nanoTime();
                    OutputSerialization.deserialize(Files.readAllBytes(target), StoreProbe.class.getClassLoader());
                    long t2 = System.nanoTime();
                    if (r > 0) {
                        put[r - 1] = (t1 - t0) / 1e6;
                        get[r - 1] = (t2 - t1) / 1e6;
                    }
                    bytes = data.length;
                }
                fit.addData(bytes, Quantiles.percentile(put, 50));
                fit.addData(bytes, Quantiles.percentile(get, 50));
                smallest = Math.min(smallest, bytes);
                largest = Math.max(largest, bytes);
            }
            double slope = fit.getSlope();
            double intercept = Math.max(0, fit.getIntercept());
            m.put(LATENCY_KEY, String.format(Locale.ROOT, "%.4f", intercept));
            if (slope > 0) {
                m.put(THROUGHPUT_KEY, String.valueOf(Math.round(1000 / slope)));
            }
            m.put("localStore", String.format(Locale.ROOT, "serialize+write (temp file, atomic move) and read+deserialize"
                    + " in %s, %d objects of %d B..%d B, median of %d, fitted a + bytes/throughput",
                    dir.getParent(), all.size(), smallest, largest, REPEATS));
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            m.put("localStore", "not measured: " + e);
        } finally {
            TempFiles.delete(dir);
        }
        m.put(OVERHEAD_KEY, String.format(Locale.ROOT, "%.4f", handOffMs()));
        m.put("localInvokeOverhead", "median submit-to-result round trip of an empty task on a thread pool");
        return m;
    }

    private static double handOffMs() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            double[] ms = new double[HANDOFFS];
            for (int i = -HANDOFFS; i < HANDOFFS; i++) { // the first half warms up
                long t0 = System.nanoTime();
                pool.submit(() -> null).get();
                long t1 = System.nanoTime();
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
            return Quantiles.percentile(ms, 50);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Double.NaN;
        } finally {
            pool.shutdownNow();
        }
    }
}
