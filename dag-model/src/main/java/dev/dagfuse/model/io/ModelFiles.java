// SPDX-License-Identifier: Apache-2.0
package dev.dagfuse.model.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.dagfuse.model.InputException;
import dev.dagfuse.model.Plan;
import dev.dagfuse.model.Profile;
import dev.dagfuse.model.Ranges;
import dev.dagfuse.model.Workflow;
import dev.dagfuse.model.internal.Problems;
import dev.dagfuse.model.internal.spec.PlanSpec;
import dev.dagfuse.model.internal.spec.ProfileSpec;
import dev.dagfuse.model.internal.spec.WorkflowSpec;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the versioned files (Workflow, Profile, Plan) as YAML or JSON. Every problem becomes an
 * {@link InputException} naming the file, the YAML path, the bad value and what would be valid.
 */
public final class ModelFiles {

    public static final String API_VERSION = "dagfuse/v1";

    /** The kinds of file dagfuse reads. */
    public enum Kind { Workflow, Profile, Plan, Baseline }

    /** Where a YAML problem is, as the YAML reader words it: the last one in its message is the problem's own. */
    private static final Pattern PROBLEM_MARK = Pattern.compile("line (\\d+), column (\\d+)");
    /** The text of files that can be read once only (pipes), by absolute path: see {@link #readText(Path, long)}. */
    private static final Map<String, String> READ_ONCE = new ConcurrentHashMap<>();

    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // the size is checked before parsing (Ranges.MAX_FILE_BYTES); the reader's own 3 MB default made
                    // dagfuse write profiles it could not read back
                    .loaderOptions(loaderOptions()).build())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A string such as "0.0090" must stay a string, not be read back as the number 0.009.
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());
    private static final ObjectMapper JSON = configure(JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addModule(nonFiniteAsNull())
            .build());

    private ModelFiles() {
    }

    /** JSON has no NaN or Infinity: they are written as null (a run without a successful request has no P95). */
    private static SimpleModule nonFiniteAsNull() {
        JsonSerializer<Double> serializer = new StdSerializer<>(Double.class) {
            @Override
            public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                if (value.isNaN() || value.isInfinite()) {
                    gen.writeNull();
                } else {
                    gen.writeNumber(value);
                }
            }
        };
        SimpleModule module = new SimpleModule("dagfuse-non-finite-as-null");
        module.addSerializer(Double.class, serializer);
        module.addSerializer(double.class, serializer);
        return module;
    }

    private static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) Ranges.MAX_FILE_BYTES);
        return options;
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

    /** Reads a file's text (UTF-8, at most {@link Ranges#MAX_FILE_BYTES}), for parsing, hashing or copying. */
    public static String readText(Path file) {
        return readText(file, Ranges.MAX_FILE_BYTES);
    }

    /**
     * Reads a file's text, UTF-8, of at most {@code maxBytes}: the size is checked before reading (so that
     * {@code /dev/zero} or a huge file is refused at once, not with an OutOfMemoryError). A pipe or other file that is
     * not a regular one ({@code <(cat wf.yaml)}) can be read only once, so its text is kept for the rest of the process:
     * commands read some files twice (its kind, then its content).
     */
    public static String readText(Path file, long maxBytes) {
        boolean regular = Files.isRegularFile(file);
        String key = file.toAbsolutePath().normalize().toString();
        if (!regular) {
            String once = READ_ONCE.get(key);
            if (once != null) {
                return once;
            }
        }
        byte[] bytes;
        try {
            if (regular && Files.size(file) > maxBytes) {
                throw tooLarge(file, maxBytes);
            }
            if (Files.isDirectory(file)) {
                throw new InputException(file.toString(), "", "The path is a directory, not a file.");
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, maxBytes + 1));
            }
            if (bytes.length > maxBytes) {
                throw tooLarge(file, maxBytes);
            }
        } catch (NoSuchFileException e) {
            throw new InputException(file.toString(), "", "The file does not exist.");
        } catch (AccessDeniedException e) {
            throw new InputException(file.toString(), "", "Cannot read the file: permission denied.");
        } catch (IOException | UncheckedIOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage();
            throw new InputException(file.toString(), "", "Cannot read the file: " + reason + ".");
        }
        String text = utf8(file, bytes);
        if (!regular) {
            READ_ONCE.put(key, text);
        }
        return text;
    }

    private static InputException tooLarge(Path file, long maxBytes) {
        return new InputException(file.toString(), "", "The file is larger than " + maxBytes / (1024 * 1024)
                + " MiB, more than dagfuse reads. Is it the right file?");
    }

    /** Strict UTF-8: a binary file is named as such, with the offset of its first byte that is not text. */
    private static String utf8(Path file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InputException(file.toString(), "", String.format(Locale.ROOT, "The file is not UTF-8 text: the "
                    + "byte 0x%02X at offset %d is not part of a character. Maybe a binary file, or another encoding "
                    + "(save it as UTF-8).", bytes[in.position()], in.position()));
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new InputException(file.toString(), "", "The file holds a NUL character (offset " + nul + "): it is a "
                    + "binary file, not YAML or JSON.");
        }
        return text;
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
        ObjectMapper mapper = mapperFor(file);
        if (mapper == YAML) {
            checkWords(text, problems);
        }
        try (JsonParser parser = mapper.getFactory().createParser(text)) {
            JsonParser p = parser instanceof YAMLParser yaml ? new NoAliases(yaml, problems.file()) : parser;
            JsonNode tree = mapper.readTree(p);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new InputException(problems.file(), "", "The file is empty. It should start with apiVersion: "
                        + API_VERSION + " and a kind.");
            }
            if (!tree.isObject()) {
                throw new InputException(problems.file(), "", "The file holds a " + tree.getNodeType().toString()
                        .toLowerCase(Locale.ROOT) + ", not a mapping. It should start with apiVersion: " + API_VERSION + ".");
            }
            if (p.nextToken() != null) {
                JsonLocation at = p.currentTokenLocation();
                throw new InputException(problems.file(), "", "The file holds a second document (line " + at.getLineNr()
                        + "); dagfuse reads one per file. Put it in a file of its own, or remove the ---.");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new InputException(problems.file(), pathOf(e), syntaxMessage(e));
        } catch (IOException e) {
            throw new InputException(problems.file(), "", "Cannot read the file: " + e.getMessage());
        }
    }

    /**
     * Refuses a YAML text with a run of more than {@link Ranges#MAX_WORD_CHARS} characters without a space before
     * parsing it: the YAML reader takes time quadratic in such a scalar's length (a 1 MB description: seconds and
     * gigabytes; larger ones, minutes). Nothing dagfuse reads needs such a word.
     */
    private static void checkWords(String text, Problems problems) {
        int line = 1;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                run = 0;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == ',') {
                run = 0;
            } else if (++run > Ranges.MAX_WORD_CHARS) {
                throw new InputException(problems.file(), "", "Line " + line + " holds more than " + Ranges.MAX_WORD_CHARS
                        + " characters without a space; dagfuse reads at most that many in one value. Is it the right "
                        + "file?");
            }
        }
    }

    /**
     * A YAML parser that refuses aliases: Jackson reads {@code *m} as the text "m", so a valid document would read as
     * "The value (m) is not a whole number". Anchors alone are harmless.
     */
    private static final class NoAliases extends JsonParserDelegate {
        private final YAMLParser yaml;
        private final String file;

        NoAliases(YAMLParser yaml, String file) {
            super(yaml);
            this.yaml = yaml;
            this.file = file;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (t != null && yaml.isCurrentAlias()) {
                JsonLocation at = yaml.currentTokenLocation();
                throw new InputException(file, pathOf(yaml), "The value is the YAML alias *" + yaml.getText() + " (line "
                        + at.getLineNr() + "); dagfuse does not resolve anchors and aliases. Write the value out.");
            }
            return t;
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
        // the YAML reader's own message names the problem's line last (Jackson's location is the context's, which
        // for a tab is the line before)
        Matcher mark = e.getCause() == null || e.getCause().getMessage() == null ? null
                : PROBLEM_MARK.matcher(e.getCause().getMessage());
        int line = -1;
        int column = -1;
        while (mark != null && mark.find()) {
            line = Integer.parseInt(mark.group(1));
            column = Integer.parseInt(mark.group(2));
        }
        JsonLocation loc = e.getLocation();
        if (line < 0 && loc != null && loc.getLineNr() > 0) {
            line = loc.getLineNr();
            column = loc.getColumnNr();
        }
        if (message.contains("(Do not use \\t(TAB) for indentation)") || message.contains("found character '\\t(TAB)'")
                || e.getCause() != null && String.valueOf(e.getCause().getMessage()).contains("\\t(TAB)")) {
            message = "The file is not valid YAML: a tab indents line " + line + "; YAML indents with spaces only.";
        }
        if (line > 0) {
            message += " (line " + line + ", column " + column + ")";
        }
        return message;
    }

    // functions.extract.fanOut, or groups[2].memoryMB, from Jackson's reference chain or the parser's context.
    private static String pathOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            StringBuilder path = new StringBuilder();
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
            return path.toString();
        }
        return e.getProcessor() instanceof JsonParser p ? pathOf(p) : "";
    }

    private static String pathOf(JsonParser p) {
        StringBuilder path = new StringBuilder();
        if (p.getParsingContext() == null) {
            return "";
        }
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
