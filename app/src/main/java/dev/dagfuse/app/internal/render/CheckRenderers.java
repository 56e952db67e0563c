// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal.render;

import dev.dagfuse.app.CheckService;
import dev.dagfuse.app.render.Format;
import dev.dagfuse.check.CheckResult;
import dev.dagfuse.check.Snapshot;

import java.util.Map;

/** The check's outputs: the result in each format, and the line about a baseline written. */
public final class CheckRenderers {

    private CheckRenderers() {
    }

    public static String render(Format format, CheckResult result) {
        return switch (format) {
            case TEXT -> CheckText.render(result);
            case MARKDOWN -> CheckMarkdown.render(result);
            case JSON -> CheckJson.render(result);
            case JUNIT -> CheckJunit.render(result);
            default -> throw new IllegalArgumentException("The format (" + format.id() + ") is not one of a check's.");
        };
    }

    /** "wrote FILE: plan of 3 groups (split 768 MB, …), P50 2.88s, …, $231.09 per 1M requests". */
    public static String written(CheckService.Written written) {
        Snapshot s = written.snapshot();
        StringBuilder line = new StringBuilder("wrote " + written.file() + ": plan of " + s.plan().groups().size()
                + " groups (" + String.join(", ", s.plan().groups().stream().map(g -> g.id() + " " + g.memoryMB() + " MB")
                .toList()) + ")");
        for (Map.Entry<Double, Double> e : s.predicted().latencyMs().entrySet()) {
            line.append(", ").append(Units.percentile(e.getKey())).append(' ').append(Units.msOrNone(e.getValue()));
        }
        return line.append(", ").append(Units.cost(written.costUnit(), s.predicted().costPerMillionUsd()))
                .append(" per 1M requests").toString();
    }
}
