// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.model.FunctionProfile;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.profiler.ProfileMerge;
import dev.dagfuse.profiler.TraceImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dagfuse profile import FILE... [-o PROFILE]}. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {
                "Makes a profile (source: trace-import) from traces of deployed functions.",
                "CloudWatch Logs exports of Lambda REPORT lines (plain text, or CSV such as",
                "a Logs Insights export): latency per memory size from warm invocations,",
                "cold starts from Init Duration, peak memory from Max Memory Used. A line's",
                "function: --function, else a function-name column (function, @log,",
                "logGroup...), else a /aws/lambda/NAME log group in the line, else the file",
                "name (with --workflow).",
                "Step Functions execution histories (JSON of aws stepfunctions",
                "get-execution-history): per Task state, TaskStateEntered to TaskSucceeded or",
                "LambdaFunctionSucceeded, invoke overhead included. Histories do not record",
                "memory sizes: give --memory NAME=MB, or --workflow (its memoryMB).",
                "Each file's format is detected (JSON = history). Prints the profile, or",
                "writes it with -o."})
final class ProfileImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log exports or execution histories.")
    List<Path> files;

    @Option(names = {"-w", "--workflow"}, paramLabel = "WORKFLOW",
            description = "Check function names against this workflow and take memory sizes for histories from it.")
    Path workflowFile;

    @Option(names = "--function", paramLabel = "NAME",
            description = "Every REPORT line belongs to this function (one function per file).")
    String function;

    @Option(names = "--function-prefix", paramLabel = "P",
            description = "Removed from deployed function and state names (e.g. video-analytics-).")
    String functionPrefix;

    @Option(names = "--memory", paramLabel = "FUNCTION=MB", description = "Histories: a function's memory size. Repeatable.")
    Map<String, Integer> memory = new LinkedHashMap<>();

    @Option(names = "--cpu-fraction", paramLabel = "FUNCTION=F",
            description = "The share (0..1] of a function's measured latency that was CPU work, when the traces' "
                    + "source recorded it (e.g. 0.2 for 20%% CPU utilisation). With one measured size the model then "
                    + "scales only that share with the memory's CPU, not all of it. Repeatable.")
    Map<String, Double> cpuFraction = new LinkedHashMap<>();

    @Mixin
    OutputOption output;

    @Override
    public Integer call() {
        List<Path> read = new ArrayList<>(files);
        read.add(workflowFile);
        Outputs.check(output.file, read.toArray(Path[]::new));
        Workflow workflow = workflowFile == null ? null : ModelFiles.readWorkflow(workflowFile);
        for (Map.Entry<String, Integer> e : memory.entrySet()) {
            if (e.getValue() < 128 || e.getValue() > 10_240) {
                throw new UserException(ExitCodes.USAGE, "The --memory of function (" + e.getKey() + ") ("
                        + e.getValue() + " MB) must be within 128..10240 MB.");
            }
        }
        for (Map.Entry<String, Double> e : cpuFraction.entrySet()) {
            if (!(e.getValue() > 0 && e.getValue() <= 1)) {
                throw new UserException(ExitCodes.USAGE, "The --cpu-fraction of function (" + e.getKey() + ") ("
                        + e.getValue() + ") must be within (0, 1]: 0.2 for 20% CPU utilisation.");
            }
        }
        TraceImport.Options options = new TraceImport.Options(function, functionPrefix, memory, workflow);
        List<Path> logs = new ArrayList<>();
        List<Path> histories = new ArrayList<>();
        for (Path file : files) {
            (TraceImport.detect(file) == TraceImport.Format.HISTORY ? histories : logs).add(file);
        }
        List<ProfileMerge.Input> parts = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        // histories first: where both measured a size, the REPORT lines' Duration (no invoke overhead) wins
        if (!histories.isEmpty()) {
            TraceImport.Imported imported = TraceImport.executionHistories(histories, options);
            parts.add(new ProfileMerge.Input("histories", imported.profile()));
            notes.addAll(imported.notes());
        }
        if (!logs.isEmpty()) {
            TraceImport.Imported imported = TraceImport.reportLogs(logs, options);
            parts.add(new ProfileMerge.Input("logs", imported.profile()));
            notes.addAll(imported.notes());
        }
        Profile merged = parts.size() == 1 ? parts.get(0).profile() : ProfileMerge.merge(parts);
        for (Map.Entry<String, Double> e : cpuFraction.entrySet()) {
            if (!merged.functions().containsKey(e.getKey())) {
                throw new UserException(ExitCodes.USAGE, "The --cpu-fraction names function (" + e.getKey()
                        + "), which the traces do not have. Functions found: "
                        + String.join(", ", merged.functions().keySet()) + ".");
            }
        }
        Map<String, FunctionProfile> withCpu = new LinkedHashMap<>();
        merged.functions().forEach((name, f) -> withCpu.put(name,
                cpuFraction.containsKey(name) ? f.withCpuFraction(cpuFraction.get(name)) : f));
        Profile recorded = new Profile(merged.source(), merged.machine(), withCpu);
        Profile profile = recorded;
        if (workflow != null) {
            Map<String, FunctionProfile> ordered = new LinkedHashMap<>();
            workflow.functions().keySet().stream().filter(recorded.functions()::containsKey)
                    .forEach(n -> ordered.put(n, recorded.function(n)));
            profile = new Profile(recorded.source(), recorded.machine(), ordered);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        notes.forEach(n -> err.println("note: " + n));
        err.flush();
        if (output.file == null || Outputs.isStdout(output.file)) {
            out.print(ModelFiles.profileToYaml(profile));
        } else {
            ModelFiles.writeProfile(profile, output.file);
            out.println("wrote " + ProfileCommand.display(output.file) + " (source " + profile.source() + ", "
                    + profile.functions().size() + " functions: " + String.join(", ", profile.functions().keySet()) + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
