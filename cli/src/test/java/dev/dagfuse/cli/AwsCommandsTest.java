// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** export, import asl, deploy and invoke, black-box; deploy and invoke only up to AWS (none is reachable here). */
class AwsCommandsTest {

    private static final String VIDEO = "../samples/video-analytics/workflow.yaml";

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.BeforeAll
    static void noAwsConfiguration() {
        // credentials found first in system properties, and never the EC2 metadata service (no traffic off this machine)
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    private Path plan(String json) throws Exception {
        Path p = tmp.resolve("plan.json");
        Files.writeString(p, json);
        return p;
    }

    private Path videoPlan(String orchestration, String map) throws Exception {
        return plan("""
                {"apiVersion": "dagfuse/v1", "kind": "Plan", "workflow": "video-analytics",%s
                 "groups": [
                  {"id": "split", "functions": ["split"], "memoryMB": 768, "fanOut": 1, "bundleSize": 1, "invocations": 1},
                  {"id": "extract+classify", "functions": ["extract", "classify"], "memoryMB": 3008, "fanOut": 30,
                   "bundleSize": 10, "invocations": 3%s},
                  {"id": "merge", "functions": ["merge"], "memoryMB": 768, "fanOut": 1, "bundleSize": 1, "invocations": 1}]}
                """.formatted(orchestration == null ? "" : " \"orchestration\": \"" + orchestration + "\",",
                map == null ? "" : ", \"map\": \"" + map + "\""));
    }

    @Test
    void exportAslPrintsTheStateMachineAndImportReadsItBack() throws Exception {
        Path plan = videoPlan(null, "distributed-express");
        CliRun run = CliRun.of("export", VIDEO, "--plan", plan.toString(), "--format", "asl");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode asl = new ObjectMapper().readTree(run.out());
        assertThat(asl.at("/States/extract+classify map/ItemBatcher/MaxItemsPerBatch").asInt()).isEqualTo(10);
        assertThat(run.err()).contains("note: The Task ARNs name the placeholder account 123456789012");

        Path def = tmp.resolve("video.asl.json");
        Files.writeString(def, run.out());
        Path out = tmp.resolve("imported.yaml");
        CliRun imported = CliRun.of("import", "asl", def.toString(), "-o", out.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        assertThat(imported.out()).contains("wrote " + out + " (workflow video-analytics)");
        CliRun validate = CliRun.of("validate", out.toString());
        assertThat(validate.code()).as(validate.err()).isZero();
        assertThat(Files.readString(out)).contains("handler: dev.dagfuse.samples.video.Classify").contains("fanOut: 30");
    }

    @Test
    void exportTemplatesWritesTheTemplateAndTheCodePackage() throws Exception {
        Path plan = videoPlan("express", null);
        Path dir = tmp.resolve("sam");
        CliRun run = CliRun.of("export", VIDEO, "--plan", plan.toString(), "--format", "sam", "-o", dir.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(dir.resolve("template.json")).exists();
        assertThat(dir.resolve("dagfuse-functions.zip")).exists();
        assertThat(run.out()).contains("wrote ").contains("note: Deploy with: sam deploy");
        assertThat(Files.readString(dir.resolve("template.json"))).contains("\"Type\" : \"EXPRESS\"");

        CliRun noDir = CliRun.of("export", VIDEO, "--plan", plan.toString(), "--format", "terraform");
        assertThat(noDir.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(noDir.err()).contains("give the directory with -o DIR");
    }

    /** A group's provisioned concurrency: the Task invokes its alias live, and the template publishes it. */
    @Test
    void exportOfAProvisionedGroupInvokesItsAlias() throws Exception {
        Path plan = plan("""
                {"apiVersion": "dagfuse/v1", "kind": "Plan", "workflow": "video-analytics",
                 "groups": [
                  {"id": "split", "functions": ["split"], "memoryMB": 768, "fanOut": 1, "bundleSize": 1, "invocations": 1},
                  {"id": "extract+classify", "functions": ["extract", "classify"], "memoryMB": 3008, "fanOut": 30,
                   "bundleSize": 10, "invocations": 3},
                  {"id": "merge", "functions": ["merge"], "memoryMB": 768, "fanOut": 1, "bundleSize": 1, "invocations": 1,
                   "provisioned": 4}]}
                """);
        CliRun asl = CliRun.of("export", VIDEO, "--plan", plan.toString(), "--format", "asl", "--account", "111122223333");
        assertThat(asl.code()).as(asl.err()).isZero();
        JsonNode states = new ObjectMapper().readTree(asl.out()).get("States");
        assertThat(states.at("/merge/Resource").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:111122223333:function:video-analytics-merge:live");
        assertThat(states.at("/split/Resource").asText())
                .isEqualTo("arn:aws:lambda:us-east-1:111122223333:function:video-analytics-split");
        assertThat(asl.err()).contains("note: Groups with provisioned concurrency or SnapStart are invoked through their alias");

        Path dir = tmp.resolve("cfn");
        CliRun cfn = CliRun.of("export", VIDEO, "--plan", plan.toString(), "--format", "cloudformation", "-o", dir.toString());
        assertThat(cfn.code()).as(cfn.err()).isZero();
        JsonNode r = new ObjectMapper().readTree(dir.resolve("template.json").toFile()).get("Resources");
        assertThat(r.at("/Group2Alias/Properties/ProvisionedConcurrencyConfig/ProvisionedConcurrentExecutions").asInt()).isEqualTo(4);
        assertThat(cfn.out()).contains("note: The group (merge) is invoked through its alias live (a published version, "
                + "4 provisioned environments kept all day).");

        CliRun help = CliRun.of("export", "--help");
        assertThat(help.out()).contains("alias 'live'").contains("a schedule per hour of a load pattern is not built");
    }

    /** SnapStart without the workflow's measured restore time is refused, naming the group, exit 2. */
    @Test
    void exportOfSnapStartWithoutARestoreTimeIsExit2() throws Exception {
        Path plan = plan("""
                {"apiVersion": "dagfuse/v1", "kind": "Plan", "workflow": "video-analytics",
                 "groups": [
                  {"id": "split", "functions": ["split"], "memoryMB": 768, "fanOut": 1, "bundleSize": 1, "invocations": 1,
                   "snapStart": true},
                  {"id": "extract+classify", "functions": ["extract", "classify"], "memoryMB": 3008, "fanOut": 30,
                   "bundleSize": 10, "invocations": 3},
                  {"id": "merge", "functions": ["merge"], "memoryMB": 768, "fanOut": 1, "bundleSize": 1, "invocations": 1}]}
                """);
        CliRun run = CliRun.of("export", VIDEO, "--plan", plan.toString(), "--format", "asl");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("groups[0].snapStart").doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aDistributedMapUnderExpressIsBadInputExit2() throws Exception {
        Path plan = videoPlan("express", "distributed-standard");
        CliRun run = CliRun.of("export", VIDEO, "--plan", plan.toString(), "--format", "asl");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip()).isEqualTo(plan + ": groups[1].map: The plan (" + plan + ") runs a Distributed Map "
                + "(distributed-standard) for the group (extract+classify) under an Express workflow; Step Functions runs "
                + "Distributed Map states only in Standard workflows. Maybe orchestration: standard, or map: inline for this group.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void importOfAnUnsupportedStateIsOneLineExit2AndWritesNothing() throws Exception {
        Path def = tmp.resolve("bad.json");
        Files.writeString(def, "{\"StartAt\": \"S\", \"States\": {\"S\": {\"Type\": \"Task\", "
                + "\"Resource\": \"arn:aws:states:::sqs:sendMessage\", \"Next\": \"T\"}, "
                + "\"T\": {\"Type\": \"Nonsense\", \"End\": true}}}");
        Path out = tmp.resolve("w.yaml");
        CliRun run = CliRun.of("import", "asl", def.toString(), "-o", out.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).contains(def + ": States.T: The state (T) has the type (Nonsense)");
        assertThat(out).doesNotExist();
    }

    /** Nothing listens on the endpoint: deploy says where it stopped and what was not deployed, exit 1. */
    @Test
    void deployAndInvokeWithoutAwsFailWithWhatWasNotDone() throws Exception {
        Path plan = videoPlan(null, null);
        CliRun deploy = CliRun.of("deploy", VIDEO, "--plan", plan.toString(), "--endpoint", "http://127.0.0.1:9",
                "--region", "us-east-1", "--dry-run");
        assertThat(deploy.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(deploy.err()).contains("dagfuse deploy stopped at the bucket video-analytics-dagfuse-us-east-1")
                .contains("Not deployed: bucket video-analytics-dagfuse-us-east-1, role video-analytics-dagfuse-functions")
                .contains("run it again to complete it");
        CliRun invoke = CliRun.of("invoke", VIDEO, "--plan", plan.toString(), "--endpoint", "http://127.0.0.1:9",
                "--region", "us-east-1", "--requests", "0");
        assertThat(invoke.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(invoke.err()).contains("The --requests (0) must be within 1..1000000.");
    }
}
