// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.RequestException;
import dev.dagfuse.app.RunService;
import dev.dagfuse.executor.Load;
import dev.dagfuse.executor.LocalExecutor;
import dev.dagfuse.executor.RunOptions;
import dev.dagfuse.executor.RunReport;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Predicted;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.platform.LocalPlatform;
import dev.dagfuse.optimizer.Inputs;
import dev.dagfuse.optimizer.ModelOptions;
import dev.dagfuse.optimizer.Models;
import dev.dagfuse.optimizer.Plans;

import java.util.ArrayList;
import java.util.List;

/** Run: read the workflow and plan, run it on this machine, predict it for the machine it ran on. */
public final class Running implements RunService {

    @Override
    public Prepared prepare(Request request) {
        // a run needs no profile; one is used for the prediction when there is one
        Inputs.Loaded loaded = Inputs.load(request.workflowFile(), request.profileFile());
        Workflow workflow = loaded.workflow();
        Plan plan = request.planFile() == null ? Plans.asDeployed(workflow) : ModelFiles.readPlan(request.planFile(), workflow);
        return new PreparedRun(loaded, plan);
    }

    private static final class PreparedRun implements Prepared {
        private final Inputs.Loaded loaded;
        private final Plan plan;
        private final LocalExecutor executor = new LocalExecutor();

        PreparedRun(Inputs.Loaded loaded, Plan plan) {
            this.loaded = loaded;
            this.plan = plan;
        }

        @Override
        public Workflow workflow() {
            return loaded.workflow();
        }

        @Override
        public Plan plan() {
            return plan;
        }

        @Override
        public void stop() {
            executor.stop();
        }

        @Override
        public Result run(RunOptions options) {
            int cores = LocalExecutor.coresFor(loaded.workflow(), options);
            RunReport report;
            try {
                report = executor.run(loaded.workflow(), plan, options);
            } catch (InputException e) {
                // handler classes and inputs are the workflow's: name its file, not nothing
                throw e.withFile(loaded.workflowFile().toString());
            }
            List<String> notes = new ArrayList<>();
            report = withPrediction(report, cores, notes);
            if (report.predicted() != null && !(options.load() instanceof Load.ClosedLoop c && c.concurrency() == 1)) {
                notes.add("note: the model predicts one request at a time; this run had " + options.load().describe()
                        + ", so queueing between requests is not in the prediction.");
            }
            return new Result(report, notes);
        }

        /**
         * The model's prediction for the machine the run used: the local platform with the run's cores (a workflow
         * planned for Lambda is evaluated as if it were local, since that is where it ran).
         */
        private RunReport withPrediction(RunReport report, int cores, List<String> notes) {
            Workflow w = loaded.workflow();
            Workflow asRun = new Workflow(w.name(), w.description(), w.objective(), LocalPlatform.forRun(w.platform(), cores),
                    w.functions(), w.sampleInput());
            try {
                Inputs.requireProfiles(asRun, loaded.profile(),
                        loaded.profileFile() == null ? null : loaded.profileFile().toString());
            } catch (InputException e) {
                if (plan.predicted() != null && hasPercentiles(plan.predicted())) {
                    return report.withPredicted(latency(plan.predicted()),
                            "the plan file's predicted block (no profile to re-evaluate it)");
                }
                notes.add("no prediction: " + e.errors().get(0).message());
                return report;
            }
            try {
                Session.checkMemory(asRun, ModelOptions.DEFAULT_SAMPLES);
            } catch (RequestException e) {
                notes.add("no prediction: " + e.getMessage());
                return report;
            }
            // Step Functions' orchestration, Map forms and architectures do not exist where it ran
            Predicted predicted = Models.monteCarlo(asRun, loaded.profile(), ModelOptions.defaults())
                    .evaluate(plan.withPlatformDefaults()).predicted();
            String source = "Monte Carlo model, local platform with " + cores + " cores, profile "
                    + (loaded.profileFile() == null ? "inline in the workflow" : loaded.profileFile().toString())
                    + ", " + ModelOptions.DEFAULT_SAMPLES + " draws, one request at a time";
            return report.withPredicted(latency(predicted), source);
        }

        private static boolean hasPercentiles(Predicted p) {
            return p.latencyMs().keySet().containsAll(List.of(50.0, 95.0, 99.0));
        }

        private static RunReport.Latency latency(Predicted p) {
            return RunReport.Latency.of(p.percentileMs(50), p.percentileMs(95), p.percentileMs(99));
        }
    }
}
