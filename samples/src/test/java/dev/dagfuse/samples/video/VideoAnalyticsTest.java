// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.samples.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagfuse.handler.Invocation;
import dev.dagfuse.samples.Samples;
import dev.dagfuse.samples.Serialization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VideoAnalyticsTest {

    /** 48 frames in 6 chunks: each of 3 branches takes two chunks. */
    static final VideoRequest SMALL = new VideoRequest(5, 48, 320, 240, 6);

    static Samples.Run small;
    static Samples.Run full;

    @BeforeAll
    static void run() throws Exception {
        small = Samples.run(Samples.steps("video-analytics", 3), SMALL);
        full = Samples.run(Samples.steps("video-analytics"), 11);
    }

    @Test
    void smallFanOutLabelsEveryFrameAndBeatsChance() {
        VideoReport report = (VideoReport) small.output("merge");
        assertCountsAddUp(report, 48);
        assertThat(report.frameAccuracy()).isGreaterThan(0.6); // chance is 0.25
        List<Object> extracted = small.outputs().get("extract");
        assertThat(extracted).hasSize(3);
        for (int b = 0; b < 3; b++) {
            FrameFeatures features = (FrameFeatures) extracted.get(b);
            assertThat(features.branch()).isEqualTo(b);
            assertThat(features.firstFrame()).isEqualTo(16 * b);
            assertThat(features.frameCount()).isEqualTo(16);
            assertThat(features.patches()).hasSize(16 * Frames.PATCH_PIXELS);
        }
    }

    @Test
    void fullFanOutMatchesTheScript() {
        VideoPlan plan = (VideoPlan) full.output("split");
        assertThat(plan.chunks()).hasSize(30).allSatisfy(c -> assertThat(c.frameCount()).isEqualTo(16));
        assertThat(full.outputs().get("classify")).hasSize(30);

        VideoReport report = (VideoReport) full.output("merge");
        assertCountsAddUp(report, 480);
        int[] trueCounts = new int[Frames.CLASSES.length];
        for (Scene scene : plan.scenes()) {
            trueCounts[scene.shape()] += scene.length();
        }
        assertThat(report.trueCounts()).containsExactly(trueCounts);
        assertThat(report.frameAccuracy()).isGreaterThan(0.8);
        assertThat(report.shotAccuracy()).isGreaterThan(0.8);
        assertThat(report.frameCiLow()).isLessThanOrEqualTo(report.frameAccuracy());
        assertThat(report.frameCiHigh()).isGreaterThanOrEqualTo(report.frameAccuracy());
        assertThat(report.shotCiLow()).isLessThanOrEqualTo(report.shotAccuracy());

        // Split's cut detection finds (nearly) the script's shots.
        List<Integer> truth = Arrays.stream(plan.scenes()).map(Scene::start).toList();
        List<Integer> detected = Arrays.stream(plan.shotStarts()).boxed().toList();
        assertThat(detected).containsAnyElementsOf(truth);
        assertThat(detected.stream().filter(truth::contains).count()).isGreaterThanOrEqualTo(Math.round(0.9 * truth.size()));
        assertThat(detected).hasSizeLessThanOrEqualTo((int) Math.round(1.1 * truth.size()));
        assertThat(report.shots()).isEqualTo(detected.size());
    }

    @Test
    void everyOutputSurvivesSerialization() {
        Serialization.assertAllRoundTrip(small);
        Serialization.assertAllRoundTrip(full);
    }

    @Test
    void sameSeedSameOutputsAndTheLabelsDoNotDependOnTheFanOut() throws Exception {
        Serialization.assertSameOutputs(small, Samples.run(Samples.steps("video-analytics", 3), SMALL));
        // A frame's pixels depend on the seed and the frame only, so two branches label them as three do.
        Samples.Run two = Samples.run(Samples.steps("video-analytics", 2), SMALL);
        assertThat(Serialization.bytes(two.output("merge"))).isEqualTo(Serialization.bytes(small.output("merge")));
        Object otherSeed = new Split().handle(new Invocation("split", 0, 1, Map.of(), new VideoRequest(6, 48, 320, 240, 6)));
        assertThat(Serialization.bytes(otherSeed)).isNotEqualTo(Serialization.bytes(small.output("split")));
    }

    @Test
    void mergeRequiresTheBranchesInOrder() {
        List<Object> shuffled = new ArrayList<>(small.outputs().get("classify"));
        Collections.swap(shuffled, 0, 2);
        Invocation invocation = new Invocation("merge", 0, 1, Map.of("classify", shuffled), SMALL);
        assertThatThrownBy(() -> new Merge().handle(invocation)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out of order");
    }

    private static void assertCountsAddUp(VideoReport report, int frames) {
        assertThat(report.frames()).isEqualTo(frames);
        assertThat(Arrays.stream(report.predictedCounts()).sum()).isEqualTo(frames);
        assertThat(Arrays.stream(report.trueCounts()).sum()).isEqualTo(frames);
        assertThat(Arrays.stream(report.confusion()).flatMapToInt(Arrays::stream).sum()).isEqualTo(frames);
        for (int c = 0; c < Frames.CLASSES.length; c++) {
            assertThat(Arrays.stream(report.confusion()[c]).sum()).isEqualTo(report.trueCounts()[c]);
        }
    }
}
