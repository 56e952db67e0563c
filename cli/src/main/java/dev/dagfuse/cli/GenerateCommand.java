// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.io.ModelFiles;
import dev.dagfuse.model.io.OutputFiles;
import dev.dagfuse.optimizer.Synthetic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code dagfuse generate --functions N --max-fan-out F --seed S -o DIR}. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic workflow (DIR/workflow.yaml) and profile",
                "(DIR/profile.yaml, source: synthetic) for tests and benchmarks: a random",
                "DAG with fusible chains, fan-outs, gathers and joins, and lognormal",
                "latencies at three memory sizes following t(m) = a + b / cpu(m).",
                "The same seed gives the same files. Nothing in them is measured."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--functions", required = true, paramLabel = "N", description = "Number of functions (≥ 1).")
    int functions;

    @Option(names = "--max-fan-out", paramLabel = "F", defaultValue = "10",
            description = "Largest fan-out of a function (default: ${DEFAULT-VALUE}).")
    int maxFanOut;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR",
            description = "Directory to write workflow.yaml and profile.yaml into (created if missing; files replaced).")
    Path dir;

    @Override
    public Integer call() {
        Bounds.check("--functions", functions, 1, Ranges.MAX_FUNCTIONS, "10");
        Bounds.check("--max-fan-out", maxFanOut, 1, Ranges.MAX_FAN_OUT, "10");
        OutputFiles.checkDirectory(dir);
        Synthetic.Generated generated = Synthetic.generate(functions, maxFanOut, seed);
        Path workflow = dir.resolve("workflow.yaml");
        Path profile = dir.resolve("profile.yaml");
        ModelFiles.writeAtomically(workflow, generated.workflowYaml());
        ModelFiles.writeProfile(generated.profile(), profile);
        // read back what was written: a generator bug must not leave an invalid file unnoticed
        ModelFiles.readProfile(profile, ModelFiles.readWorkflow(workflow));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Wrote %s (%d functions) and %s (source: synthetic).%n", workflow, functions, profile);
        out.flush();
        return ExitCodes.OK;
    }
}
