// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dagfuse.aws.internal.Clients;
import dev.dagfuse.aws.internal.Layout;
import dev.dagfuse.aws.internal.SdkStore;
import dev.dagfuse.aws.runtime.Payloads;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetExecutionHistoryRequest;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.ListStateMachinesRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StateMachineListItem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code dagfuse invoke}: starts executions of a deployed plan, waits for them, reads their histories and reports
 * measured latency (per request and per group) next to the plan's prediction. The histories can be saved in the
 * {@code GetExecutionHistory} JSON that {@code dagfuse profile import} reads, so a deployed plan can be measured,
 * re-profiled and re-planned. Tested only against an in-test fake of the AWS APIs.
 */
public final class AwsInvoke {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long POLL_MS = 200;
    private static final Duration WAIT_LIMIT = Duration.ofMinutes(20);

    /**
     * @param requests executions to start
     * @param concurrency executions in flight at once
     * @param historiesDir where to save each execution's history as JSON, or null
     */
    public record Options(int requests, int concurrency, Path historiesDir) {
        public Options {
            if (requests < 1 || concurrency < 1) {
                throw new IllegalArgumentException("requests (" + requests + ") and concurrency (" + concurrency
                        + ") must be at least 1.");
            }
        }
    }

    private AwsInvoke() {
    }

