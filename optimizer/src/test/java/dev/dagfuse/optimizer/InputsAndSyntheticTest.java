// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.optimizer;

import dev.dagfuse.model.platform.AwsLambdaPlatform;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.stats.Quantiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.dagfuse.optimizer.Fixtures.fn;
import static dev.dagfuse.optimizer.Fixtures.profile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InputsAndSyntheticTest {

    private static final Path RESOURCES = Path.of("src/test/resources/inputs");

    @TempDir
    Path tmp;

    @Test
    void profileBesideTheWorkflowOverridesAndCompletesInlineProfiles() {
        Inputs.Loaded in = Inputs.loadForModel(RESOURCES.resolve("beside/workflow.yaml"), null);
        assertThat(in.profileFile()).hasFileName("profile.yaml");
        assertThat(in.profile().function("a").measuredSizes()).containsExactly(1024);
        assertThat(in.profile().function("b").measuredSizes()).containsExactly(1769);
        assertThat(in.profile().source()).isEqualTo("inline+local-jvm");
    }

    @Test
    void anExplicitProfileWins() {
        Inputs.Loaded in = Inputs.loadForModel(RESOURCES.resolve("beside/workflow.yaml"),
                RESOURCES.resolve("beside/other-profile.yaml"));
        assertThat(in.profile().function("a").measuredSizes()).containsExactly(2048);
        assertThat(in.profile().function("b").measuredSizes()).containsExactly(2048);
    }

    @Test
    void inlineProfilesAloneMustCoverEveryFunction() {
        Path wf = RESOURCES.resolve("inline/workflow.yaml");
        Inputs.Loaded loaded = Inputs.load(wf, null);
        assertThat(loaded.profileFile()).isNull();
        assertThat(loaded.profile().functions()).containsOnlyKeys("a");
        assertThatThrownBy(() -> Inputs.loadForModel(wf, null)).isInstanceOf(InputException.class)
                .hasMessageContaining("functions.b").hasMessageContaining("The function (b) has no profile")
                .hasMessageContaining("dagfuse profile");
    }

    @Test
    void aTaskStateIsEnteredAfterTheDefaultStateHandOffLognormalWithMedian150Ms() {
        Workflow w = Fixtures.workflow(AwsLambdaPlatform.defaults(), fn("a", 1));
        PlanEvaluator model = Models.monteCarlo(w, Fixtures.profiles(Map.of("a", profile(10, 1, Map.of(1024,
                List.of(100.0))))), ModelOptions.defaults());
        double[] draws = model.latencyDraws(Plans.asDeployed(w));
        assertThat(Quantiles.percentile(draws, 50)).isCloseTo(250, within(1.0));
        assertThat(Quantiles.percentile(draws, 95)).isCloseTo(100 + 150 * Math.exp(1.6449 * 0.35), within(3.0));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void syntheticWorkflowsAreValidDeterministicAndVaried(long seed) {
        Synthetic.Generated g = Synthetic.generate(40, 12, seed);
        assertThat(Synthetic.generate(40, 12, seed)).isEqualTo(g);
        Path wf = tmp.resolve("workflow.yaml");
        Path pf = tmp.resolve("profile.yaml");
        ModelFiles.writeAtomically(wf, g.workflowYaml());
        ModelFiles.writeProfile(g.profile(), pf);
        Workflow w = ModelFiles.readWorkflow(wf);
        Profile p = ModelFiles.readProfile(pf, w);
        assertThat(p.source()).isEqualTo("synthetic");
        assertThat(w.functions()).hasSize(40);
        assertThat(w.functions().values()).anyMatch(f -> f.fanOut() > 1).anyMatch(f -> f.after().size() > 1)
                .allMatch(f -> f.fanOut() <= 12);
        // some fusible chains
        assertThat(w.edges()).anyMatch(e -> dev.dagfuse.model.io.PlanValidator.isFusible(w, e.from(), e.to()));
        // the as-deployed plan is feasible and evaluates
        Evaluation e = Models.monteCarlo(w, p, new ModelOptions(500, 1, List.of(95.0))).evaluate(Plans.asDeployed(w));
        // no group below its memory needs (the other warnings are about the inputs: barriers of a DAG that is not
        // series-parallel, one-size profiles run at another CPU)
        assertThat(e.warnings()).noneMatch(warning -> warning.startsWith("The group ("));
        assertThat(e.predicted().percentileMs(95)).isPositive();
    }
}
