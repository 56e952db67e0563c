// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.aws.internal.CodePackage;
import dev.dagfuse.aws.runtime.RuntimeEnv;
import dev.dagfuse.aws.runtime.SamplePlans;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

class TemplatesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static Path workflowFile(String sample) {
        return Path.of("..", "samples", sample, "workflow.yaml");
    }

    static AwsExport.Exported export(String sample, Plan plan, ExportFormat format) {
        Workflow w = AslExportTest.sample(sample);
        return AwsExport.export(workflowFile(sample), w, plan, format, ExportOptions.defaults(), TemplatesTest.class.getClassLoader());
    }

    static JsonNode template(AwsExport.Exported e) throws Exception {
        return JSON.readTree(e.files().get(0).content());
    }

    /** Every resource type and property name of every SAM and CloudFormation template is in the CloudFormation spec. */
    @Test
    void samAndCloudFormationTemplatesUseOnlyKnownResourceTypesAndProperties() throws Exception {
        NodeTools.assumeNode();
        List<String> args = new ArrayList<>(List.of("check-cfn.cjs"));
        for (String sample : AslExportTest.SAMPLES) {
            Plan base = SamplePlans.fusedAndBundled(AslExportTest.sample(sample), 2048);
            for (Plan plan : List.of(base, SamplePlans.withMaps(base, MapForm.DISTRIBUTED_EXPRESS, Orchestration.STANDARD))) {
                for (ExportFormat f : List.of(ExportFormat.SAM, ExportFormat.CLOUDFORMATION)) {
                    Path file = tmp.resolve(sample + "-" + f.cliName() + "-" + args.size() + ".json");
                    Files.write(file, export(sample, plan, f).files().get(0).content());
                    args.add(file.toString());
                }
            }
        }
        NodeTools.Result ok = NodeTools.node(args, Map.of(), 120);
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("12 templates checked").contains(": 0 problems");

        // the checker does reject what the spec does not have
        ObjectNode bad = (ObjectNode) template(export("chatbot", SamplePlans.fusedAndBundled(AslExportTest.sample("chatbot"), 1024),
                ExportFormat.CLOUDFORMATION));
        ((ObjectNode) bad.at("/Resources/Group0/Properties")).put("MemorySizeMB", 512);
        ((ObjectNode) bad.at("/Resources/DataBucket")).put("Type", "AWS::S3::Bucketz");
        Path badFile = tmp.resolve("bad.json");
        Files.writeString(badFile, bad.toString());
        NodeTools.Result no = NodeTools.node(List.of("check-cfn.cjs", badFile.toString()), Map.of(), 60);
        assertThat(no.exit()).isEqualTo(1);
        assertThat(no.out()).contains("Resources.Group0: AWS::Lambda::Function has no property MemorySizeMB")
                .contains("Resources.DataBucket: unknown resource type AWS::S3::Bucketz");
    }

    @Test
    void eachGroupIsAFunctionWithItsMemoryArchitectureTimeoutAndEnvironment() throws Exception {
        Workflow w = AslExportTest.sample("video-analytics");
        Plan base = SamplePlans.fusedAndBundled(w, 2048);
        List<PlanGroup> groups = new ArrayList<>(base.groups());
        groups.set(1, groups.get(1).deployedAs(dev.dagfuse.model.Architecture.ARM64, MapForm.INLINE));
        Plan plan = new Plan(base.workflow(), null, groups, null, null, Orchestration.EXPRESS);
        for (ExportFormat f : List.of(ExportFormat.SAM, ExportFormat.CLOUDFORMATION)) {
            AwsExport.Exported e = export("video-analytics", plan, f);
            assertThat(e.files()).extracting(AwsExport.ExportedFile::name).containsExactly("template.json", CodePackage.FILE_NAME);
            JsonNode r = template(e).get("Resources");
            JsonNode g1 = r.at("/Group1/Properties");
            assertThat(g1.get("FunctionName").asText()).isEqualTo("video-analytics-extract-classify");
            assertThat(g1.get("MemorySize").asInt()).isEqualTo(2048);
            assertThat(g1.at("/Architectures/0").asText()).isEqualTo("arm64");
            assertThat(r.at("/Group0/Properties/Architectures/0").asText()).isEqualTo("x86_64");
            assertThat(g1.get("Handler").asText()).isEqualTo(RuntimeEnv.HANDLER);
            assertThat(g1.get("Timeout").asInt()).isBetween(3, 900);
            assertThat(g1.at("/Environment/Variables/" + RuntimeEnv.FUNCTIONS).asText()).isEqualTo("extract,classify");
            assertThat(g1.at("/Environment/Variables/" + RuntimeEnv.BUCKET + "/Ref").asText()).isEqualTo("DataBucket");
            JsonNode sm = r.at("/StateMachine/Properties");
            assertThat(sm.get(f == ExportFormat.SAM ? "Type" : "StateMachineType").asText()).isEqualTo("EXPRESS");
            assertThat(sm.at("/Definition/States/merge/Resource").asText()).isEqualTo("${Group2Arn}");
            assertThat(sm.at("/DefinitionSubstitutions/Group2Arn/Fn::GetAtt/0").asText()).isEqualTo("Group2");
        }
    }

    /** The state machine may invoke exactly the group functions; each function may read and write only its prefix. */
    @Test
    void theRolesAreLeastPrivilege() throws Exception {
        Workflow w = AslExportTest.sample("ml-pipeline");
        Plan plan = SamplePlans.withMaps(SamplePlans.fusedAndBundled(w, 1024), MapForm.DISTRIBUTED_STANDARD, Orchestration.STANDARD);
        JsonNode r = template(export("ml-pipeline", plan, ExportFormat.CLOUDFORMATION)).get("Resources");
        JsonNode statements = r.at("/StateMachineRole/Properties/Policies/0/PolicyDocument/Statement");
        assertThat(statements.get(0).at("/Action/0").asText()).isEqualTo("lambda:InvokeFunction");
        assertThat(statements.get(0).get("Resource")).extracting(n -> n.at("/Fn::GetAtt/0").asText())
                .containsExactly("Group0", "Group1", "Group2");
        assertThat(statements.get(1).at("/Resource/0/Fn::Sub").asText()).endsWith(":stateMachine:ml-pipeline");
        assertThat(statements).hasSize(3);
        for (String g : List.of("Group0", "Group1", "Group2")) {
            JsonNode policies = r.at("/" + g + "Role/Properties/Policies");
            assertThat(policies).hasSize(2);
            assertThat(policies.get(1).at("/PolicyDocument/Statement/0/Resource/Fn::Sub").asText())
                    .isEqualTo("arn:${AWS::Partition}:s3:::${DataBucket}/dagfuse/ml-pipeline/*");
            assertThat(policies.get(1).at("/PolicyDocument/Statement/0/Action")).extracting(JsonNode::asText)
                    .containsExactly("s3:GetObject", "s3:PutObject");
            assertThat(policies.get(0).at("/PolicyDocument/Statement/0/Resource/Fn::Sub").asText())
                    .endsWith(":log-group:/aws/lambda/" + r.at("/" + g + "/Properties/FunctionName").asText() + ":*");
        }
        // inline Maps only: no right to start executions
        JsonNode inline = template(export("ml-pipeline", SamplePlans.fusedAndBundled(w, 1024), ExportFormat.CLOUDFORMATION));
        assertThat(inline.at("/Resources/StateMachineRole/Properties/Policies/0/PolicyDocument/Statement")).hasSize(1);
    }

    /** Terraform: every reference names a declared resource, the same functions, and its definition is valid ASL. */
    @Test
    void terraformDeclaresTheSameResourcesAndEveryReferenceResolves() throws Exception {
        Workflow w = AslExportTest.sample("chatbot");
        Plan plan = SamplePlans.withMaps(SamplePlans.fusedAndBundled(w, 1536), MapForm.DISTRIBUTED_EXPRESS, Orchestration.STANDARD);
        AwsExport.Exported e = export("chatbot", plan, ExportFormat.TERRAFORM);
        assertThat(e.files()).extracting(AwsExport.ExportedFile::name).containsExactly("main.tf.json", CodePackage.FILE_NAME);
        String text = new String(e.files().get(0).content(), StandardCharsets.UTF_8);
        JsonNode tf = JSON.readTree(text);
        JsonNode res = tf.get("resource");
        Set<String> declared = new HashSet<>();
        res.properties().forEach(t -> t.getValue().fieldNames().forEachRemaining(n -> declared.add(t.getKey() + "." + n)));
        tf.path("data").properties().forEach(t -> t.getValue().fieldNames().forEachRemaining(n -> declared.add("data." + t.getKey() + "." + n)));
        Matcher m = Pattern.compile("\\$\\{(?!filebase64sha256)([a-z_.0-9]+)\\.[a-z_]+\\}").matcher(text);
        int refs = 0;
        while (m.find()) {
            refs++;
            assertThat(declared).as(m.group()).contains(m.group(1));
        }
        assertThat(refs).isGreaterThan(10);
        assertThat(res.get("aws_lambda_function")).hasSize(3);
        assertThat(res.at("/aws_lambda_function/group1/memory_size").asInt()).isEqualTo(1536);
        assertThat(res.at("/aws_lambda_function/group1/environment/variables/" + RuntimeEnv.GROUP).asText()).isEqualTo("train");
        assertThat(res.at("/aws_sfn_state_machine/main/type").asText()).isEqualTo("STANDARD");

        NodeTools.assumeNode();
        String definition = res.at("/aws_sfn_state_machine/main/definition").asText()
                .replaceAll("\\$\\{aws_lambda_function\\.(group\\d+)\\.arn\\}", "arn:aws:lambda:us-east-1:123456789012:function:$1");
        Path f = tmp.resolve("tf.asl.json");
        Files.writeString(f, definition);
        NodeTools.Result r = NodeTools.validateAsl(List.of(f));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    /**
     * A workflow with nested Parallel states (its functions run sample handlers): the SAM and CloudFormation templates
     * pass the spec check, and the definition each format embeds is valid ASL.
     */
    @Test
    void theTemplatesOfAWorkflowWithParallelStatesAreValid() throws Exception {
        NodeTools.assumeNode();
        Path file = tmp.resolve("nested.yaml");
        StringBuilder yaml = new StringBuilder("apiVersion: dagfuse/v1\nkind: Workflow\nname: nested\nfunctions:\n");
        for (FunctionSpec f : AslExportTest.nested().functions().values()) {
            yaml.append("  ").append(f.name()).append(":\n    handler: dev.dagfuse.samples.chatbot.Split\n");
            if (!f.after().isEmpty()) {
                yaml.append("    after: [").append(String.join(", ", f.after())).append("]\n");
            }
            if (f.fanOut() > 1) {
                yaml.append("    fanOut: ").append(f.fanOut()).append("\n");
            }
        }
        Files.writeString(file, yaml);
        Workflow w = dev.dagfuse.model.io.ModelFiles.readWorkflow(file);
        assertThat(w.seriesParallel().parallels()).hasSize(2);
        Plan fused = SamplePlans.fusedAndBundled(w, 1024);
        List<String> specArgs = new ArrayList<>(List.of("check-cfn.cjs"));
        List<Path> definitions = new ArrayList<>();
        for (Plan plan : List.of(fused, SamplePlans.withMaps(fused, MapForm.DISTRIBUTED_EXPRESS, Orchestration.STANDARD))) {
            for (ExportFormat f : List.of(ExportFormat.SAM, ExportFormat.CLOUDFORMATION, ExportFormat.TERRAFORM)) {
                AwsExport.Exported e = AwsExport.export(file, w, plan, f, ExportOptions.defaults(),
                        TemplatesTest.class.getClassLoader());
                Path template = tmp.resolve("nested-" + f.cliName() + "-" + definitions.size() + ".json");
                Files.write(template, e.files().get(0).content());
                String definition;
                if (f == ExportFormat.TERRAFORM) {
                    definition = template(e).at("/resource/aws_sfn_state_machine/main/definition").asText();
                } else {
                    specArgs.add(template.toString());
                    definition = template(e).at("/Resources/StateMachine/Properties/Definition").toString();
                }
                Path asl = tmp.resolve("nested-" + definitions.size() + ".asl.json");
                Files.writeString(asl, definition.replaceAll("\\$\\{[^}]+\\}",
                        "arn:aws:lambda:us-east-1:123456789012:function:f"));
                definitions.add(asl);
                assertThat(definition).contains("\"Parallel a | b | c\"", "\"Parallel bx | by\"");
            }
        }
        NodeTools.Result spec = NodeTools.node(specArgs, Map.of(), 120);
        assertThat(spec.exit()).as(spec.out() + spec.err()).isZero();
        assertThat(spec.out()).contains("4 templates checked").contains(": 0 problems");
        NodeTools.Result asl = NodeTools.validateAsl(definitions);
        assertThat(asl.exit()).as(asl.out() + asl.err()).isZero();
    }

    /**
     * Provisioned concurrency and SnapStart in every template format: the function's SnapStart, a published version,
     * the alias live (with the provisioned concurrency on it) and the state machine invoking the alias; the group
     * without either keeps invoking the function. The SAM and CloudFormation templates pass the spec check, the
     * embedded definitions are valid ASL, and every Terraform reference names a declared resource.
     */
    @Test
    void provisionedConcurrencyAndSnapStartAreAnAliasOfAPublishedVersionInEveryFormat() throws Exception {
        Path file = DeployTest.withSnapStartRestore(tmp, "video-analytics");
        Workflow w = dev.dagfuse.model.io.ModelFiles.readWorkflow(file);
        Plan plan = DeployTest.withAliases(w, 3);
        java.util.function.Function<ExportFormat, AwsExport.Exported> export = f -> AwsExport.export(file, w, plan, f,
                ExportOptions.defaults(), TemplatesTest.class.getClassLoader());

        AwsExport.Exported samExport = export.apply(ExportFormat.SAM);
        assertThat(samExport.notes()).contains("The group (merge) is invoked through its alias live (a published version, "
                + "3 provisioned environments kept all day).");
        JsonNode sam = template(samExport).get("Resources");
        assertThat(sam.at("/Group0/Properties/AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(sam.at("/Group0/Properties/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        assertThat(sam.at("/Group0/Properties/ProvisionedConcurrencyConfig").isMissingNode()).isTrue();
        assertThat(sam.at("/Group2/Properties/AutoPublishAlias").asText()).isEqualTo("live");
        assertThat(sam.at("/Group2/Properties/ProvisionedConcurrencyConfig/ProvisionedConcurrentExecutions").asInt()).isEqualTo(3);
        assertThat(sam.at("/Group2/Properties/SnapStart").isMissingNode()).isTrue();
        assertThat(sam.at("/Group1/Properties/AutoPublishAlias").isMissingNode()).isTrue();
        JsonNode samSubs = sam.at("/StateMachine/Properties/DefinitionSubstitutions");
        assertThat(samSubs.at("/Group0Arn/Ref").asText()).isEqualTo("Group0.Alias");
        assertThat(samSubs.at("/Group2Arn/Ref").asText()).isEqualTo("Group2.Alias");
        assertThat(samSubs.at("/Group1Arn/Fn::GetAtt/0").asText()).isEqualTo("Group1");
        assertThat(sam.at("/StateMachine/Properties/Policies/0/Statement/0/Resource").toString())
                .contains("{\"Ref\":\"Group0.Alias\"}", "{\"Ref\":\"Group2.Alias\"}");

        JsonNode cfn = template(export.apply(ExportFormat.CLOUDFORMATION)).get("Resources");
        assertThat(cfn.at("/Group0/Properties/SnapStart/ApplyOn").asText()).isEqualTo("PublishedVersions");
        List<String> versions = new ArrayList<>();
        cfn.fieldNames().forEachRemaining(n -> {
            if (n.matches("Group\\dVersion[0-9a-f]{10}")) {
                versions.add(n);
            }
        });
        assertThat(versions).hasSize(2).allMatch(v -> v.startsWith("Group0") || v.startsWith("Group2"));
        for (String v : versions) {
            String id = v.substring(0, "Group0".length());
            assertThat(cfn.at("/" + v + "/Type").asText()).isEqualTo("AWS::Lambda::Version");
            assertThat(cfn.at("/" + v + "/Properties/FunctionName/Ref").asText()).isEqualTo(id);
            JsonNode alias = cfn.get(id + "Alias");
            assertThat(alias.get("Type").asText()).isEqualTo("AWS::Lambda::Alias");
            assertThat(alias.at("/Properties/Name").asText()).isEqualTo("live");
            assertThat(alias.at("/Properties/FunctionVersion/Fn::GetAtt")).extracting(JsonNode::asText)
                    .containsExactly(v, "Version");
            assertThat(cfn.at("/StateMachine/Properties/DefinitionSubstitutions/" + id + "Arn/Ref").asText())
                    .isEqualTo(id + "Alias");
        }
        assertThat(cfn.at("/Group2Alias/Properties/ProvisionedConcurrencyConfig/ProvisionedConcurrentExecutions").asInt())
                .isEqualTo(3);
        assertThat(cfn.at("/Group0Alias/Properties/ProvisionedConcurrencyConfig").isMissingNode()).isTrue();
        assertThat(cfn.has("Group1Alias")).isFalse();
        assertThat(cfn.at("/StateMachine/Properties/Definition/States/merge/Resource").asText()).isEqualTo("${Group2Arn}");
        // a version is immutable: another memory is another Version resource (CloudFormation publishes it); the same
        // plan exported again keeps its name
        assertThat(template(export.apply(ExportFormat.CLOUDFORMATION)).get("Resources").has(versions.get(0))).isTrue();
        List<PlanGroup> moved = new ArrayList<>(plan.groups());
        moved.set(2, PlanGroup.of(List.of("merge"), 1024, 1, 1).withProvisioned(3));
        JsonNode other = template(AwsExport.export(file, w, new Plan(plan.workflow(), null, moved, null, null),
                ExportFormat.CLOUDFORMATION, ExportOptions.defaults(), getClass().getClassLoader())).get("Resources");
        String mergeVersion = versions.stream().filter(v -> v.startsWith("Group2")).findFirst().orElseThrow();
        String group0Version = versions.stream().filter(v -> v.startsWith("Group0")).findFirst().orElseThrow();
        assertThat(other.has(mergeVersion)).isFalse();
        assertThat(other.has(group0Version)).isTrue();

        String tfText = new String(export.apply(ExportFormat.TERRAFORM).files().get(0).content(), StandardCharsets.UTF_8);
        JsonNode tf = JSON.readTree(tfText).get("resource");
        assertThat(tf.at("/aws_lambda_function/group0/publish").asBoolean()).isTrue();
        assertThat(tf.at("/aws_lambda_function/group0/snap_start/apply_on").asText()).isEqualTo("PublishedVersions");
        assertThat(tf.at("/aws_lambda_function/group1/publish").isMissingNode()).isTrue();
        assertThat(tf.at("/aws_lambda_function/group2/snap_start").isMissingNode()).isTrue();
        assertThat(tf.get("aws_lambda_alias")).hasSize(2);
        assertThat(tf.at("/aws_lambda_alias/group2/name").asText()).isEqualTo("live");
        assertThat(tf.at("/aws_lambda_alias/group2/function_version").asText()).isEqualTo("${aws_lambda_function.group2.version}");
        assertThat(tf.get("aws_lambda_provisioned_concurrency_config")).hasSize(1);
        JsonNode pc = tf.at("/aws_lambda_provisioned_concurrency_config/group2");
        assertThat(pc.get("provisioned_concurrent_executions").asInt()).isEqualTo(3);
        assertThat(pc.get("qualifier").asText()).isEqualTo("${aws_lambda_alias.group2.name}");
        JsonNode tfStates = JSON.readTree(tf.at("/aws_sfn_state_machine/main/definition").asText()).get("States");
        assertThat(tfStates.at("/merge/Resource").asText()).isEqualTo("${aws_lambda_alias.group2.arn}");
        assertThat(tfStates.at("/split/Resource").asText()).isEqualTo("${aws_lambda_alias.group0.arn}");
        assertThat(tfStates.at("/extract+classify map/ItemProcessor/States/extract+classify/Resource").asText())
                .isEqualTo("${aws_lambda_function.group1.arn}");
        Set<String> declared = new HashSet<>();
        tf.properties().forEach(t -> t.getValue().fieldNames().forEachRemaining(n -> declared.add(t.getKey() + "." + n)));
        Matcher m = Pattern.compile("\\$\\{(?!filebase64sha256)([a-z_.0-9]+)\\.[a-z_]+\\}").matcher(tfText);
        while (m.find()) {
            assertThat(declared).as(m.group()).contains(m.group(1));
        }

        NodeTools.assumeNode();
        List<String> specArgs = new ArrayList<>(List.of("check-cfn.cjs"));
        List<Path> definitions = new ArrayList<>();
        for (ExportFormat f : List.of(ExportFormat.SAM, ExportFormat.CLOUDFORMATION, ExportFormat.TERRAFORM)) {
            JsonNode t = template(export.apply(f));
            String definition;
            if (f == ExportFormat.TERRAFORM) {
                definition = t.at("/resource/aws_sfn_state_machine/main/definition").asText();
            } else {
                Path template = tmp.resolve("aliases-" + f.cliName() + ".json");
                Files.writeString(template, t.toString());
                specArgs.add(template.toString());
                definition = t.at("/Resources/StateMachine/Properties/Definition").toString();
            }
            Path asl = tmp.resolve("aliases-" + f.cliName() + ".asl.json");
            Files.writeString(asl, definition.replaceAll("\\$\\{[^}]+\\}",
                    "arn:aws:lambda:us-east-1:123456789012:function:f:live"));
            definitions.add(asl);
        }
        NodeTools.Result spec = NodeTools.node(specArgs, Map.of(), 120);
        assertThat(spec.exit()).as(spec.out() + spec.err()).isZero();
        assertThat(spec.out()).contains("2 templates checked").contains(": 0 problems");
        NodeTools.Result asl = NodeTools.validateAsl(definitions);
        assertThat(asl.exit()).as(asl.out() + asl.err()).isZero();

        // the checker still checks names under SnapStart
        ObjectNode bad = (ObjectNode) template(samExport);
        ((ObjectNode) bad.at("/Resources/Group0/Properties/SnapStart")).put("ApplyOnn", "PublishedVersions");
        Path badFile = tmp.resolve("bad-snapstart.json");
        Files.writeString(badFile, bad.toString());
        NodeTools.Result no = NodeTools.node(List.of("check-cfn.cjs", badFile.toString()), Map.of(), 60);
        assertThat(no.exit()).isEqualTo(1);
        assertThat(no.out()).contains("has no property ApplyOnn");
    }

    /** A plan without provisioned concurrency or SnapStart exports no version, alias or SnapStart, in any format. */
    @Test
    void aPlanWithoutThemExportsNoVersionOrAlias() {
        Plan plan = SamplePlans.fusedAndBundled(AslExportTest.sample("video-analytics"), 2048);
        for (ExportFormat f : List.of(ExportFormat.SAM, ExportFormat.CLOUDFORMATION, ExportFormat.TERRAFORM)) {
            String text = new String(export("video-analytics", plan, f).files().get(0).content(), StandardCharsets.UTF_8);
            assertThat(text).as(f.cliName()).doesNotContain("AutoPublishAlias", "AWS::Lambda::Version", "AWS::Lambda::Alias",
                    "SnapStart", "snap_start", "\"publish\"", "aws_lambda_alias", "provisioned", ":live");
        }
    }

    /**
     * The code package is complete and deterministic: built twice it has the same bytes; loaded alone (its lib/ jars
     * in a class loader with nothing else of this JVM's class path) its handler runs a sample group from the
     * environment a deployed function has.
     */
    @Test
    void theCodePackageRunsAGroupOnItsOwn() throws Exception {
        Workflow w = AslExportTest.sample("chatbot");
        CodePackage a = CodePackage.build(workflowFile("chatbot"), w, getClass().getClassLoader());
        CodePackage b = CodePackage.build(workflowFile("chatbot"), w, getClass().getClassLoader());
        assertThat(a.sha256Base64()).isEqualTo(b.sha256Base64());
        assertThat(a.entries()).contains(RuntimeEnv.WORKFLOW_RESOURCE).anyMatch(n -> n.startsWith("lib/jackson-databind-"))
                .anyMatch(n -> n.startsWith("lib/s3-")).noneMatch(n -> n.contains("ortools") || n.contains("picocli"));

        Path root = tmp.resolve("task");
        List<URL> jars = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(a.zip()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path out = root.resolve(entry.getName());
                Files.createDirectories(out.getParent());
                Files.write(out, zip.readAllBytes());
                if (entry.getName().startsWith("lib/")) {
                    jars.add(out.toUri().toURL());
                }
            }
        }
        try (URLClassLoader isolated = new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> handler = Class.forName(RuntimeEnv.HANDLER.substring(0, RuntimeEnv.HANDLER.indexOf("::")), true, isolated);
            Map<String, String> env = new HashMap<>();
            env.put("LAMBDA_TASK_ROOT", root.toString());
            env.put(RuntimeEnv.GROUP, "split");
            env.put(RuntimeEnv.FUNCTIONS, "split");
            env.put(RuntimeEnv.MEMORY_MB, "1769");
            env.put(RuntimeEnv.BUCKET, "b");
            env.put(RuntimeEnv.INLINE_LIMIT_BYTES, "100000000");
            Object runtime = handler.getMethod("fromEnvironment", Map.class).invoke(null, env);
            Object instance = handler.getConstructor(runtime.getClass()).newInstance(runtime);
            Method handle = handler.getMethod("handleRequest", InputStream.class, OutputStream.class,
                    Class.forName("com.amazonaws.services.lambda.runtime.Context", false, isolated));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Object request = new dev.dagfuse.samples.chatbot.Split().defaultInput(0);
            String event = "{\"execution\":\"e\",\"request\":{\"inline\":\""
                    + java.util.Base64.getEncoder().encodeToString(dev.dagfuse.model.handler.OutputSerialization.serialize(request))
                    + "\"}}";
            handle.invoke(instance, new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, null);
            JsonNode answer = JSON.readTree(out.toByteArray());
            assertThat(answer.get("group").asText()).isEqualTo("split");
            assertThat(answer.at("/outputs/0/inline").asText()).isNotEmpty();
        }
    }
}