    /**
     * Runs {@code options.requests()} executions of the deployed {@code plan} with {@code requestInput}.
     *
     * @throws InputException when the plan's state machine is not deployed
     */
    public static InvokeReport invoke(Workflow workflow, Plan plan, DeployOptions deploy, String planLabel, Object requestInput,
                                      Options options) {
        Layout layout = Layout.of(workflow, plan, deploy.exportOptions(planLabel));
        String bucket = deploy.bucket() != null ? deploy.bucket() : layout.defaultBucket();
        try (Clients aws = new Clients(deploy, layout.region())) {
            String arn = null;
            for (StateMachineListItem item : aws.sfn.listStateMachinesPaginator(ListStateMachinesRequest.builder().build())
                    .stateMachines()) {
                if (item.name().equals(layout.stateMachineName())) {
                    arn = item.stateMachineArn();
                }
            }
            if (arn == null) {
                throw new InputException(planLabel, "", "The plan's state machine (" + layout.stateMachineName()
                        + ") is not deployed in " + layout.region() + ". Maybe run dagfuse deploy first.");
            }
            SdkStore store = new SdkStore(aws.s3, bucket);
            String machine = arn;
            String stamp = Long.toString(Instant.now().toEpochMilli(), 36);
            ExecutorService pool = Executors.newFixedThreadPool(options.concurrency());
            List<Future<Object[]>> futures = new ArrayList<>();
            try {
                for (int i = 0; i < options.requests(); i++) {
                    String name = "dagfuse-" + stamp + "-" + i;
                    futures.add(pool.submit(() -> runOne(aws, store, layout, machine, name, requestInput, options.historiesDir())));
                }
                List<InvokeReport.Execution> executions = new ArrayList<>();
                Map<String, List<Double>> spans = new LinkedHashMap<>();
                layout.groups().forEach(g -> spans.put(g.plan().id(), new ArrayList<>()));
                for (Future<Object[]> f : futures) {
                    Object[] r = f.get();
                    InvokeReport.Execution e = (InvokeReport.Execution) r[0];
                    executions.add(e);
                    if (e.ok()) {
                        @SuppressWarnings("unchecked")
                        Map<String, Double> s = (Map<String, Double>) r[1];
                        s.forEach((g, ms) -> spans.get(g).add(ms));
                    }
                }
                List<InvokeReport.GroupTimes> groups = new ArrayList<>();
                for (Layout.Group g : layout.groups()) {
                    groups.add(new InvokeReport.GroupTimes(g.plan().id(), g.plan().bundleSize(), g.plan().invocations(),
                            spans.get(g.plan().id())));
                }
                Map<Double, Double> predicted = plan.predicted() == null ? Map.of() : plan.predicted().latencyMs();
                return new InvokeReport(workflow.name(), arn, options.concurrency(), executions, groups, predicted);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the executions", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static Object[] runOne(Clients aws, SdkStore store, Layout layout, String machine, String name,
                                   Object requestInput, Path historiesDir) throws IOException, InterruptedException {
        String input = Payloads.executionInput(name, requestInput, store, layout.keyPrefix(), layout.inlineLimitBytes());
        String execArn = aws.sfn.startExecution(StartExecutionRequest.builder().stateMachineArn(machine).name(name)
                .input(input).build()).executionArn();
        Instant deadline = Instant.now().plus(WAIT_LIMIT);
        DescribeExecutionResponse d;
        while (true) {
            d = aws.sfn.describeExecution(DescribeExecutionRequest.builder().executionArn(execArn).build());
            if (d.status() != ExecutionStatus.RUNNING || Instant.now().isAfter(deadline)) {
                break;
            }
            Thread.sleep(POLL_MS);
        }
        List<HistoryEvent> events = new ArrayList<>();
        aws.sfn.getExecutionHistoryPaginator(GetExecutionHistoryRequest.builder().executionArn(execArn).build())
                .events().forEach(events::add);
        if (historiesDir != null) {
            ModelFiles.writeAtomically(historiesDir.resolve(name + ".json"), historyJson(events));
        }
        double latency = d.stopDate() == null ? Double.NaN : Duration.between(d.startDate(), d.stopDate()).toNanos() / 1e6;
        InvokeReport.Execution e = new InvokeReport.Execution(name, d.statusAsString(), latency, d.error(), d.cause());
        return new Object[] {e, groupSpans(layout, events)};
    }

    /** Per group: its first state entered to its last state exited (its Pass, Map and Task states). */
    static Map<String, Double> groupSpans(Layout layout, List<HistoryEvent> events) {
        Map<String, String> groupOfState = new HashMap<>();
        for (Layout.Group g : layout.groups()) {
            for (String s : Set.of(g.stateName(), g.stateName() + " branches", g.stateName() + " map")) {
                groupOfState.put(s, g.plan().id());
            }
        }
        Map<String, Instant> first = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        for (HistoryEvent e : events) {
            String entered = e.stateEnteredEventDetails() == null ? null : e.stateEnteredEventDetails().name();
            String exited = e.stateExitedEventDetails() == null ? null : e.stateExitedEventDetails().name();
            if (entered != null && groupOfState.containsKey(entered)) {
                first.merge(groupOfState.get(entered), e.timestamp(), (a, b) -> a.isBefore(b) ? a : b);
            }
            if (exited != null && groupOfState.containsKey(exited)) {
                last.merge(groupOfState.get(exited), e.timestamp(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        Map<String, Double> spans = new LinkedHashMap<>();
        for (Layout.Group g : layout.groups()) {
            Instant a = first.get(g.plan().id());
            Instant b = last.get(g.plan().id());
            if (a != null && b != null) {
                spans.put(g.plan().id(), Duration.between(a, b).toNanos() / 1e6);
            }
        }
        return spans;
    }

    /** The history as the GetExecutionHistory JSON (AWS CLI shape) that TraceImport reads. */
    static String historyJson(List<HistoryEvent> events) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("events");
        for (HistoryEvent e : events) {
            ObjectNode n = list.addObject();
            n.put("id", e.id());
            n.put("previousEventId", e.previousEventId() == null ? 0 : e.previousEventId());
            n.put("type", e.typeAsString());
            n.put("timestamp", e.timestamp().toString());
            if (e.stateEnteredEventDetails() != null) {
                n.putObject("stateEnteredEventDetails").put("name", e.stateEnteredEventDetails().name());
            }
            if (e.stateExitedEventDetails() != null) {
                n.putObject("stateExitedEventDetails").put("name", e.stateExitedEventDetails().name());
            }
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
