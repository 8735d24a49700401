package dev.provenant.recorder.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.provenant.recorder.client.CliException;
import dev.provenant.recorder.compare.Tolerances;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A pipeline file: a DAG of steps, parsed strictly (an unknown key is an error naming the key and
 * the closest valid one). Dependencies are the union of {@code depends_on} and "this step reads
 * what that step writes". The format is documented in docs/pipelines.md with a JSON Schema.
 *
 * <pre>
 * name: churn
 * steps:
 *   - name: prepare
 *     command: [python3, prepare.py]
 *     code: [prepare.py, lib/]      # the step's code (files, directories, globs); default below
 *     inputs: [data/raw.csv]
 *     outputs: [data/train.csv]
 *     params: {seed: 7}
 *     metrics: metrics.json         # default metrics.json
 *     retries: 2                    # extra attempts after a failure, with backoff (default 0)
 *     depends_on: [ingest]          # optional
 *     tolerances:                   # how a replay of this step compares (default: bit for bit)
 *       metrics: {rmse: {rel: 1e-9}}
 *     trace: true                   # record every file it reads; undeclared reads join its cache key
 * </pre>
 *
 * <p>A step's code is what its cache key and its replays cover: the {@code code:} entries when
 * given, else the files named in its command plus, for Python scripts, the local modules they
 * import (transitively). Editing one step's code re-runs that step and, through their inputs, its
 * dependents only.
 */
public record PipelineSpec(String name, List<Step> steps) {

    /** One step. */
    public record Step(
            String name,
            List<String> command,
            List<String> code,
            List<String> inputs,
            List<String> outputs,
            Map<String, String> params,
            String metrics,
            int retries,
            Set<String> dependsOn,
            Tolerances tolerances,
            boolean trace) {}

    /** The file as written; every key listed here is the whole vocabulary. */
    record FileSpec(
            @JsonProperty("name") String name,
            @JsonProperty(value = "steps", required = true) List<StepSpecYaml> steps) {}

    record StepSpecYaml(
            @JsonProperty(value = "name", required = true) String name,

            @JsonProperty(value = "command", required = true)
            List<String> command,

            @JsonProperty("code") List<String> code,
            @JsonProperty("inputs") List<String> inputs,
            @JsonProperty("outputs") List<String> outputs,
            @JsonProperty("params") Map<String, String> params,
            @JsonProperty("metrics") String metrics,
            @JsonProperty("retries") Integer retries,
            @JsonProperty("depends_on") List<String> dependsOn,
            @JsonProperty("tolerances") Map<String, Object> tolerances,
            @JsonProperty("trace") Boolean trace) {}

    private static final ObjectMapper YAML = yamlMapper();
    static final List<String> ROOT_KEYS = List.of("name", "steps");
    static final List<String> STEP_KEYS = List.of(
            "name",
            "command",
            "code",
            "inputs",
            "outputs",
            "params",
            "metrics",
            "retries",
            "depends_on",
            "tolerances",
            "trace");

