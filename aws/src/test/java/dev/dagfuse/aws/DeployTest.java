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

    /** A copy of a sample whose platform has a SnapStart restore time (a plan may give its groups SnapStart only then). */
    static Path withSnapStartRestore(Path dir, String sample) throws Exception {
        Path file = dir.resolve(sample + "-snapstart.yaml");
        Files.writeString(file, Files.readString(TemplatesTest.workflowFile(sample)) + "platform:\n  snapStartRestore: 400ms\n");
        return file;
    }

    /** video-analytics fused and bundled, split with SnapStart and merge with {@code provisioned} environments. */
    static Plan withAliases(Workflow w, int provisioned) {
        Plan base = SamplePlans.fusedAndBundled(w, 2048);
        List<PlanGroup> groups = new ArrayList<>(base.groups());
        groups.set(0, groups.get(0).withSnapStart(true));
        groups.set(2, groups.get(2).withProvisioned(provisioned));
        return new Plan(base.workflow(), null, groups, null, null);
    }

    DeployResult deploy(Path workflowFile, Plan plan, DeployOptions o) {
        lines.clear();
        return AwsDeploy.deploy(workflowFile, dev.dagfuse.model.io.ModelFiles.readWorkflow(workflowFile), plan, o,
                "plan.json", lines::add, getClass().getClassLoader());
    }

    /**
     * Provisioned concurrency and SnapStart apply to a published version: deploy publishes one, points the alias
     * live at it, puts the provisioned concurrency on the alias, and the state machine invokes the qualified ARN;
     * the same plan deployed again changes nothing; a group that loses its provisioned concurrency has it deleted.
     */
    @Test
    void provisionedConcurrencyAndSnapStartDeployAsAnAliasOfAPublishedVersion() throws Exception {
        Path file = withSnapStartRestore(tmp, "video-analytics");
        Workflow w = dev.dagfuse.model.io.ModelFiles.readWorkflow(file);
        Plan plan = withAliases(w, 3);
        deploy(file, plan, options);
        assertThat(lines).contains(
                "create function video-analytics-split (2048 MB x86_64, group split) with SnapStart",
                "publish version 1 of function video-analytics-split and point its alias live at it (SnapStart)",
                "publish version 1 of function video-analytics-merge and point its alias live at it (for 3 provisioned environments)",
                "put provisioned concurrency of function video-analytics-merge:live: 3 environments");
        FakeCloud.Fn split = cloud.functions.get("video-analytics-split");
        FakeCloud.Fn merge = cloud.functions.get("video-analytics-merge");
        FakeCloud.Fn middle = cloud.functions.get("video-analytics-extract-classify");
        assertThat(split.config.at("/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(split.versions.get("1").at("/SnapStart/OptimizationStatus").asText()).isEqualTo("On");
        assertThat(merge.config.at("/SnapStart/ApplyOn").asText()).isEqualTo("None");
        assertThat(split.aliases.get("live").get("FunctionVersion").asText()).isEqualTo("1");
        assertThat(merge.aliases.get("live").get("FunctionVersion").asText()).isEqualTo("1");
        assertThat(merge.provisioned).containsExactly(Map.entry("live", 3));
        assertThat(split.provisioned).isEmpty();
        // the group without either keeps $LATEST: no version, no alias
        assertThat(middle.versions).isEmpty();
        assertThat(middle.aliases).isEmpty();
        assertThat(merge.versions.get("1").get("CodeSha256").asText()).isEqualTo(merge.sha);

        FakeCloud.Machine m = cloud.machines.values().iterator().next();
        JsonNode states = JSON.readTree(m.definition).get("States");
        assertThat(states.at("/split/Resource").asText()).isEqualTo(split.arn + ":live");
        assertThat(states.at("/merge/Resource").asText()).isEqualTo(merge.arn + ":live");
        assertThat(states.at("/extract+classify map/ItemProcessor/States/extract+classify/Resource").asText())
                .isEqualTo(middle.arn);
        JsonNode statesPolicy = JSON.readTree(cloud.roles.get("video-analytics-dagfuse-states").policies.get("dagfuse"));
        assertThat(statesPolicy.at("/Statement/0/Resource")).extracting(JsonNode::asText).containsExactly(
                split.arn, split.arn + ":live", middle.arn, merge.arn, merge.arn + ":live");

        // the same plan again: no write at all
        int writes = cloud.writes();
        DeployResult again = deploy(file, plan, options);
        assertThat(again.changed()).as(String.join("\n", lines)).isFalse();
        assertThat(cloud.writes()).isEqualTo(writes);
        assertThat(lines).contains("unchanged alias video-analytics-merge:live (version 1)",
                "unchanged provisioned concurrency of function video-analytics-merge:live (3 environments)");

        // more environments: only the config changes, no new version
        deploy(file, withAliases(w, 5), options);
        assertThat(lines.stream().filter(l -> !l.startsWith("unchanged "))).containsExactly(
                "tag function video-analytics-split " + tagsOf(split),
                "tag function video-analytics-extract-classify " + tagsOf(middle),
                "tag function video-analytics-merge " + tagsOf(merge),
                "put provisioned concurrency of function video-analytics-merge:live: 5 environments (was 3)",
                "tag state machine video-analytics " + tagsOf(merge));
        assertThat(merge.provisioned).containsExactly(Map.entry("live", 5));
        assertThat(merge.versions).hasSize(1);

        // new memory for merge: a new version, the alias moves to it and keeps its provisioned concurrency
        List<PlanGroup> groups = new ArrayList<>(withAliases(w, 5).groups());
        groups.set(2, PlanGroup.of(List.of("merge"), 1024, 1, 1).withProvisioned(5));
        deploy(file, new Plan(plan.workflow(), null, groups, null, null), options);
        assertThat(lines).contains("publish version 2 of function video-analytics-merge and point its alias live at it "
                + "(for 5 provisioned environments)", "unchanged provisioned concurrency of function video-analytics-merge:live (5 environments)");
        assertThat(merge.aliases.get("live").get("FunctionVersion").asText()).isEqualTo("2");
        assertThat(merge.versions.get("2").get("MemorySize").asInt()).isEqualTo(1024);

        // the plan drops them: the provisioned concurrency is deleted (billed while it exists), $LATEST is invoked again
        deploy(file, SamplePlans.fusedAndBundled(w, 2048), options);
        assertThat(lines).contains("delete provisioned concurrency of function video-analytics-merge:live (5 environments; "
                + "the plan has none for group merge)",
                "update configuration of function video-analytics-split (SnapStart PublishedVersions → None)");
        assertThat(merge.provisioned).isEmpty();
        assertThat(split.config.at("/SnapStart/ApplyOn").asText()).isEqualTo("None");
        JsonNode after = JSON.readTree(cloud.machines.values().iterator().next().definition).get("States");
        assertThat(after.at("/merge/Resource").asText()).isEqualTo(merge.arn);
        assertThat(after.at("/split/Resource").asText()).isEqualTo(split.arn);
    }

    /** An execution of the deployed plan invokes the aliases, which run the published versions' code and configuration. */
    @Test
    void invokeRunsThePublishedVersionsThroughTheirAliases() throws Exception {
        NodeTools.assumeNode();
        Path file = withSnapStartRestore(tmp, "video-analytics");
        Workflow w = dev.dagfuse.model.io.ModelFiles.readWorkflow(file);
        Plan plan = withAliases(w, 2);
        deploy(file, plan, options);
        Map<String, Handler> handlers = HandlerLoader.resolve(w, Map.of(), getClass().getClassLoader());
        Object request = RequestInputs.defaultInput(w, handlers::get, 0);
        InvokeReport report = AwsInvoke.invoke(w, plan, options, "plan.json", request, new AwsInvoke.Options(1, 1, null));
        assertThat(report.failed()).as(report.table()).isZero();
        assertThat(cloud.invokedTargets).contains("video-analytics-split:live", "video-analytics-merge:live",
                "video-analytics-extract-classify").doesNotContain("video-analytics-split", "video-analytics-merge");
        assertThat(cloud.functions.get("video-analytics-merge").versionRuntimes).containsKey("1");
    }

    private static String tagsOf(FakeCloud.Fn fn) {
        return new java.util.TreeMap<>(fn.tags).toString();
    }

    @Test
    void aDryRunPrintsTheVersionAliasAndProvisionedConcurrencyItWouldMake() throws Exception {
        Path file = withSnapStartRestore(tmp, "video-analytics");
        Workflow w = dev.dagfuse.model.io.ModelFiles.readWorkflow(file);
        deploy(file, withAliases(w, 4), options.withDryRun(true));
        assertThat(cloud.writes()).isZero();
        assertThat(lines).contains(
                "would create function video-analytics-split (2048 MB x86_64, group split) with SnapStart",
                "would publish a version of function video-analytics-split and point its alias live at it (SnapStart)",
                "would publish a version of function video-analytics-merge and point its alias live at it (for 4 provisioned environments)",
                "would put provisioned concurrency of function video-analytics-merge:live: 4 environments")
                .allMatch(l -> l.startsWith("would "));

        // deployed on demand first, then a dry run of the plan with them: the steps, and nothing done
        deploy(file, SamplePlans.fusedAndBundled(w, 2048), options);
        int writes = cloud.writes();
        deploy(file, withAliases(w, 4), options.withDryRun(true));
        assertThat(cloud.writes()).isEqualTo(writes);
        assertThat(lines).contains(
                "would update configuration of function video-analytics-split (SnapStart None → PublishedVersions)",
                "would publish a version of function video-analytics-merge and point its alias live at it (for 4 provisioned environments)",
                "would put provisioned concurrency of function video-analytics-merge:live: 4 environments");
        assertThat(cloud.functions.get("video-analytics-merge").aliases).isEmpty();
    }

    /** A plan without provisioned concurrency or SnapStart makes exactly the calls it made before: no alias call. */
    @Test
    void aPlanWithoutThemCallsNoVersionOrAliasApi() {
        Workflow w = AslExportTest.sample("chatbot");
        Plan plan = SamplePlans.fusedAndBundled(w, 1024);
        deploy("chatbot", plan, options);
        deploy("chatbot", plan, options);
        for (String op : List.of("lambda:PublishVersion", "lambda:CreateAlias", "lambda:UpdateAlias",
                "lambda:PutProvisionedConcurrencyConfig", "lambda:DeleteProvisionedConcurrencyConfig")) {
            assertThat(cloud.count(op)).as(op).isZero();
        }
        assertThat(cloud.functions.values()).allMatch(f -> f.versions.isEmpty() && f.aliases.isEmpty());
        JsonNode m = readTree(cloud.machines.values().iterator().next().definition);
        assertThat(m.toString()).doesNotContain(":live");
    }

    private static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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
