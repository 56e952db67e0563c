// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Small helpers for writing SVG and HTML text. */
final class Svg {

    private Svg() {
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A coordinate: one decimal, no locale. */
    static String n(double value) {
        String s = String.format(Locale.ROOT, "%.1f", value);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** About {@code count} + 1 round tick values (1, 2, 2.5 or 5 × 10^k apart) from at most min to at least max. */
    static List<Double> ticks(double min, double max, int count) {
        List<Double> out = new ArrayList<>();
        if (!(max > min)) {
            out.add(min);
            return out;
        }
        double raw = (max - min) / Math.max(1, count);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        double best = Double.MAX_VALUE;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            double intervals = (max - min) / (m * magnitude);
            if (Math.abs(intervals - count) < best) {
                best = Math.abs(intervals - count);
                step = m * magnitude;
            }
        }
        // k × step in decimal, so that 3 × 0.2 is 0.6 and not 0.6000000000000001
        java.math.BigDecimal decimalStep = java.math.BigDecimal.valueOf(step);
        long k = (long) Math.floor(min / step + 1e-9);
        do {
            out.add(java.math.BigDecimal.valueOf(k).multiply(decimalStep).doubleValue());
            k++;
        } while (out.get(out.size() - 1) < max - step * 1e-9);
        return out;
    }
}
