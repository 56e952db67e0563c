// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.internal.spec;

import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.internal.Problems;

import java.util.Locale;

/**
 * Checks of the free-text values of the formats (names, descriptions): they end up in terminals, CI logs, JUnit XML and
 * HTML, so a control character (an escape sequence, a NUL that XML cannot hold, a right-to-left override) is refused
 * where it is read, with its position.
 */
final class Texts {

    private Texts() {
    }

    /** A name: no control or format character, at most {@link Ranges#MAX_NAME_LENGTH} characters. */
    static void checkName(String path, String what, String value, Problems problems) {
        int bad = firstBad(value, false);
        if (bad >= 0) {
            problems.add(path, "The " + what + " (" + shown(value) + ") holds a control character ("
                    + codePoint(value, bad) + " at position " + (bad + 1) + "); it would reach terminals, CI logs and "
                    + "JUnit XML. Remove it.");
        } else if (value.length() > Ranges.MAX_NAME_LENGTH) {
            problems.add(path, "The " + what + " (" + shown(value) + ") has " + value.length() + " characters; at most "
                    + Ranges.MAX_NAME_LENGTH + ". Maybe a shorter name.");
        }
    }

    /** A text such as a description: lines and tabs, but no other control character and no bidirectional override. */
    static void checkText(String path, String what, String value, Problems problems) {
        int bad = firstBad(value, true);
        if (bad >= 0) {
            problems.add(path, "The " + what + " holds a control character (" + codePoint(value, bad) + " at position "
                    + (bad + 1) + "); it would reach terminals and CI logs. Remove it.");
        }
    }

    /** A value as a message shows it: control characters escaped, at most 40 characters. */
    static String shown(String value) {
        StringBuilder s = new StringBuilder();
        value.codePoints().forEach(cp -> {
            if (isControl(cp)) {
                s.append(String.format(Locale.ROOT, "\\u%04X", cp));
            } else {
                s.appendCodePoint(cp);
            }
        });
        return s.length() <= 40 ? s.toString() : s.substring(0, 30) + "…(" + value.length() + " characters)";
    }

    private static int firstBad(String value, boolean text) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                return i; // half a pair: not text
            }
            if (text && (c == '\n' || c == '\t' || c == '\r')) {
                continue;
            }
            int type = Character.getType(c);
            boolean bidi = (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
            if (type == Character.CONTROL || bidi || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR || !text && type == Character.FORMAT) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    private static String codePoint(String value, int index) {
        return String.format(Locale.ROOT, "U+%04X", (int) value.charAt(index));
    }
}
