package dev.dagfuse.model.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.internal.Problems;
import dev.dagfuse.model.internal.spec.PlanSpec;
import dev.dagfuse.model.internal.spec.ProfileSpec;
import dev.dagfuse.model.internal.spec.WorkflowSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the versioned files (Workflow, Profile, Plan) as YAML or JSON. Every problem becomes an
 * {@link InputException} naming the file, the YAML path, the bad value and what would be valid.
 */
public final class ModelFiles {

    public static final String API_VERSION = "dagfuse/v1";

    /** The kinds of file dagfuse reads. */
    public enum Kind { Workflow, Profile, Plan, Baseline }

    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A string such as "0.0090" must stay a string, not be read back as the number 0.009.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build());

    private ModelFiles() {
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, true);
    }

    public static Workflow readWorkflow(Path file) {
        Problems problems = new Problems(file.toString());
        WorkflowSpec spec = read(file, Kind.Workflow, WorkflowSpec.class, problems);
        Path dir = file.toAbsolutePath().getParent();
        return spec.toDomain(problems, dir);
    }

    /** Reads a profile; with a workflow, also checks that every profiled function exists in it. */
    public static Profile readProfile(Path file, Workflow workflow) {
        Problems problems = new Problems(file.toString());
        return read(file, Kind.Profile, ProfileSpec.class, problems).toDomain(problems, workflow);
    }

    /** Reads a plan; with a workflow, also validates it against that workflow (see {@link PlanValidator}). */
    public static Plan readPlan(Path file, Workflow workflow) {
        Problems problems = new Problems(file.toString());
        Plan plan = read(file, Kind.Plan, PlanSpec.class, problems).toDomain(problems);
        if (workflow != null) {
            PlanValidator.validate(plan, workflow, problems);
            problems.throwIfAny();
        }
        return plan;
    }

    /** The {@code kind} of a file, read without validating the rest. */
    public static Kind kindOf(Path file) {
        Problems problems = new Problems(file.toString());
        JsonNode tree = readTree(file, problems);
        return checkHeader(tree, null, problems);
    }

    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toYaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    public static String planToJson(Plan plan) {
        return toJson(PlanSpec.of(plan));
    }

    public static String planToYaml(Plan plan) {
        return toYaml(PlanSpec.of(plan));
    }

    public static String profileToYaml(Profile profile) {
        return toYaml(ProfileSpec.of(profile));
    }

    /** Writes a plan as JSON, or as YAML when the file name ends in .yaml or .yml; atomically. */
    public static void writePlan(Plan plan, Path file) {
        writeAtomically(file, isYaml(file) ? planToYaml(plan) : planToJson(plan));
    }

    public static void writeProfile(Profile profile, Path file) {
        writeAtomically(file, isYaml(file) || !file.toString().endsWith(".json") ? profileToYaml(profile)
                : toJson(ProfileSpec.of(profile)));
    }

    public static boolean isYaml(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** Writes text whole or not at all, through links, keeping an existing file's mode: {@link OutputFiles#write}. */
    public static void writeAtomically(Path file, String content) {
        OutputFiles.write(file, content);
    }

    /** Reads a file's text, for hashing or copying. */
    public static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file.toString(), "", "The file does not exist.");
        } catch (IOException e) {
            throw new InputException(file.toString(), "", "Cannot read the file: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new InputException(file.toString(), "", "Cannot read the file: " + e.getMessage());
        }
    }

    /** Binds an already-read tree of the given kind, e.g. a plan embedded in a baseline file. */
    public static Plan planFromTree(JsonNode tree, String file) {
        Problems problems = new Problems(file);
        return bind(tree, PlanSpec.class, problems).toDomain(problems);
    }

    /** The mapper for a file, chosen by its extension (JSON for .json, YAML otherwise). */
    public static ObjectMapper mapperFor(Path file) {
        return file.toString().toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }

    private static <T> T read(Path file, Kind kind, Class<T> type, Problems problems) {
        JsonNode tree = readTree(file, problems);
        checkHeader(tree, kind, problems);
        return bind(tree, type, problems);
    }

    private static JsonNode readTree(Path file, Problems problems) {
        String text = readText(file);
        try {
            JsonNode tree = mapperFor(file).readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new InputException(problems.file(), "", "The file is empty. It should start with apiVersion: "
                        + API_VERSION + " and a kind.");
            }
            if (!tree.isObject()) {
                throw new InputException(problems.file(), "", "The file holds a " + tree.getNodeType().toString()
                        .toLowerCase(Locale.ROOT) + ", not a mapping. It should start with apiVersion: " + API_VERSION + ".");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InputException(problems.file(), pathOf(e), syntaxMessage(e));
        }
    }

    private static Kind checkHeader(JsonNode tree, Kind expected, Problems problems) {
        JsonNode api = tree.get("apiVersion");
        JsonNode kind = tree.get("kind");
        if (api == null || !api.isTextual()) {
            problems.add("apiVersion", "The file has no apiVersion. Add apiVersion: " + API_VERSION + " as its first line.");
        } else if (!API_VERSION.equals(api.asText())) {
            problems.add("apiVersion", "The apiVersion (" + api.asText() + ") is not supported. Valid: " + API_VERSION + ".");
        }
        Kind found = null;
        if (kind == null || !kind.isTextual()) {
            problems.add("kind", "The file has no kind. Add kind: " + (expected == null ? "Workflow, Profile or Plan" : expected)
                    + ".");
        } else {
            for (Kind k : Kind.values()) {
                if (k.name().equals(kind.asText())) {
                    found = k;
                }
            }
            if (found == null || (expected != null && found != expected)) {
                problems.add("kind", "The kind (" + kind.asText() + ") is not valid here. Expected: "
                        + (expected == null ? "Workflow, Profile or Plan" : expected) + ".");
            }
        }
        problems.throwIfAny();
        return found;
    }

    private static <T> T bind(JsonNode tree, Class<T> type, Problems problems) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = new ArrayList<>();
            Collection<Object> ids = e.getKnownPropertyIds();
            if (ids != null) {
                ids.forEach(id -> known.add(String.valueOf(id)));
            }
            known.sort(Comparator.naturalOrder());
            String guess = closest(e.getPropertyName(), known);
            throw new InputException(problems.file(), pathOf(e), "The key (" + e.getPropertyName() + ") is not known here."
                    + (guess == null ? "" : " Maybe " + guess + "?") + " Valid keys: " + String.join(", ", known) + ".");
        } catch (InvalidFormatException e) {
            throw new InputException(problems.file(), pathOf(e), "The value (" + e.getValue() + ") is not "
                    + describe(e.getTargetType()) + ".");
        } catch (MismatchedInputException e) {
            throw new InputException(problems.file(), pathOf(e), "The value is not " + describe(e.getTargetType())
                    + (e.getTargetType() == null ? " (" + firstLine(e.getOriginalMessage()) + ")" : "") + ".");
        } catch (JsonProcessingException e) {
            throw new InputException(problems.file(), pathOf(e), firstLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            throw new InputException(problems.file(), "", firstLine(e.getMessage()));
        }
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "of the expected type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (java.util.List.class.isAssignableFrom(type)) {
            return "a list, e.g. [a, b]";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping of keys to values";
        }
        return "a " + type.getSimpleName();
    }

    private static String syntaxMessage(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        if (message.startsWith("Duplicate field")) {
            message = "The key " + message.substring("Duplicate field ".length()) + " appears twice; keep one.";
        } else {
            message = "The file is not valid " + (e.getProcessor() instanceof JsonParser p
                    && p.getClass().getSimpleName().startsWith("YAML") ? "YAML" : "YAML/JSON") + ": " + message;
        }
        JsonLocation loc = e.getLocation();
        if (loc != null && loc.getLineNr() > 0) {
            message += " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
        }
        return message;
    }

    // functions.extract.fanOut, or groups[2].memoryMB, from Jackson's reference chain or the parser's context.
    private static String pathOf(JsonProcessingException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException m) {
            for (JsonMappingException.Reference ref : m.getPath()) {
                if (ref.getFieldName() != null) {
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
        } else if (e.getProcessor() instanceof JsonParser p && p.getParsingContext() != null) {
            String pointer = p.getParsingContext().pathAsPointer().toString();
            for (String segment : pointer.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                if (segment.matches("\\d+") && path.length() > 0) {
                    path.append('[').append(segment).append(']');
                } else {
                    if (path.length() > 0) {
                        path.append('.');
                    }
                    path.append(segment.replace("~1", "/").replace("~0", "~"));
                }
            }
        }
        return path.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).trim();
    }

    private static String closest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= Math.max(2, word.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
