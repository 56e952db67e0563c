// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

/** Range checks of numeric options, worded alike: "The --samples (2000000000) must be within 1..1000000. Maybe 10000." */
final class Bounds {

    private Bounds() {
    }

    /** Checks {@code value} (null: not given) against {@code min..max}; a usage error otherwise. */
    static void check(String option, Number value, long min, long max, String maybe) {
        if (value != null && (value.longValue() < min || value.longValue() > max)) {
            throw new UserException(ExitCodes.USAGE, "The " + option + " (" + value + ") must be within " + min + ".."
                    + max + "." + (maybe == null ? "" : " Maybe " + maybe + "."));
        }
    }
}
