// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import java.util.Locale;

/**
 * Which of a predecessor's outputs each branch of a function reads ({@code reads:} in the workflow): all of them, the
 * one of the same branch, a contiguous partition, or a sliding window. Real workflows read part of a fan-out (in
 * Montage each {@code mDiffFit} reads 2 of the {@code mProject} outputs); reading all of them would make the model
 * move every output to every branch.
 *
 * <p>Consumer branch {@code j} of {@code m} reads, of the producer's {@code n} outputs:
 * <ul>
 *   <li>{@link Mode#ALL}: every output, in branch order (the default from one producer output, into one consumer
 *       invocation, and between different fan-outs);</li>
 *   <li>{@link Mode#ONE}: output {@code j} (the default between equal fan-outs);</li>
 *   <li>{@link Mode#PARTITION}: outputs {@code ⌊j·n/m⌋ .. ⌊(j+1)·n/m⌋ − 1}, the n outputs cut into m contiguous blocks
 *       that differ by at most one;</li>
 *   <li>{@link Mode#WINDOW}: outputs {@code j·stride .. j·stride + size − 1}.</li>
 * </ul>
 *
 * @param mode how the branches read
 * @param size for a window: how many outputs each branch reads (≥ 1); 0 otherwise
 * @param stride for a window: how far each branch's window starts after the previous one's (≥ 0); 0 otherwise
 * @param bytes how many bytes a branch reads of each output it reads, or {@code null}: the whole output (the
 *     producer's profiled {@code outputBytes})
 */
public record Reads(Mode mode, int size, int stride, Long bytes) {

    /** How a function's branches read a predecessor's outputs. */
    public enum Mode {
        ALL, ONE, PARTITION, WINDOW;

        /** The name in the workflow file, e.g. {@code window}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final Reads ALL = new Reads(Mode.ALL, 0, 0, null);
    public static final Reads ONE = new Reads(Mode.ONE, 0, 0, null);

    public Reads {
        if (mode == null) {
            throw new IllegalArgumentException("A reads needs a mode.");
        }
        if (mode == Mode.WINDOW ? size < 1 || stride < 0 : size != 0 || stride != 0) {
            throw new IllegalArgumentException("The size (" + size + ") and stride (" + stride + ") do not fit a "
                    + mode.yamlName() + " read: a window needs size ≥ 1 and stride ≥ 0, other modes neither.");
        }
        if (bytes != null && bytes < 0) {
            throw new IllegalArgumentException("The bytes (" + bytes + ") read of each output must be ≥ 0.");
        }
    }

    /** How a function reads a predecessor when the workflow does not say: output j by branch j between equal fan-outs, all otherwise. */
    public static Reads byDefault(int fromFanOut, int toFanOut) {
        return fromFanOut == toFanOut ? ONE : ALL;
    }

    /** How {@code consumer} reads {@code producer}: as its {@code reads:} says, else {@link #byDefault}. */
    public static Reads of(FunctionSpec producer, FunctionSpec consumer) {
        Reads declared = consumer.reads().get(producer.name());
        return declared != null ? declared : byDefault(producer.fanOut(), consumer.fanOut());
    }

    public static Reads window(int size, int stride) {
        return new Reads(Mode.WINDOW, size, stride, null);
    }

    public static Reads partition() {
        return new Reads(Mode.PARTITION, 0, 0, null);
    }

    /** The same read with {@code bytes} read of each output (null: the whole output). */
    public Reads withBytes(Long bytes) {
        return new Reads(mode, size, stride, bytes);
    }

    /**
     * Why this read does not fit a producer of {@code fromFanOut} outputs read by {@code toFanOut} branches, or
     * {@code null} when it does.
     */
    public String problem(int fromFanOut, int toFanOut) {
        return switch (mode) {
            case ALL -> null;
            case ONE -> fromFanOut == toFanOut || fromFanOut == 1 ? null
                    : "one (branch j reads output j) needs equal fan-outs, and the producer has " + fromFanOut
                            + " outputs for " + toFanOut + " branches. Maybe partition or window.";
            case PARTITION -> fromFanOut >= toFanOut ? null
                    : "partition needs at least as many outputs (" + fromFanOut + ") as branches (" + toFanOut
                            + "). Maybe window with a stride of 0, or all.";
            case WINDOW -> {
                long last = (long) (toFanOut - 1) * stride + size;
                yield last <= fromFanOut ? null
                        : "the window of the last branch ends at output " + (last - 1) + " ((" + toFanOut + " − 1) × stride "
                                + stride + " + size " + size + " − 1), past the producer's last output (" + (fromFanOut - 1)
                                + "). Maybe a smaller size or stride.";
            }
        };
    }

    /** The first output branch {@code j} reads (outputs {@code first(j) .. end(j) − 1}: every mode reads a range). */
    public int first(int fromFanOut, int toFanOut, int j) {
        return switch (mode) {
            case ALL -> 0;
            case ONE -> fromFanOut == 1 ? 0 : j;
            case PARTITION -> (int) ((long) j * fromFanOut / toFanOut);
            case WINDOW -> j * stride;
        };
    }

    /** One past the last output branch {@code j} reads. */
    public int end(int fromFanOut, int toFanOut, int j) {
        return switch (mode) {
            case ALL -> fromFanOut;
            case ONE -> fromFanOut == 1 ? 1 : j + 1;
            case PARTITION -> (int) ((long) (j + 1) * fromFanOut / toFanOut);
            case WINDOW -> j * stride + size;
        };
    }

    /**
     * How many distinct outputs branches {@code from .. from + count − 1} read together (what one invocation holding
     * them fetches: an output two of its branches read is fetched once).
     */
    public int distinctOutputs(int fromFanOut, int toFanOut, int from, int count) {
        if (count <= 0) {
            return 0;
        }
        if (mode == Mode.WINDOW && stride > size) {
            return count * size; // the windows leave gaps and never overlap
        }
        // every other mode reads ranges that start and end in non-decreasing order, without gaps between them
        return end(fromFanOut, toFanOut, from + count - 1) - first(fromFanOut, toFanOut, from);
    }

    /**
     * Whether each branch reads exactly the output of its own index, one output each: what fusing the two functions
     * needs (an invocation can hand its own output on in memory).
     */
    public boolean isIdentity(int fromFanOut, int toFanOut) {
        if (fromFanOut != toFanOut) {
            return fromFanOut == 1 && toFanOut == 1;
        }
        return switch (mode) {
            case ALL -> fromFanOut == 1;
            case ONE, PARTITION -> true;
            case WINDOW -> size == 1 && stride == 1;
        };
    }

    /** As the workflow file would say it, e.g. {@code window 2, stride 1} or {@code all}. */
    public String text() {
        String s = mode == Mode.WINDOW ? "window " + size + ", stride " + stride : mode.yamlName();
        return bytes == null ? s : s + ", " + bytes + " B each";
    }
}
