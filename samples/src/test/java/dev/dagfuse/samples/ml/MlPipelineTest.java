// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.ml;

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

class MlPipelineTest {

    static final MlRequest SMALL = new MlRequest(3, 3000, 48, 4, 6, 10, 0.2);

    static Samples.Run small;
    static Samples.Run full;

    @BeforeAll
    static void run() throws Exception {
        small = Samples.run(Samples.steps("ml-pipeline", 3), SMALL);
        full = Samples.run(Samples.steps("ml-pipeline"), 11);
    }

    @Test
    void jacobiDecomposesASymmetricMatrix() {
        int n = 12;
        SplittableRandom random = new SplittableRandom(1);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                a[i][j] = a[j][i] = random.nextGaussian();
            }
        }
        double[][] copy = Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
        double[][] vectors = new double[n][n];
        double[] values = Pca.jacobi(copy, vectors);
        for (int k = 0; k < n; k++) {
            double norm = 0;
            for (int i = 0; i < n; i++) {
                double av = 0;
                for (int j = 0; j < n; j++) {
                    av += a[i][j] * vectors[j][k];
                }
                assertThat(av).isCloseTo(values[k] * vectors[i][k], within(1e-9));
                norm += vectors[i][k] * vectors[i][k];
            }
            assertThat(norm).isCloseTo(1, within(1e-9));
        }
    }

    @Test
    void pcaKeepsTheLeadingWhitenedComponents() {
        Projected projected = (Projected) full.output("pca");
        assertThat(projected.components()).isEqualTo(16);
        assertThat(projected.trainY()).hasSize(9600);
        assertThat(projected.heldOutY()).hasSize(2400);
        assertThat(projected.trainX()).hasSize(9600 * 16);
        double[] explained = projected.explainedVariance();
        for (int m = 1; m < explained.length; m++) {
            assertThat(explained[m]).isLessThanOrEqualTo(explained[m - 1]);
        }
        // 8 latent and 3 nuisance directions carry most of the variance; the rest is isotropic noise.
        assertThat(Arrays.stream(explained).limit(11).sum()).isGreaterThan(0.8);
        assertThat(explained[10]).isGreaterThan(5 * explained[11]);
        // Whitened: every component has unit variance over the training rows.
        for (int m = 0; m < 16; m++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < 9600; i++) {
                double v = projected.trainX()[i * 16 + m];
                sum += v;
                squares += v * v;
            }
            assertThat(squares / 9600 - (sum / 9600) * (sum / 9600)).isCloseTo(1, within(1e-3));
        }
    }

    @Test
    void theEnsembleBeatsChanceOnEveryHeldOutRow() {
        MlReport report = (MlReport) full.output("combine");
        assertThat(report.members()).isEqualTo(8);
        assertThat(report.heldOutRows()).isEqualTo(2400);
        assertThat(report.votingAccuracy()).isGreaterThan(0.5); // chance is 0.2
        assertThat(report.averagedAccuracy()).isGreaterThan(0.5);
        assertThat(report.memberAccuracy()).hasSize(8);
        assertThat(Arrays.stream(report.memberAccuracy()).min().orElseThrow()).isGreaterThan(0.4);
        assertThat(report.ciLow()).isLessThanOrEqualTo(report.votingAccuracy());
        assertThat(report.ciHigh()).isGreaterThanOrEqualTo(report.votingAccuracy());
        assertThat(Arrays.stream(report.confusion()).flatMapToInt(Arrays::stream).sum()).isEqualTo(2400);
        int rows = 0;
        for (Object o : full.outputs().get("train")) {
            rows += ((TrainedModel) o).rows();
        }
        assertThat(rows).isEqualTo(9600);

        MlReport smallReport = (MlReport) small.output("combine");
        assertThat(smallReport.members()).isEqualTo(3);
        assertThat(smallReport.heldOutRows()).isEqualTo(600);
        assertThat(smallReport.votingAccuracy()).isGreaterThan(0.5); // chance is 0.25
    }

    @Test
    void everyOutputSurvivesSerialization() {
        Serialization.assertAllRoundTrip(small);
        Serialization.assertAllRoundTrip(full);
    }

    @Test
    void sameSeedSameOutputs() throws Exception {
        Serialization.assertSameOutputs(small, Samples.run(Samples.steps("ml-pipeline", 3), SMALL));
        Samples.Run otherSeed = Samples.run(Samples.steps("ml-pipeline", 3), new MlRequest(4, 3000, 48, 4, 6, 10, 0.2));
        assertThat(Serialization.bytes(otherSeed.output("pca"))).isNotEqualTo(Serialization.bytes(small.output("pca")));
    }

    @Test
    void combineRequiresTheBranchesInOrder() {
        List<Object> shuffled = new ArrayList<>(small.outputs().get("train"));
        Collections.swap(shuffled, 0, 1);
        Invocation invocation = new Invocation("combine", 0, 1, Map.of("train", shuffled), SMALL);
        assertThatThrownBy(() -> new Combine().handle(invocation)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out of order");
    }
}
