// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.app.render.Renderers;
import dev.dagfuse.model.Architecture;
import dev.dagfuse.model.InputError;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.profiler.AwsProfiler;
import dev.dagfuse.profiler.FunctionReport;
import dev.dagfuse.profiler.LocalProfiler;
import dev.dagfuse.profiler.ProfileRun;
import dev.dagfuse.profiler.ProfilerException;
import dev.dagfuse.profiler.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dagfuse profile WORKFLOW --target local|aws}, and its subcommands show, import and merge. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        subcommands = {ProfileShowCommand.class, ProfileImportCommand.class, ProfileMergeCommand.class},
        description = {
                "Measures a workflow's functions and writes a profile (default: profile.yaml",
                "beside the workflow, written atomically).",
                "--target local (default) runs each function's Java handler in this JVM on",
                "real inputs: entry functions get the workflow's sampleInput (or the entry",
                "handler's default input), the others the outputs of really running their",
                "predecessors. 1 thread is recorded as 1769 MB (1 vCPU on Lambda), t threads",
                "as t x 1769 MB for functions that use several threads. source: local-jvm.",
                "--target aws measures deployed Lambda functions at each --memory size (Power",
                "Tuning style) and restores their memory afterwards, also after a failure or",
                "Ctrl-C. source: aws-lambda.",
                "A function that throws is reported with its error count and the others are",
                "still measured; exit 1 if a function has no successful run, 2 on bad input.",
                "See docs/profiling.md for what every number means.",
                "Subcommands: show (a profile as a table, measured and modelled sizes),",
                "import (CloudWatch REPORT lines, Step Functions histories), merge."})
final class ProfileCommand implements Callable<Integer> {

    enum Target { local, aws }

    enum ProgressMode { auto, bar, plain, none }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKFLOW", description = "The workflow to measure.")
    Path workflowFile;

    @Option(names = "--target", defaultValue = "local", paramLabel = "TARGET", description = "local or aws (default: ${DEFAULT-VALUE}).")
    Target target;

    @Option(names = "-n", paramLabel = "N",
            description = "Measured runs per function and size (default: 30 local, 20 aws).")
    Integer runs;

    @Mixin
    OutputOption output;

    @Mixin
    ClassPathOption classPath;

