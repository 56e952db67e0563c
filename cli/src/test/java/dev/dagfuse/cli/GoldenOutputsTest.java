// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every command's output on the samples (and on local-platform copies of two of them), byte for byte, against
 * files under {@code src/test/resources/golden/}. Only wall times and temporary paths are masked. An output that
 * changes on purpose is updated deliberately: {@code GOLDEN_UPDATE=1 mvn -B verify -pl cli -am} rewrites the
 * files, and the diff is reviewed in the commit.
 */
class GoldenOutputsTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = "1".equals(System.getenv("GOLDEN_UPDATE"));
    private static final Path TMP = tempDir();
    private static final Map<String, Path> PLANS = new HashMap<>();

    /** Wall-clock times a solver reports, the only nondeterministic numbers in these outputs. */
    private static final Pattern SOLVER_TIME = Pattern.compile(
            "\\b(OPTIMAL|FEASIBLE|HEURISTIC|GIVEN|UNKNOWN|INFEASIBLE|BASELINE)((?:, \\d+ rounds?)?), [0-9.]+ ?(ms|s|min)\\b");
    private static final Pattern WALL_MS = Pattern.compile("(\"?wallMs\"? ?: ?)\\d+");
    private static final Pattern COMPUTE_TIME = Pattern.compile("[0-9.]+ s to compute\\)");

    record Case(String name, List<String> args, List<String> files) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("dagfuse-golden").toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        try (Stream<Path> walk = Files.walk(TMP)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String sample(String name) {
        return "../samples/" + name + "/workflow.yaml";
    }

    /** A copy of a sample on the local platform with one core, its profile beside it. */
    private static String localCopy(String name) {
        Path dir = TMP.resolve(name + "-local");
        Path wf = dir.resolve("workflow.yaml");
        if (!Files.exists(wf)) {
            try {
                Files.createDirectories(dir);
                String yaml = Files.readString(Path.of(sample(name)));
                yaml = yaml.replace("functions:\n", "platform: { name: local, cores: 1 }\nfunctions:\n");
                Files.writeString(wf, yaml);
                Files.copy(Path.of("../samples/" + name + "/profile.yaml"), dir.resolve("profile.yaml"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return wf.toString();
    }

    /** The plan file of a workflow for its objective, planned once. */
    private static synchronized String plan(String workflow) {
        return PLANS.computeIfAbsent(workflow, wf -> {
            Path out = TMP.resolve("plan-" + PLANS.size() + ".json");
            CliRun r = CliRun.of("plan", wf, "-o", out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            return out;
        }).toString();
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (String s : List.of("video-analytics", "ml-pipeline", "chatbot")) {
            String wf = sample(s);
            String profile = "../samples/" + s + "/profile.yaml";
            cases.add(c(s + "-validate", "validate", wf, profile));
            cases.add(c(s + "-graph-dot", "graph", wf));
            cases.add(c(s + "-graph-mermaid", "graph", wf, "--format", "mermaid"));
            cases.add(c(s + "-graph-plan-dot", "graph", wf, "--plan", "{plan}"));
            cases.add(c(s + "-graph-plan-mermaid", "graph", wf, "--plan", "{plan}", "--format", "mermaid"));
            cases.add(c(s + "-profile-show", "profile", "show", profile, "-w", wf));
            cases.add(withFile(c(s + "-plan-table", "plan", wf, "-o", "{tmp}/" + s + "-out.json"), s + "-out.json"));
            cases.add(withFile(c(s + "-plan-yaml-file", "plan", wf, "-o", "{tmp}/" + s + "-out.yaml"), s + "-out.yaml"));
            for (String f : List.of("json", "yaml", "markdown")) {
                cases.add(c(s + "-plan-" + f, "plan", wf, "--format", f));
            }
            cases.add(c(s + "-plan-budget", "plan", wf, "--budget", "0.0002"));
            cases.add(c(s + "-plan-p99", "plan", wf, "--percentile", "99", "--target", "4s", "--no-bundling"));
            cases.add(c(s + "-plan-infeasible", "plan", wf, "--p95", "10ms", "--time-limit", "60s"));
            cases.add(c(s + "-plan-greedy", "plan", wf, "--solver", "greedy"));
            for (String f : List.of("table", "json", "yaml", "markdown")) {
                cases.add(c(s + "-evaluate-" + f, "evaluate", wf, "--plan", "{plan}", "--format", f));
                cases.add(c(s + "-compare-" + f, "compare", wf, "--format", f));
            }
            cases.add(c(s + "-evaluate-samples", "evaluate", wf, "--plan", "{plan}", "--samples", "2000", "--seed", "7"));
            for (String f : List.of("table", "json", "csv")) {
                cases.add(c(s + "-pareto-" + f, "pareto", wf, "--points", "6", "--format", f));
            }
            for (String f : List.of("text", "json", "markdown", "junit")) {
                cases.add(c(s + "-check-" + f, "check", wf, "--baseline", "{plan}", "--plan", "{plan}", "--format", f));
            }
            cases.add(c(s + "-check-replan", "check", wf, "--baseline", "{plan}"));
            cases.add(withFile(c(s + "-check-write-baseline", "check", wf, "--write-baseline", "{tmp}/" + s + "-b.json"),
                    s + "-b.json"));
            cases.add(c(s + "-check-tight", "check", wf, "--baseline", "{plan}", "--plan", "{plan}",
                    "--max-cost-increase", "0%", "--max-latency-increase", "0%"));
            cases.add(withFile(c(s + "-report", "report", wf, "--plan", "{plan}", "--points", "4", "-o",
                    "{tmp}/" + s + ".html"), s + ".html"));
        }
        for (String s : List.of("ml-pipeline", "chatbot")) {
            String wf = "{local:" + s + "}";
            cases.add(c(s + "-local-plan", "plan", wf));
            cases.add(c(s + "-local-plan-json", "plan", wf, "--format", "json"));
            cases.add(c(s + "-local-evaluate", "evaluate", wf, "--plan", "{plan}"));
            cases.add(c(s + "-local-compare", "compare", wf));
            cases.add(c(s + "-local-pareto", "pareto", wf, "--points", "4"));
            cases.add(c(s + "-local-profile-show", "profile", "show", "{localdir:" + s + "}/profile.yaml", "-w", wf));
            for (String f : List.of("text", "json", "markdown")) {
                cases.add(c(s + "-local-check-" + f, "check", wf, "--baseline", "{plan}", "--plan", "{plan}",
                        "--format", f));
            }
            cases.add(withFile(c(s + "-local-report", "report", wf, "--plan", "{plan}", "--points", "3", "-o",
                    "{tmp}/" + s + "-local.html"), s + "-local.html"));
        }
        cases.add(withFile(withFile(c("generate", "generate", "--functions", "5", "--seed", "3", "-o", "{tmp}/gen"),
                "gen/workflow.yaml"), "gen/profile.yaml"));
        cases.add(c("cluster-plan-overload", "plan-cluster", "../samples/chatbot/cluster.yaml",
                "../samples/ml-pipeline/cluster.yaml", "--rates", "5/s,4/s", "--weights", "2,1"));
        cases.add(c("cluster-plan-json", "plan-cluster", "../samples/chatbot/cluster.yaml",
                "../samples/ml-pipeline/cluster.yaml", "--rates", "1.2/s,0.75/s", "--format", "json"));
        cases.add(c("error-missing-file", "plan", "no-such-workflow.yaml"));
        cases.add(c("error-bad-option", "plan", sample("chatbot"), "--samples", "0"));
        return cases;
    }

    private static Case c(String name, String... args) {
        return new Case(name, List.of(args), List.of());
    }

    private static Case withFile(Case c, String file) {
        List<String> files = new ArrayList<>(c.files());
        files.add(file);
        return new Case(c.name(), c.args(), files);
    }

    private static String resolve(String arg, String workflow) {
        if (arg.startsWith("{local:")) {
            return localCopy(arg.substring(7, arg.length() - 1));
        }
        if (arg.startsWith("{localdir:")) {
            String name = arg.substring(10, arg.indexOf('}'));
            return Path.of(localCopy(name)).getParent() + arg.substring(arg.indexOf('}') + 1);
        }
        if (arg.equals("{plan}")) {
            return plan(workflow);
        }
        return arg.replace("{tmp}", TMP.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outputIsAsBefore(Case c) throws IOException {
        String workflow = c.args().stream().filter(a -> a.endsWith("workflow.yaml") || a.startsWith("{local:"))
                .findFirst().map(a -> resolve(a, null)).orElse(null);
        String[] args = c.args().stream().map(a -> resolve(a, workflow)).toArray(String[]::new);
        CliRun r = CliRun.of(args);
        StringBuilder text = new StringBuilder();
        text.append("$ dagfuse ").append(String.join(" ", c.args())).append('\n');
        text.append("exit ").append(r.code()).append('\n');
        text.append("--- stdout\n").append(r.out());
        text.append("--- stderr\n").append(r.err());
        for (String f : c.files()) {
            text.append("--- file ").append(f).append('\n')
                    .append(Files.readString(TMP.resolve(f), StandardCharsets.UTF_8));
        }
        String actual = normalize(text.toString());
        Path golden = GOLDEN.resolve(c.name() + ".txt");
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
            return;
        }
        assertThat(golden).as("golden file (run with GOLDEN_UPDATE=1 to create it)").exists();
        String expected = Files.readString(golden, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            // for a plain diff against the golden file: diff -r src/test/resources/golden target/golden-actual
            Path out = Path.of("target/golden-actual").resolve(c.name() + ".txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, actual, StandardCharsets.UTF_8);
        }
        assertThat(actual).as(c.name()).isEqualTo(expected);
    }

    private static String normalize(String s) {
        s = s.replace(TMP.toString(), "{tmp}");
        for (Map.Entry<String, Path> e : PLANS.entrySet()) {
            s = s.replace(e.getValue().getFileName().toString(), "{plan}");
        }
        s = SOLVER_TIME.matcher(s).replaceAll("$1$2, {time}");
        s = WALL_MS.matcher(s).replaceAll("$1{ms}");
        s = COMPUTE_TIME.matcher(s).replaceAll("{time} to compute)");
        return s;
    }
}
