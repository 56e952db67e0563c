// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app;

import dev.dagfuse.app.internal.Checking;
import dev.dagfuse.app.internal.ClusterPlanning;
import dev.dagfuse.app.internal.ClusterRunning;
import dev.dagfuse.app.internal.Evaluating;
import dev.dagfuse.app.internal.Planning;
import dev.dagfuse.app.internal.Reporting;
import dev.dagfuse.app.internal.Running;

/**
 * The application's services. Each reads its files, models and plans, and returns data; the renderers of
 * {@link dev.dagfuse.app.render.Renderers} turn the data into text.
 */
public final class Services {

    private Services() {
    }

    public static PlanService plan() {
        return new Planning();
    }

    public static EvaluateService evaluate() {
        return new Evaluating();
    }

    public static ParetoService pareto() {
        return new Planning();
    }

    public static CompareService compare() {
        return new Planning();
    }

    public static CheckService check() {
        return new Checking();
    }

    public static ReportService report() {
        return new Reporting();
    }

    public static ClusterPlanService planCluster() {
        return new ClusterPlanning();
    }

    public static ClusterRunService runCluster() {
        return new ClusterRunning();
    }

    public static RunService run() {
        return new Running();
    }
}
