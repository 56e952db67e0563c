// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model;

import dev.dagfuse.model.io.ModelFiles;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReadsTest {

    @TempDir
    Path dir;

    /** Montage's shape: 21 projections, 20 difference fits each reading two neighbours, a gather of the fits. */
    private static final String MONTAGE = """
            apiVersion: dagfuse/v1
            kind: Workflow
            name: montage
            functions:
              mProject:
                fanOut: 21
              mDiffFit:
                after: [mProject]
                fanOut: 20
                reads:
                  mProject: { items: window, size: 2, bytes: 4MB }
              mBackground:
                after: [mProject]
                fanOut: 7
                reads:
                  mProject: { items: partition }
              mConcatFit:
                after: [mDiffFit]
              mAdd:
                after: [mBackground]
                fanOut: 7
                reads:
                  mBackground: { items: all }
            """;

    @Test
    void aWorkflowSaysWhichOutputsEachBranchReads() throws IOException {
        Path file = dir.resolve("workflow.yaml");
        Files.writeString(file, MONTAGE);
        Workflow w = ModelFiles.readWorkflow(file);

        assertThat(w.reads("mProject", "mDiffFit")).isEqualTo(Reads.window(2, 1).withBytes(4_000_000L));
        assertThat(w.inputBranches("mProject", "mDiffFit", 0)).containsExactly(0, 1);
        assertThat(w.inputBranches("mProject", "mDiffFit", 19)).containsExactly(19, 20);
        assertThat(w.edgeKind("mProject", "mDiffFit")).isEqualTo(EdgeKind.PARTIAL);

        // 21 outputs in 7 blocks of 3
        assertThat(w.inputBranches("mProject", "mBackground", 0)).containsExactly(0, 1, 2);
        assertThat(w.inputBranches("mProject", "mBackground", 6)).containsExactly(18, 19, 20);
        assertThat(w.edgeKind("mProject", "mBackground")).isEqualTo(EdgeKind.PARTIAL);

        // equal fan-outs read all: a shuffle, which cannot be fused
        assertThat(w.inputBranches("mBackground", "mAdd", 3)).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(w.edgeKind("mBackground", "mAdd")).isEqualTo(EdgeKind.ALL_TO_ALL);
        assertThat(w.edgeKind("mBackground", "mAdd").isOneToOne()).isFalse();

        // no reads: the defaults as before
        assertThat(w.reads("mDiffFit", "mConcatFit")).isEqualTo(Reads.ALL);
        assertThat(w.edgeKind("mDiffFit", "mConcatFit")).isEqualTo(EdgeKind.GATHER);
        assertThat(w.edges()).extracting(Edge::kind).containsExactly(EdgeKind.PARTIAL, EdgeKind.PARTIAL,
                EdgeKind.GATHER, EdgeKind.ALL_TO_ALL);
    }

    @Test
    void readsThatGiveEachBranchItsOwnOutputAreOneToOneAndFusible() {
        assertThat(EdgeKind.of(5, 5, Reads.window(1, 1))).isEqualTo(EdgeKind.PER_BRANCH);
        assertThat(EdgeKind.of(5, 5, Reads.partition())).isEqualTo(EdgeKind.PER_BRANCH);
        assertThat(EdgeKind.of(5, 5, Reads.ONE)).isEqualTo(EdgeKind.PER_BRANCH);
        assertThat(EdgeKind.of(5, 5, Reads.ALL)).isEqualTo(EdgeKind.ALL_TO_ALL);
        assertThat(EdgeKind.of(5, 5, Reads.window(2, 1))).isEqualTo(EdgeKind.PARTIAL);
        assertThat(EdgeKind.of(1, 5, Reads.ALL)).isEqualTo(EdgeKind.SCATTER);
        assertThat(EdgeKind.of(6, 1, Reads.partition())).isEqualTo(EdgeKind.GATHER);
        assertThat(EdgeKind.of(6, 1, Reads.window(6, 0))).isEqualTo(EdgeKind.GATHER);
        assertThat(EdgeKind.of(6, 1, Reads.window(2, 0))).isEqualTo(EdgeKind.PARTIAL);
        assertThat(EdgeKind.of(6, 3, Reads.window(6, 0))).isEqualTo(EdgeKind.ALL_TO_ALL);
        for (int n : new int[] {1, 2, 7}) {
            for (int m : new int[] {1, 3, 7}) {
                assertThat(EdgeKind.of(n, m, Reads.byDefault(n, m))).as(n + " → " + m).isEqualTo(EdgeKind.of(n, m));
            }
        }
    }

    /**
     * What a bundle of consecutive branches fetches (the model's object count) is the size of the union of the
     * outputs they read, counted output by output; and every branch reads within the producer's outputs.
     */
    @RepeatedTest(300)
    void distinctOutputsOfABundleIsTheUnionOfItsBranchesReads(RepetitionInfo info) {
        Random random = new Random(7919L * info.getCurrentRepetition());
        int n = 1 + random.nextInt(40);
        int m = 1 + random.nextInt(40);
        Reads r = switch (random.nextInt(4)) {
            case 0 -> Reads.ALL;
            case 1 -> Reads.ONE;
            case 2 -> Reads.partition();
            default -> Reads.window(1 + random.nextInt(Math.max(1, n)), random.nextInt(4));
        };
        if (r.problem(n, m) != null) {
            return; // not a valid workflow: validation refuses it (ValidationErrorsTest)
        }
        int from = random.nextInt(m);
        int count = 1 + random.nextInt(m - from);
        BitSet union = new BitSet();
        for (int j = from; j < from + count; j++) {
            assertThat(r.first(n, m, j)).isGreaterThanOrEqualTo(0);
            assertThat(r.end(n, m, j)).isLessThanOrEqualTo(n).isGreaterThan(r.first(n, m, j));
            union.set(r.first(n, m, j), r.end(n, m, j));
        }
        assertThat(r.distinctOutputs(n, m, from, count)).as(r.text() + " " + n + " → " + m + " from " + from + " × " + count)
                .isEqualTo(union.cardinality());
        if (r.mode() == Reads.Mode.PARTITION) {
            // every output is read by exactly one branch
            BitSet all = new BitSet();
            int total = 0;
            for (int j = 0; j < m; j++) {
                all.set(r.first(n, m, j), r.end(n, m, j));
                total += r.end(n, m, j) - r.first(n, m, j);
            }
            assertThat(all.cardinality()).isEqualTo(n);
            assertThat(total).isEqualTo(n);
        }
    }
}
