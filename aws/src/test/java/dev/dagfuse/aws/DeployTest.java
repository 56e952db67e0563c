// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dagfuse.aws.runtime.SamplePlans;
import dev.dagfuse.handler.Handler;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.handler.HandlerLoader;
import dev.dagfuse.model.handler.RequestInputs;
import dev.dagfuse.profiler.TraceImport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Deploy and invoke through the real AWS SDK against the in-test fake of Lambda, Step Functions, S3 and IAM. */
class DeployTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    FakeCloud cloud;
    DeployOptions options;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cloud = new FakeCloud();
        options = DeployOptions.defaults().withEndpoint(cloud.endpoint(), new DeployOptions.Credentials("test", "test", null));
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    DeployResult deploy(String sample, Plan plan, DeployOptions o) {
        lines.clear();
        return AwsDeploy.deploy(TemplatesTest.workflowFile(sample), AslExportTest.sample(sample), plan, o, "plan.json",
                lines::add, getClass().getClassLoader());
    }

    static Plan unfused(Workflow w, int memoryMB) {
        List<PlanGroup> groups = new ArrayList<>();
        for (String f : w.topologicalOrder()) {
            groups.add(PlanGroup.of(List.of(f), memoryMB, w.function(f).fanOut(), 1));
        }
        return new Plan(w.name(), null, groups, null, null);
    }

    @Test
    void aFirstDeployCreatesEverythingAndASecondChangesNothing() throws Exception {
        Workflow w = AslExportTest.sample("video-analytics");
        Plan plan = SamplePlans.fusedAndBundled(w, 2048);
        DeployResult first = deploy("video-analytics", plan, options);
        assertThat(first.changed()).isTrue();
        assertThat(lines).contains("create bucket video-analytics-dagfuse-us-east-1 (values over the inline limit, under dagfuse/video-analytics/)",
                "create role video-analytics-dagfuse-functions (trusted by lambda.amazonaws.com)",
                "create function video-analytics-extract-classify (2048 MB x86_64, group extract+classify)",
                "create state machine video-analytics (STANDARD, 3 groups)");
        assertThat(cloud.functions).containsOnlyKeys("video-analytics-split", "video-analytics-extract-classify", "video-analytics-merge");
        FakeCloud.Fn fn = cloud.functions.get("video-analytics-extract-classify");
        assertThat(fn.config.get("MemorySize").asInt()).isEqualTo(2048);
        assertThat(fn.config.at("/Environment/Variables/DAGFUSE_FUNCTIONS").asText()).isEqualTo("extract,classify");
        assertThat(fn.config.at("/Environment/Variables/DAGFUSE_BUCKET").asText()).isEqualTo("video-analytics-dagfuse-us-east-1");
        assertThat(fn.tags).containsEntry("dagfuse:workflow", "video-analytics").containsKey("dagfuse:plan");
        FakeCloud.Machine m = cloud.machines.values().iterator().next();
        assertThat(m.definition).contains(fn.arn);
        assertThat(m.tags).containsEntry("dagfuse:workflow", "video-analytics");
        JsonNode statesPolicy = JSON.readTree(cloud.roles.get("video-analytics-dagfuse-states").policies.get("dagfuse"));
        assertThat(statesPolicy.at("/Statement/0/Resource")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(cloud.functions.values().stream().map(f -> f.arn).sorted().toList().stream()
                        .sorted((a, b) -> order(a) - order(b)).toList());
        JsonNode fnPolicy = JSON.readTree(cloud.roles.get("video-analytics-dagfuse-functions").policies.get("dagfuse"));
        assertThat(fnPolicy.at("/Statement/1/Resource/0").asText())
                .isEqualTo("arn:aws:s3:::video-analytics-dagfuse-us-east-1/dagfuse/video-analytics/*");

        int writes = cloud.writes();
        DeployResult second = deploy("video-analytics", plan, options);
        assertThat(second.changed()).isFalse();
        assertThat(cloud.writes()).isEqualTo(writes);
        assertThat(lines).allMatch(l -> l.startsWith("unchanged "));
        assertThat(second.stateMachineArn()).isEqualTo(first.stateMachineArn());
    }

    private static int order(String arn) {
        return arn.endsWith("split") ? 0 : arn.endsWith("classify") ? 1 : 2;
    }

    @Test
    void aChangedPlanUpdatesOnlyWhatDiffers() {
        Workflow w = AslExportTest.sample("ml-pipeline");
        Plan plan = SamplePlans.fusedAndBundled(w, 1024);
        deploy("ml-pipeline", plan, options);
        List<PlanGroup> groups = new ArrayList<>(plan.groups());
        groups.set(1, PlanGroup.of(List.of("train"), 3008, 8, 4));
        deploy("ml-pipeline", new Plan(plan.workflow(), null, groups, null, null), options);
        assertThat(cloud.count("lambda:UpdateFunctionCode")).isZero();
        assertThat(cloud.count("lambda:UpdateFunctionConfiguration")).isEqualTo(1);
        // DAGFUSE_MEMORY_MB follows the memory, so the environment changes with it
        assertThat(lines).contains("update configuration of function ml-pipeline-train (memory 1024 → 3008 MB, environment)");
        assertThat(lines).contains("update state machine ml-pipeline"); // the bundle size is in its Map
        assertThat(cloud.functions.get("ml-pipeline-train").config.get("MemorySize").asInt()).isEqualTo(3008);
    }

    @Test
    void pruneDeletesTheFunctionsOfGroupsThePlanNoLongerHas() {
        Workflow w = AslExportTest.sample("video-analytics");
        deploy("video-analytics", unfused(w, 1024), options);
        assertThat(cloud.functions).hasSize(4);
        Plan fused = SamplePlans.fusedAndBundled(w, 1024);
        deploy("video-analytics", fused, options);
        assertThat(cloud.functions).containsKeys("video-analytics-extract", "video-analytics-classify");
        assertThat(lines).contains("note: function video-analytics-extract is no longer in the plan (deploy --prune deletes it)");
        deploy("video-analytics", fused, options.withPrune(true));
        assertThat(cloud.functions).containsOnlyKeys("video-analytics-split", "video-analytics-extract-classify", "video-analytics-merge");
        assertThat(lines).contains("delete function video-analytics-classify (no longer in the plan)");
    }

    @Test
    void throttledCallsAreRetried() {
        cloud.throttle.put("lambda:CreateFunction", new AtomicInteger(2));
        cloud.throttle.put("states:CreateStateMachine", new AtomicInteger(1));
        cloud.throttle.put("iam:CreateRole", new AtomicInteger(1));
        Workflow w = AslExportTest.sample("chatbot");
        DeployResult r = deploy("chatbot", SamplePlans.fusedAndBundled(w, 1024), options);
        assertThat(r.stateMachineArn()).isNotNull();
        assertThat(cloud.functions).hasSize(3);
        assertThat(cloud.count("lambda:CreateFunction")).isEqualTo(5);
        assertThat(cloud.count("states:CreateStateMachine")).isEqualTo(2);
        assertThat(cloud.count("iam:CreateRole")).isEqualTo(3);
    }

    @Test
    void aFailurePartWaySaysWhatWasAndWasNotDeployedAndARerunCompletesIt() {
        Workflow w = AslExportTest.sample("chatbot");
        Plan plan = SamplePlans.fusedAndBundled(w, 1024);
        cloud.failing = op -> op.equals("lambda:CreateFunction") && cloud.count(op) >= 2;
        assertThatThrownBy(() -> deploy("chatbot", plan, options))
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("dagfuse deploy stopped at the function chatbot-train: The fake fails lambda:CreateFunction")
                .hasMessageContaining("Deployed (or already current): bucket chatbot-dagfuse-us-east-1, role "
                        + "chatbot-dagfuse-functions, function chatbot-split")
                .hasMessageContaining("Not deployed: function chatbot-train, function chatbot-merge, role chatbot-dagfuse-states, "
                        + "state machine chatbot")
                .hasMessageEndingWith("Deploy is idempotent: run it again to complete it.");
        assertThat(cloud.machines).isEmpty();

        cloud.failing = op -> false;
        deploy("chatbot", plan, options);
        assertThat(lines).contains("unchanged bucket chatbot-dagfuse-us-east-1",
                "unchanged function chatbot-split (1024 MB x86_64, group split)",
                "create function chatbot-train (1024 MB x86_64, group train)", "create state machine chatbot (STANDARD, 3 groups)");
        assertThat(cloud.functions).hasSize(3);
        assertThat(cloud.machines).hasSize(1);
    }

    @Test
    void aDryRunPrintsTheCallsItWouldMakeAndMakesNone() {
        Workflow w = AslExportTest.sample("chatbot");
        DeployResult r = deploy("chatbot", SamplePlans.fusedAndBundled(w, 1024), options.withDryRun(true));
        assertThat(r.dryRun()).isTrue();
        assertThat(cloud.writes()).isZero();
        assertThat(lines).contains("would create function chatbot-train (1024 MB x86_64, group train)",
                "would create state machine chatbot (STANDARD, 3 groups)").allMatch(l -> l.startsWith("would "));
        assertThat(cloud.functions).isEmpty();
    }

    /**
     * A deployed plan measured: executions run by the fake (aws-local-stepfunctions, the deployed runtime behind its
     * Lambda endpoint, values through its S3), their histories turned into per-group timings, and saved so that
     * profile import reads them.
     */
    @Test
    void invokeMeasuresADeployedPlanFromItsExecutionHistories() throws Exception {
        NodeTools.assumeNode();
        Workflow w = AslExportTest.sample("ml-pipeline");
        Plan plan = unfused(w, 1769);
        deploy("ml-pipeline", plan, options);
        Map<String, Handler> handlers = HandlerLoader.resolve(w, Map.of(), getClass().getClassLoader());
        Object request = RequestInputs.defaultInput(w, handlers::get, 0);
        Path histories = tmp.resolve("histories");
        InvokeReport report = AwsInvoke.invoke(w, plan, options, "plan.json", request, new AwsInvoke.Options(2, 2, histories));
        assertThat(report.failed()).as(report.table()).isZero();
        assertThat(report.executions()).hasSize(2).allMatch(e -> e.latencyMs() > 0);
        assertThat(report.groups()).extracting(InvokeReport.GroupTimes::group).containsExactly("pca", "train", "combine");
        assertThat(report.groups()).allMatch(g -> g.spansMs().size() == 2);
        assertThat(report.table()).contains("executions: 2 ok, 0 failed").contains("train").contains("no prediction");
        assertThat(cloud.buckets.get("ml-pipeline-dagfuse-us-east-1")).isNotEmpty(); // large values went through S3

        List<Path> files;
        try (Stream<Path> s = Files.list(histories)) {
            files = s.sorted().toList();
        }
        assertThat(files).hasSize(2);
        TraceImport.Imported imported = TraceImport.executionHistories(files,
                new TraceImport.Options(null, "", Map.of(), w));
        assertThat(imported.profile().functions()).containsKeys("pca", "train", "combine");
    }
}
