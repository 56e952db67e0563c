// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.app.internal;

import dev.dagfuse.app.EvaluateService;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.optimizer.Inputs;

/** Evaluate: load, read the plan, model it as drawn (the request's draws, else the plan file's). */
public final class Evaluating implements EvaluateService {

    @Override
    public Result evaluate(Request request) {
        Inputs.Loaded in = Inputs.loadForModel(request.workflowFile(), request.profileFile());
        Plan plan = ModelFiles.readPlan(request.planFile(), in.workflow());
        Session session = new Session(in, Session.drawn(request.draws(), plan));
        try {
            return new Result(session.context(), session.evaluate(plan));
        } catch (InputException e) {
            throw e.withFile(request.planFile().toString());
        }
    }
}