    @Option(names = "--parallelism", paramLabel = "FUNCTION=P",
            description = "The threads a function keeps busy, when known (local: replaces the measured value; "
                    + "aws: recorded, default 1). Repeatable.")
    Map<String, Integer> parallelism = new LinkedHashMap<>();

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar when stderr is a terminal, else plain lines), bar, plain or none "
                    + "(default: ${DEFAULT-VALUE}).")
    ProgressMode progressMode;

    // local
    @Option(names = "--warmup", paramLabel = "W", description = "local: at least W warm-up runs before measuring, then more until the latency is "
            + "steady (the medians of three windows of 5 runs within 5%%, the JIT quiet; at most 200 runs or 20 s) "
            + "(default: 3).")
    Integer warmup;

    @Option(names = "--cold-starts", paramLabel = "C",
            description = "local: first calls in a fresh class loader per function (default: 5).")
    Integer coldStarts;

    @Option(names = "--seed", paramLabel = "S", description = "local: seed of the entry handlers' default input (default: 1).")
    Long seed;

    @Option(names = "--threads", paramLabel = "T",
            description = "local: the most threads to measure with (default: this machine's cores).")
    Integer threads;

    // aws
    @Option(names = "--memory", split = ",", paramLabel = "MB",
            description = "aws: the memory sizes to measure, e.g. 512,1024,1769,3008 (required with --target aws).")
    List<Integer> memory;

    @Option(names = "--parallel",
            description = "aws: invoke the N runs of a size concurrently (faster; more cold starts).")
    boolean parallel;

    @Option(names = "--function-prefix", paramLabel = "P",
            description = "aws: the deployed name of function f is P + f (e.g. video-analytics-).")
    String functionPrefix;

    @Option(names = "--also-on", paramLabel = "ARCH=PREFIX",
            description = "aws: also measure a copy of the workflow deployed for another architecture under PREFIX "
                    + "(e.g. arm64=video-arm-): the profile keeps those samples per architecture, and the planner "
                    + "may then run a group on either. Repeatable.")
    Map<String, String> alsoOn = new LinkedHashMap<>();

    @Option(names = "--endpoint", paramLabel = "URL", description = "aws: another Lambda endpoint (e.g. a local emulator).")
    String endpoint;

    @Option(names = "--region", paramLabel = "R", description = "aws: the region (default: AWS_REGION / the AWS profile).")
    String region;

    @Option(names = "--payload", paramLabel = "FUNCTION=FILE",
            description = "aws: the payload sent to a function (default: the sampleInput for entry functions, {} "
                    + "for the others). Repeatable.")
    Map<String, Path> payloads = new LinkedHashMap<>();

    @Override
    public Integer call() {
        if (workflowFile == null) {
            throw new UserException(ExitCodes.USAGE, "Give a WORKFLOW to measure (dagfuse profile WORKFLOW --target local), "
                    + "or a subcommand: show, import, merge. See dagfuse profile --help.");
        }
        Bounds.check("-n", runs, 1, Ranges.MAX_PROFILE_RUNS, "30");
        Bounds.check("--warmup", warmup, 0, Ranges.MAX_PROFILE_RUNS, "3");
        Bounds.check("--cold-starts", coldStarts, 0, Ranges.MAX_PROFILE_RUNS, "5");
        Bounds.check("--threads", threads, 1, Ranges.MAX_CORES, null);
        for (Map.Entry<String, Integer> p : parallelism.entrySet()) {
            Bounds.check("--parallelism of function (" + p.getKey() + ")", p.getValue(), 1, Ranges.MAX_PARALLELISM, "1");
        }
        Workflow workflow = ModelFiles.readWorkflow(workflowFile);
        checkFunctions(workflow, parallelism.keySet(), "--parallelism");
        Path out = output.file != null ? output.file : workflowFile.toAbsolutePath().resolveSibling("profile.yaml");
        List<Path> inputs = new ArrayList<>(payloads.values());
        inputs.add(workflowFile);
        inputs.add(workflow.sampleInput());
        Outputs.check(out, inputs.toArray(Path[]::new));
        PrintWriter err = spec.commandLine().getErr();
        ProfileRun run;
        try (ExitGuard guard = ExitGuard.enter("dagfuse profile", err, () -> { });
             Progress progress = progress(err, workflow)) {
            run = target == Target.local ? local(workflow, progress) : aws(workflow, progress);
        } catch (InputException e) {
            throw withFile(e, workflowFile);
        } catch (ProfilerException e) {
            throw new UserException(e.isUsage() ? ExitCodes.USAGE : ExitCodes.FAILURE, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new UserException(ExitCodes.USAGE, e.getMessage());
        }
        // with -o -, the profile is what stdout gets; the summary goes to stderr
        PrintWriter stdout = Outputs.isStdout(out) ? err : spec.commandLine().getOut();
        stdout.print(Renderers.profileRun().render(run));
        stdout.flush();
        for (FunctionReport f : run.functions()) {
            if (f.status() == FunctionReport.Status.FAILED) {
                err.println("dagfuse profile: function (" + f.function() + ") has no successful run: " + f.error()
                        + (f.errors() > 0 ? " (" + f.errors() + " error" + (f.errors() == 1 ? "" : "s") + ")" : ""));
            }
        }
        if (run.profile().functions().isEmpty()) {
            err.println("dagfuse profile: no function was measured; nothing written.");
            err.flush();
            return ExitCodes.FAILURE;
        }
        if (Outputs.isStdout(out)) {
            Outputs.write(spec, out, ModelFiles.profileToYaml(run.profile()));
            return run.hasFailures() ? ExitCodes.FAILURE : ExitCodes.OK;
        }
        ModelFiles.writeProfile(run.profile(), out);
        stdout.println("wrote " + display(out) + " (source " + run.profile().source() + ", "
                + run.profile().functions().size() + " of " + workflow.functions().size() + " functions)");
        stdout.flush();
        err.flush();
        return run.hasFailures() ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private ProfileRun local(Workflow workflow, Progress progress) {
        if (memory != null || parallel || functionPrefix != null || endpoint != null || region != null || !payloads.isEmpty()
                || !alsoOn.isEmpty()) {
            throw new UserException(ExitCodes.USAGE, "--memory, --parallel, --function-prefix, --also-on, --endpoint, "
                    + "--region and --payload are for --target aws. Locally, sizes follow from threads (1 thread = 1769 MB).");
        }
        LocalProfiler.Options o = LocalProfiler.Options.defaults();
        o = o.withRuns(runs == null ? 30 : runs).withWarmup(warmup == null ? 3 : warmup)
                .withColdStarts(coldStarts == null ? 5 : coldStarts).withSeed(seed == null ? 1 : seed)
                .withParallelism(parallelism);
        if (threads != null) {
            o = o.withMaxThreads(threads);
        }
        URLClassLoader handlers = classPath.loader(ProfileCommand.class.getClassLoader());
        try {
            // cold starts load the handlers anew from dagfuse's class path and --classpath (FreshLoader)
            return LocalProfiler.profile(workflow, handlers == null ? o : o.withLoader(handlers), progress);
        } finally {
            ClassPathOption.close(handlers);
        }
    }

    private ProfileRun aws(Workflow workflow, Progress progress) {
        if (warmup != null || coldStarts != null || seed != null || threads != null) {
            throw new UserException(ExitCodes.USAGE, "--warmup, --cold-starts, --seed and --threads are for --target local.");
        }
        if (memory == null || memory.isEmpty()) {
            throw new UserException(ExitCodes.USAGE, "--target aws needs the sizes to measure, e.g. --memory 512,1024,1769,3008.");
        }
        checkFunctions(workflow, payloads.keySet(), "--payload");
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = new URI(endpoint);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new URISyntaxException(endpoint, "no scheme or host");
                }
            } catch (URISyntaxException e) {
                throw new UserException(ExitCodes.USAGE, "The --endpoint (" + endpoint
                        + ") is not a URL. Maybe http://localhost:9001.");
            }
        }
        AwsProfiler.Options o = new AwsProfiler.Options(memory, runs == null ? 20 : runs, parallel, functionPrefix, uri,
                region, null, payloads, parallelism, Duration.ofSeconds(1), Duration.ofMinutes(5));
        return AwsProfiler.profile(workflow, o, otherArchitectures(workflow), progress);
    }

    /** --also-on, checked against the workflow's platform: each another architecture it offers, once. */
    private Map<Architecture, String> otherArchitectures(Workflow workflow) {
        List<Architecture> offered = workflow.platform().architectures();
        Map<Architecture, String> prefixes = new EnumMap<>(Architecture.class);
        for (Map.Entry<String, String> e : alsoOn.entrySet()) {
            Architecture a = Architecture.ofYaml(e.getKey());
            if (a == null || !offered.contains(a)) {
                throw new UserException(ExitCodes.USAGE, "The --also-on architecture (" + e.getKey() + ") is not one "
                        + "the platform offers: " + offered.stream().map(Architecture::yamlName).toList() + ".");
            }
            if (a == offered.get(0)) {
                throw new UserException(ExitCodes.USAGE, "The --also-on architecture (" + e.getKey() + ") is the "
                        + "platform's own, which --function-prefix measures. Maybe --also-on "
                        + offered.stream().filter(o -> o != a).findFirst().map(Architecture::yamlName).orElse("arm64")
                        + "=" + e.getValue() + ".");
            }
            if (e.getValue().isBlank()) {
                throw new UserException(ExitCodes.USAGE, "The --also-on " + e.getKey() + " needs the prefix its copy "
                        + "is deployed under, e.g. --also-on " + e.getKey() + "=my-workflow-" + e.getKey() + "-.");
            }
            prefixes.put(a, e.getValue());
        }
        return prefixes;
    }

    private Progress progress(PrintWriter err, Workflow workflow) {
        ProgressMode mode = progressMode;
        if (mode == ProgressMode.auto) {
            mode = Progress.stderrIsTerminal() ? ProgressMode.bar : ProgressMode.plain;
        }
        return switch (mode) {
            case bar -> Progress.bar(err, "profile " + workflow.name());
            case plain -> Progress.plain(err);
            default -> Progress.none();
        };
    }

    private static void checkFunctions(Workflow workflow, Iterable<String> names, String option) {
        for (String name : names) {
            if (!workflow.functions().containsKey(name)) {
                throw new UserException(ExitCodes.USAGE, "The " + option + " names a function (" + name
                        + ") that the workflow (" + workflow.name() + ") does not have. Its functions: "
                        + String.join(", ", workflow.functions().keySet()) + ".");
            }
        }
    }

    static InputException withFile(InputException e, Path file) {
        return e.withFile(file.toString());
    }

    static String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
