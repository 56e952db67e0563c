// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.chatbot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.dagfuse.handler.Invocation;
import dev.dagfuse.samples.Samples;
import dev.dagfuse.samples.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatbotTest {

    /** 7 intents over 3 branches: branch 0 fits intents 0, 3 and 6. */
    static final ChatRequest SMALL = new ChatRequest(3, 7, 150, 0.2);

    static Samples.Run small;
    static Samples.Run full;

    @BeforeAll
    static void run() throws Exception {
        small = Samples.run(Samples.steps("chatbot", 3), SMALL);
        full = Samples.run(Samples.steps("chatbot"), 11);
    }

    @Test
    void utterancesAreNoisyButFeaturisedToUnitRows() {
        SplittableRandom random = new SplittableRandom(1);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            texts.add(Corpus.utterance(Corpus.INTENTS.get(i % Corpus.INTENTS.size()), random));
        }
        assertThat(texts).doesNotContainNull().allSatisfy(t -> assertThat(t).isNotBlank().doesNotContain("{"));
        SparseRows rows = Corpus.featurise(texts, 1 << 10);
        assertThat(rows.rows()).isEqualTo(50);
        for (int r = 0; r < rows.rows(); r++) {
            double norm = 0;
            for (int e = rows.offsets()[r]; e < rows.offsets()[r + 1]; e++) {
                norm += rows.value()[e] * rows.value()[e];
                if (e > rows.offsets()[r]) {
                    assertThat(rows.index()[e]).isGreaterThan(rows.index()[e - 1]);
                }
            }
            assertThat(norm).isCloseTo(1, within(1e-5));
        }
    }

    @Test
    void smallFanOutSpreadsTheIntentsOverTheBranches() {
        List<Object> models = small.outputs().get("train");
        assertThat(models).hasSize(3);
        assertThat(((IntentModels) models.get(0)).intents()).containsExactly(0, 3, 6);
        assertThat(((IntentModels) models.get(1)).intents()).containsExactly(1, 4);
        assertThat(((IntentModels) models.get(2)).intents()).containsExactly(2, 5);
        ChatReport report = (ChatReport) small.output("merge");
        assertThat(report.intents()).hasSize(7);
        assertThat(report.heldOutRows()).isEqualTo(7 * 30);
        assertThat(Arrays.stream(report.predictedCounts()).sum()).isEqualTo(7 * 30);
        assertThat(report.accuracy()).isGreaterThan(0.7); // chance is 1/7
    }

    @Test
    void fullFanOutClassifiesTheHeldOutUtterances() {
        IntentShards shards = (IntentShards) full.output("split");
        assertThat(shards.train()).hasSize(10).allSatisfy(s -> assertThat(s.rows()).isEqualTo(800));
        assertThat(shards.heldOut()).hasSize(10).allSatisfy(s -> assertThat(s.rows()).isEqualTo(200));
        ChatReport report = (ChatReport) full.output("merge");
        assertThat(report.heldOutRows()).isEqualTo(2000);
        assertThat(Arrays.stream(report.predictedCounts()).sum()).isEqualTo(2000);
        assertThat(Arrays.stream(report.confusion()).flatMapToInt(Arrays::stream).sum()).isEqualTo(2000);
        for (int[] row : report.confusion()) {
            assertThat(Arrays.stream(row).sum()).isEqualTo(200);
        }
        assertThat(report.accuracy()).isGreaterThan(0.9); // chance is 0.1
        assertThat(report.macroF1()).isGreaterThan(0.9);
        assertThat(report.ciLow()).isLessThanOrEqualTo(report.accuracy());
        assertThat(report.ciHigh()).isGreaterThanOrEqualTo(report.accuracy());
    }

    @Test
    void everyOutputSurvivesSerialization() {
        Serialization.assertAllRoundTrip(small);
        Serialization.assertAllRoundTrip(full);
    }

    @Test
    void sameSeedSameOutputs() throws Exception {
        Serialization.assertSameOutputs(small, Samples.run(Samples.steps("chatbot", 3), SMALL));
        Samples.Run otherSeed = Samples.run(Samples.steps("chatbot", 3), new ChatRequest(4, 7, 150, 0.2));
        assertThat(Serialization.bytes(otherSeed.output("split"))).isNotEqualTo(Serialization.bytes(small.output("split")));
    }

    @Test
    void mergeRequiresTheBranchesInOrderAndEveryIntentOnce() {
        List<Object> shuffled = new ArrayList<>(small.outputs().get("train"));
        Collections.swap(shuffled, 1, 2);
        assertThatThrownBy(() -> new Merge().handle(new Invocation("merge", 0, 1, Map.of("train", shuffled), SMALL)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of order");
        List<Object> doubled = new ArrayList<>(small.outputs().get("train"));
        IntentModels first = (IntentModels) doubled.get(0);
        doubled.set(1, new IntentModels(1, first.intents(), first.weights(), first.bias(), first.heldOut()));
        assertThatThrownBy(() -> new Merge().handle(new Invocation("merge", 0, 1, Map.of("train", doubled), SMALL)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exactly once");
    }
}
