// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Load;
import dev.dagfuse.model.Objective;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.platform.AwsLambdaPlatform;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.lognormal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Issue 15: hourly patterns (docs/model.md, "Hourly patterns"). */
class HourlyPatternTest {

    private static Profile profile() {
        return Fixtures.profiles(Map.of("f", new FunctionProfile(1000, 0, 1, List.of(1500.0),
                Map.of(128, lognormal(1, 50, 800, 0.05), 1769, lognormal(2, 50, 800, 0.05)))));
    }

    private static List<Double> pattern(double night, double day) {
        List<Double> rates = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            rates.add(h < 8 ? night : h < 9 ? 0.0 : day);
        }
        return rates;
    }

    private static Workflow workflow(List<Double> hourly) {
        return Fixtures.workflow(AwsLambdaPlatform.defaults(), fn("f", 1)).withLoad(Load.hourly(hourly));
    }

    private static Evaluation steady(Plan plan, double rate) {
        Workflow w = Fixtures.workflow(AwsLambdaPlatform.defaults(), fn("f", 1));
        return Models.monteCarlo(w, profile(), ModelOptions.defaults().withRate(rate)).evaluate(plan);
    }

    /**
     * One function waiting 800 ms on I/O with a 1.5 s init, 8 night hours at 0.01/s, one hour without requests, 15 day
     * hours at 0.025/s. Against the 10-minute keep-alive the day is colder than the night (1.4% of the invocations
     * against 1.0%: where arrivals seldom overlap, more of them find the one environment busy), so at P98.5 the busy
     * hours bind: 2.4 s, the night 1.2 s.
     */
    private static final List<Double> PATTERN = pattern(0.01, 0.025);

    @Test
    void thePeakHourBindsAndTheDaysCostIsTheSumOverTheHours() {
        Objective p985 = new Objective.Latency(98.5, 1500);
        Plan plan = new Plan("test", p985, List.of(PlanGroup.of(List.of("f"), 512, 1, 1)), null, null);
        Evaluation day = Models.monteCarlo(workflow(PATTERN), profile(), ModelOptions.defaults()).evaluate(plan);
        Evaluation night = steady(plan, 0.01);
        Evaluation busy = steady(plan, 0.025);
        assertThat(day.hours()).isNotNull();
        assertThat(day.hours().bindingRate()).isEqualTo(0.025);
        assertThat(day.hours().bindingHours()).hasSize(15).startsWith(9).endsWith(23);
        // the binding hour's latency, exactly as a steady evaluation at its rate has it
        assertThat(day.predicted().latencyMs()).isEqualTo(busy.predicted().latencyMs());
        assertThat(day.hours().byRate()).containsEntry(0.01, night.predicted().percentileMs(98.5))
                .containsEntry(0.025, busy.predicted().percentileMs(98.5)).hasSize(2);
        assertThat(busy.predicted().percentileMs(98.5)).isGreaterThan(1500);
        assertThat(night.predicted().percentileMs(98.5)).isLessThan(1500);
        // the day's cost by hand: each hour's requests at that hour's cost per request
        double byHand = 0;
        double requests = 0;
        for (double r : PATTERN) {
            byHand += 3600 * r * (r == 0 ? 0 : steady(plan, r).predicted().meanCostUsd());
            requests += 3600 * r;
        }
        assertThat(day.hours().dayCostUsd()).isCloseTo(byHand, within(1e-12 * byHand));
        assertThat(day.predicted().meanCostUsd()).isCloseTo(byHand / requests, within(1e-12 * byHand / requests));
    }

    @Test
    void thePlannersMeetTheTargetInEveryHourAndAProvisionedPlansDayCostKeepsItsEnvironments24Hours() {
        Objective p985 = new Objective.Latency(98.5, 1500);
        Workflow w = workflow(PATTERN);
        PlanEvaluator model = Models.monteCarlo(w, profile(), ModelOptions.defaults());
        List<Plan> plans = new ArrayList<>();
        for (String planner : List.of("exhaustive", "cp-sat")) {
            PlanResult r = Planners.byName(planner).plan(w, model, PlanRequest.of(p985));
            assertThat(r).as(planner).isInstanceOf(PlanResult.Planned.class);
            plans.add(((PlanResult.Planned) r).plan());
        }
        assertThat(plans.get(1).groups()).isEqualTo(plans.get(0).groups());
        Plan plan = plans.get(0);
        // on demand the busy hours miss P98.5 ≤ 1.5 s at any size: the plan provisions an environment for the day
        PlanGroup g = plan.groups().get(0);
        assertThat(g.provisioned()).isNotNull();
        Evaluation day = model.evaluate(plan);
        for (double r : List.of(0.01, 0.025)) {
            assertThat(steady(plan, r).predicted().percentileMs(98.5)).as("at %s/s", r).isLessThanOrEqualTo(1500);
        }
        // by hand: each hour's requests at its cost without the keep, and the environments kept 24 hours
        double keepPerSecond = g.provisioned() * g.memoryMB() / 1024.0 * AwsLambdaPlatform.PROVISIONED_GB_SECOND_X86_64;
        double byHand = keepPerSecond * 86_400;
        for (double r : PATTERN) {
            if (r > 0) {
                Evaluation e = steady(plan, r);
                byHand += 3600 * r * (e.predicted().meanCostUsd() - e.groups().get(0).provisioned().keepCostUsd());
            }
        }
        assertThat(day.hours().dayCostUsd()).isCloseTo(byHand, within(1e-9 * byHand));
        assertThat(day.groups().get(0).provisioned().keepCostUsd())
                .isCloseTo(keepPerSecond / (PATTERN.stream().mapToDouble(Double::doubleValue).sum() / 24), within(1e-15));
    }

    @Test
    void aGivenRateWinsOverThePatternAndWithoutEitherNothingChanges() {
        Plan plan = new Plan("test", null, List.of(PlanGroup.of(List.of("f"), 512, 1, 1)), null, null);
        Evaluation given = Models.monteCarlo(workflow(PATTERN), profile(), ModelOptions.defaults().withRate(0.025))
                .evaluate(plan);
        assertThat(given.hours()).isNull();
        assertThat(given.predicted()).isEqualTo(steady(plan, 0.025).predicted());
    }
}
