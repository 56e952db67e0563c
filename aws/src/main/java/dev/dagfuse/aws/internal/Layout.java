// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.aws.internal;

import dev.dagfuse.aws.ExportOptions;
import dev.dagfuse.aws.runtime.RuntimeEnv;
import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.FunctionSpec;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.MapForm;
import dev.dagfuse.model.Orchestration;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.PlanGroup;
import dev.dagfuse.model.Platform;
import dev.dagfuse.model.SeriesParallel;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.PlanValidator;
import dev.dagfuse.model.platform.AwsLambdaPlatform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A plan laid out on AWS: per group its function's name, memory, architecture, timeout, Map form and environment;
 * the state machine's name and type; the bucket and key prefix. Export, deploy and invoke all read this one layout,
 * so the names they use agree.
 */
public record Layout(Workflow workflow, Plan plan, ExportOptions options, String region, Orchestration orchestration,
                     List<Group> groups, String stateMachineName, String keyPrefix, long inlineLimitBytes) {

    /** Step Functions' {@code States.ArrayRange} makes at most 1,000 items. */
    public static final int MAX_FAN_OUT = 1000;
    /** The Lambda runtime the group functions run on. */
    public static final String JAVA_RUNTIME = "java17";
    /**
     * The alias a group with provisioned concurrency or SnapStart is invoked through: both apply to a published
     * version only, never to $LATEST.
     */
    public static final String ALIAS = "live";
    /** The Java managed runtimes SnapStart supports (AWS Lambda Developer Guide, "Lambda SnapStart": Java 11 and later). */
    static final List<String> SNAP_START_RUNTIMES = List.of("java11", "java17", "java21");

    /**
     * One deployed group.
     *
     * @param index its position in the plan
     * @param resultKey where the state keeps its result ({@code $.results.KEY})
     * @param functionName the Lambda function's name
     * @param timeoutSeconds the function's timeout
     */
    public record Group(int index, PlanGroup plan, String functionName, String resultKey, Architecture architecture,
                        MapForm map, int timeoutSeconds) {

        public boolean fannedOut() {
            return plan.fanOut() > 1;
        }

        public String stateName() {
            return plan.id();
        }

        /** The alias the state machine invokes, or null: the unqualified function ($LATEST), as without either. */
        public String alias() {
            return plan.provisioned() != null || plan.snapStart() ? ALIAS : null;
        }

        /** The ARN the state machine invokes: the function's, qualified by the alias when the group has one. */
        public String invokedArn(String functionArn) {
            return alias() == null ? functionArn : functionArn + ":" + alias();
        }
    }

    public Layout {
        groups = List.copyOf(groups);
    }

    /** Lays out {@code plan}; refuses what Step Functions or Lambda cannot run, naming the plan and the group. */
    public static Layout of(Workflow workflow, Plan plan, ExportOptions options) {
        PlanValidator.validate(plan, workflow, options.planLabel());
        // the model and the planner take these; the state machine writer does not yet
        workflow.requireRunnable("export (or deploy)", "plan and evaluate it, and export a copy without them");
        Platform platform = workflow.platform();
        AwsLambdaPlatform aws = AwsLambdaPlatform.settingsOf(platform);
        Orchestration orchestration = plan.orchestration() != null ? plan.orchestration() : aws.orchestrations().get(0);
        String region = options.region() != null ? options.region() : aws.region();
        List<InputError> errors = new ArrayList<>();
        List<Group> groups = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < plan.groups().size(); i++) {
            PlanGroup g = plan.groups().get(i);
            Architecture arch = g.architecture() != null ? g.architecture() : Architecture.ofYaml(aws.architecture());
            MapForm map = g.fanOut() <= 1 ? null : g.map() != null ? g.map() : MapForm.INLINE;
            String path = "groups[" + i + "]";
            if (map != null && map.isDistributed() && orchestration == Orchestration.EXPRESS) {
                errors.add(new InputError(options.planLabel(), path + ".map", "The plan (" + options.planLabel()
                        + ") runs a Distributed Map (" + map.yamlName() + ") for the group (" + g.id()
                        + ") under an Express workflow; Step Functions runs Distributed Map states only in Standard "
                        + "workflows. Maybe orchestration: standard, or map: inline for this group."));
            }
            if (g.fanOut() > MAX_FAN_OUT) {
                errors.add(new InputError(options.planLabel(), path + ".fanOut", "The group (" + g.id() + ") fans out to "
                        + g.fanOut() + " branches; the exported state machine lists branches with States.ArrayRange, "
                        + "which makes at most " + MAX_FAN_OUT + ". Maybe a smaller fan-out."));
            }
            String name = functionName(options.prefix(), workflow.name(), g.functions());
            String clash = names.put(name, g.id());
            if (clash != null) {
                errors.add(new InputError(options.planLabel(), path, "The groups (" + clash + ") and (" + g.id()
                        + ") would both deploy as the function (" + name + "). Maybe rename a function."));
            }
            groups.add(new Group(i, g, name, "g" + i, arch, map, timeoutSeconds(workflow, g, aws)));
        }
        errors.addAll(snapStartErrors(plan, JAVA_RUNTIME, options.planLabel()));
        if (!errors.isEmpty()) {
            throw new InputException(errors);
        }
        String keyPrefix = options.keyPrefix() != null ? options.keyPrefix() : "dagfuse/" + workflow.name();
        // Every group's result stays in the state: the platform's share of it per output (the model uses the same)
        long inlineLimit = aws.inlineOutputBytes(workflow);
        return new Layout(workflow, plan, options, region, orchestration, groups,
                truncate(options.prefix() + workflow.name(), 80), keyPrefix, inlineLimit);
    }

    /** The groups of {@code plan} that ask for SnapStart where {@code runtime} does not support it, one error each. */
    static List<InputError> snapStartErrors(Plan plan, String runtime, String planLabel) {
        List<InputError> errors = new ArrayList<>();
        if (SNAP_START_RUNTIMES.contains(runtime)) {
            return errors;
        }
        for (int i = 0; i < plan.groups().size(); i++) {
            PlanGroup g = plan.groups().get(i);
            if (g.snapStart()) {
                errors.add(new InputError(planLabel, "groups[" + i + "].snapStart", "The plan (" + planLabel
                        + ") gives the group (" + g.id() + ") SnapStart, but dagfuse deploys it on the runtime ("
                        + runtime + "), which SnapStart does not support (it supports "
                        + String.join(", ", SNAP_START_RUNTIMES) + "). Maybe remove snapStart from this group."));
            }
        }
        return errors;
    }

    /** {@code PREFIX + WORKFLOW-f1-f2}, at most 64 characters (Lambda's limit; a hash ends a longer one). */
    static String functionName(String prefix, String workflow, List<String> functions) {
        return truncate(prefix + workflow + "-" + String.join("-", functions), 64);
    }

    private static String truncate(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        return name.substring(0, max - 9) + "-" + sha256(name).substring(0, 8);
    }

    /** A bundle's chain runs ceil(k / vCPUs) times one after another; Lambda stops any invocation at 15 minutes. */
    private static int timeoutSeconds(Workflow workflow, PlanGroup g, AwsLambdaPlatform aws) {
        double chainMs = g.functions().stream().map(workflow::function).mapToDouble(FunctionSpec::timeoutMs).sum();
        int rounds = (g.bundleSize() + aws.coresHeld(g.memoryMB()) - 1) / aws.coresHeld(g.memoryMB());
        double ms = Math.min(AwsLambdaPlatform.TIMEOUT_MS, chainMs * rounds);
        return (int) Math.max(3, Math.ceil(ms / 1000));
    }

    /** The environment of a group's function ({@link RuntimeEnv}). */
    public Map<String, String> environment(Group g, String bucket) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(RuntimeEnv.GROUP, g.plan().id());
        env.put(RuntimeEnv.FUNCTIONS, String.join(",", g.plan().functions()));
        env.put(RuntimeEnv.MEMORY_MB, Integer.toString(g.plan().memoryMB()));
        env.put(RuntimeEnv.BUCKET, bucket);
        env.put(RuntimeEnv.PREFIX, keyPrefix);
        env.put(RuntimeEnv.INLINE_LIMIT_BYTES, Long.toString(inlineLimitBytes));
        return env;
    }

    /** The group whose last function is {@code function}. */
    public Group groupEndingWith(String function) {
        for (Group g : groups) {
            List<String> fs = g.plan().functions();
            if (fs.get(fs.size() - 1).equals(function)) {
                return g;
            }
        }
        throw new IllegalArgumentException("No group ends with (" + function + ").");
    }

    /** The groups that run {@code chain}, in its order (a plan splits a chain into consecutive groups). */
    public List<Group> groupsOf(SeriesParallel.Chain chain) {
        List<Group> out = new ArrayList<>();
        for (String f : chain.functions()) {
            for (Group g : groups) {
                if (g.plan().functions().get(0).equals(f)) {
                    out.add(g);
                }
            }
        }
        return out;
    }

    /** The bucket name deploy uses when none is given: lower case, at most 63 characters. */
    public String defaultBucket() {
        String base = (options.prefix() + workflow.name() + "-dagfuse-" + region).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-");
        return base.length() <= 63 ? base : base.substring(0, 54) + "-" + sha256(base).substring(0, 8);
    }

    public static String sha256(String s) {
        return HexFormat.of().formatHex(sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