    /** Refuses a key that is not in {@code valid}, naming it, where it is, and the closest valid key. */
    private static void checkKeys(
            com.fasterxml.jackson.databind.JsonNode node, List<String> valid, String at, Path file) {
        if (!node.isObject()) {
            if (at.isEmpty()) {
                throw new CliException(2, "pipeline " + file + ": expected a mapping with 'name' and 'steps'");
            }
            throw new CliException(
                    2, "pipeline " + file + " at " + at + ": a step must be a mapping (name:, command:, ...)");
        }
        var names = node.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            if (!valid.contains(key)) {
                String closest = closest(key, valid);
                throw new CliException(
                        2,
                        "pipeline " + file + (at.isEmpty() ? "" : " at " + at) + ": unknown key '" + key + "'"
                                + (closest == null ? "" : " (did you mean '" + closest + "'?)")
                                + "; valid keys: "
                                + String.join(", ", valid.stream().sorted().toList()));
            }
        }
    }

    private static ObjectMapper yamlMapper() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(4 * 1024 * 1024);
        options.setAllowDuplicateKeys(false);
        YAMLFactory factory = YAMLFactory.builder().loaderOptions(options).build();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    public static PipelineSpec load(Path file) {
        FileSpec raw;
        try {
            com.fasterxml.jackson.databind.JsonNode tree = YAML.readTree(Files.newBufferedReader(file));
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                throw new CliException(2, "pipeline " + file + " is empty: it needs 'steps'");
            }
            checkKeys(tree, ROOT_KEYS, "", file);
            if (tree.path("steps").isArray()) {
                for (int i = 0; i < tree.path("steps").size(); i++) {
                    checkKeys(tree.path("steps").get(i), STEP_KEYS, "steps[" + i + "]", file);
                }
            }
            if (!tree.has("steps")) {
                throw new CliException(2, "pipeline " + file + ": 'steps' is required (a list of steps)");
            }
            raw = YAML.treeToValue(tree, FileSpec.class);
        } catch (NoSuchFileException e) {
            throw new CliException(1, "pipeline file " + file + " does not exist");
        } catch (UnrecognizedPropertyException e) {
            String closest = closest(e.getPropertyName(), names(e.getKnownPropertyIds()));
            throw new CliException(
                    2,
                    "pipeline " + file + " " + where(e) + ": unknown key '" + e.getPropertyName() + "'"
                            + (closest == null ? "" : " (did you mean '" + closest + "'?)")
                            + "; valid keys: " + String.join(", ", names(e.getKnownPropertyIds())));
        } catch (MismatchedInputException e) {
            Class<?> target = e.getTargetType();
            String what = target != null && Collection.class.isAssignableFrom(target)
                    ? "must be a list, e.g. [python3, train.py] or one item per line starting with '- '"
                    : target != null && Map.class.isAssignableFrom(target)
                            ? "must be a mapping of names to values, e.g. {seed: 7}"
                            : e.getOriginalMessage().replaceAll("\\s+", " ");
            throw new CliException(2, "pipeline " + file + " " + where(e) + ": " + what);
        } catch (JsonProcessingException e) {
            throw new CliException(2, "pipeline " + file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CliException(1, "cannot read pipeline " + file + ": " + e.getMessage());
        }
        if (raw == null) {
            throw new CliException(2, "pipeline " + file + " is empty: it needs 'steps'");
        }
        return build(raw, file);
    }

    private static PipelineSpec build(FileSpec raw, Path file) {
        String name = raw.name() == null || raw.name().isBlank()
                ? file.getFileName().toString().replaceFirst("\\.ya?ml$", "")
                : raw.name();
        if (raw.steps() == null || raw.steps().isEmpty()) {
            throw new CliException(2, "pipeline " + file + ": 'steps' must be a non-empty list");
        }
        List<Step> steps = new ArrayList<>();
        Map<String, String> producer = new HashMap<>();
        for (StepSpecYaml s : raw.steps()) {
            Step step = step(s, file);
            if (steps.stream().anyMatch(x -> x.name().equals(step.name()))) {
                throw new CliException(2, "pipeline " + file + ": two steps are named '" + step.name() + "'");
            }
            for (String out : step.outputs()) {
                String other = producer.put(out, step.name());
                if (other != null) {
                    throw new CliException(
                            2, "output '" + out + "' is written by both '" + other + "' and '" + step.name() + "'");
                }
            }
            steps.add(step);
        }
        Set<String> names = new LinkedHashSet<>();
        steps.forEach(s -> names.add(s.name()));
        List<Step> resolved = new ArrayList<>();
        for (Step s : steps) {
            resolved.add(withDependencies(s, producer, names));
        }
        PipelineSpec spec = new PipelineSpec(name, resolved);
        spec.order(); // rejects cycles
        return spec;
    }

    /** One step as written in the file, checked on its own (its dependencies are resolved later). */
    private static Step step(StepSpecYaml s, Path file) {
        if (s == null || s.name() == null || s.name().isBlank()) {
            throw new CliException(2, "pipeline " + file + ": a step has no 'name'");
        }
        String stepName = s.name();
        if (s.command() == null || s.command().isEmpty()) {
            throw new CliException(2, "step '" + stepName + "': 'command' is required (a list of arguments)");
        }
        int retries = s.retries() == null ? 0 : s.retries();
        if (retries < 0 || retries > 10) {
            throw new CliException(2, "step '" + stepName + "': retries must be between 0 and 10");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (s.params() != null) {
            s.params().forEach((k, v) -> {
                if (v == null) {
                    throw new CliException(2, "step '" + stepName + "': parameter '" + k + "' has no value");
                }
                params.put(k, v);
            });
        }
        Tolerances tolerances;
        try {
            tolerances = Tolerances.fromMap(s.tolerances());
        } catch (IllegalArgumentException e) {
            throw new CliException(2, "step '" + stepName + "': " + e.getMessage());
        }
        return new Step(
                stepName,
                List.copyOf(s.command()),
                list(s.code()),
                list(s.inputs()),
                list(s.outputs()),
                params,
                s.metrics() == null ? "metrics.json" : s.metrics(),
                retries,
                new LinkedHashSet<>(list(s.dependsOn())),
                tolerances,
                Boolean.TRUE.equals(s.trace()));
    }

    /**
     * {@code s} depending on its declared {@code dependsOn} and on the steps that write its inputs
     * ({@code producer}: output path to step); throws when a dependency names no step in {@code names}.
     */
    private static Step withDependencies(Step s, Map<String, String> producer, Set<String> names) {
        Set<String> deps = new LinkedHashSet<>(s.dependsOn());
        for (String in : s.inputs()) {
            String p = producer.get(in);
            if (p != null && !p.equals(s.name())) {
                deps.add(p);
            }
        }
        for (String d : deps) {
            if (!names.contains(d)) {
                String closest = closest(d, names);
                throw new CliException(
                        2,
                        "step '" + s.name() + "' depends on unknown step '" + d + "'"
                                + (closest == null ? "" : " (did you mean '" + closest + "'?)"));
            }
        }
        return new Step(
                s.name(),
                s.command(),
                s.code(),
                s.inputs(),
                s.outputs(),
                s.params(),
                s.metrics(),
                s.retries(),
                deps,
                s.tolerances(),
                s.trace());
    }

    /** Steps in an order where every step comes after its dependencies; throws on a cycle. */
    public List<Step> order() {
        List<Step> ordered = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        List<Step> pending = new ArrayList<>(steps);
        while (!pending.isEmpty()) {
            Step next = pending.stream()
                    .filter(s -> done.containsAll(s.dependsOn()))
                    .findFirst()
                    .orElseThrow(() -> new CliException(
                            2,
                            "pipeline '" + name + "' has a dependency cycle among "
                                    + pending.stream().map(Step::name).toList()));
            ordered.add(next);
            done.add(next.name());
            pending.remove(next);
        }
        return ordered;
    }

    private static List<String> list(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }

    /** Where in the file a mapping error is: {@code steps[1].retries}, with the line. */
    private static String where(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(r.getFieldName());
            }
        }
        String line =
                e.getLocation() == null ? "" : " (near line " + e.getLocation().getLineNr() + ")";
        return (path.isEmpty() ? "" : "at " + path) + line;
    }

    private static List<String> names(Collection<Object> ids) {
        return ids.stream().map(String::valueOf).sorted().toList();
    }

    /** The candidate nearest to {@code key} by edit distance, if near enough to be a typo. */
    static String closest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), c.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? best : null;
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
